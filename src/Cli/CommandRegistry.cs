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
        DoctorCommand.Create(),
        DemoCommand.Create(),
        BenchCommand.Create(),
        BenchPipelineCommand.Create(),
        BenchRobustnessCommand.Create(),
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
                command.Subcommands.Remove(sub);
                existing.Subcommands.Add(sub);
                WithOwnHelp(sub);
            }
        }

        return merged;
    }

    /// <summary>
    /// A moved subcommand keeps its first parent, the discarded group, where the root's recursive --help is not found
    /// (it was then taken for a file name): it and its own subcommands get --help of their own.
    /// </summary>
    private static void WithOwnHelp(Command command)
    {
        if (!command.Options.OfType<System.CommandLine.Help.HelpOption>().Any())
        {
            command.Options.Add(new System.CommandLine.Help.HelpOption());
        }

        foreach (var sub in command.Subcommands)
        {
            WithOwnHelp(sub);
        }
    }
}
