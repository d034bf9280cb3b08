using System.CommandLine;
using Classroom.Cli.Commands;

namespace Classroom.Cli;

/// <summary>
/// Every command group of the CLI, one file each under Commands/: add yours with one line. Groups of the same name
/// are merged (e.g. <c>faces FILE...</c> and <c>faces import</c>, <c>bench engine</c> and <c>bench pipeline</c>):
/// the first keeps its own arguments, options and action; the others contribute their subcommands.
/// </summary>
internal static class CommandRegistry
{
    public static IEnumerable<Command> Commands() => Merge(
    [
        ProcessCommand.Create(),
        EnrollCommand.Create(),
        StudentsCommand.Create(),
        FacesCommand.Create(),
        FacesRosterCommand.Create(),
        DemoCommand.Create(),
        BenchCommand.Create(),
        BenchPipelineCommand.Create(),
        BenchRobustnessCommand.Create(),
        StudentsPushCommand.Create(),
        StudentsForgetCommand.Create(),
        FacesPushCommand.Create(),
        UploadCommand.Create(),
        EventsCommand.Create(),
        .. FailuresCommand.Create(),
        Workload.WorkloadCommand.Create(),
    ]);

    private static List<Command> Merge(IEnumerable<Command> commands)
    {
        var merged = new List<Command>();
        foreach (var command in commands)
        {
            var existing = merged.Find(c => c.Name == command.Name);
            if (existing is null)
            {
                merged.Add(command);
                continue;
            }

            if (command.Arguments.Count > 0 || command.Options.Count > 0)
            {
                throw new InvalidOperationException($"Command group '{command.Name}' is registered twice with its own arguments or options; only subcommands merge.");
            }

            foreach (var sub in command.Subcommands.ToList())
            {
                existing.Subcommands.Add(sub);
            }
        }

        return merged;
    }
}
