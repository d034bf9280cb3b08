using System.CommandLine;
using Classroom.Cli.Commands;

namespace Classroom.Cli;

/// <summary>
/// Every command group of the CLI, each declared whole in one file under Commands/ (its subcommands may live in files
/// of their own): add yours with one line. <c>classroom bench</c> is the benchmarks program (bench/Benchmarks), which the
/// classroom script runs.
/// </summary>
internal static class CommandRegistry
{
    public static IEnumerable<Command> Commands() =>
    [
        ProcessCommand.Create(),
        EnrollCommand.Create(),
        StudentsCommand.Create(),
        FacesCommand.Create(),
        DoctorCommand.Create(),
        DemoCommand.Create(),
        UploadCommand.Create(),
        EventsCommand.Create(),
        .. FailuresCommand.Create(),
        Workload.WorkloadCommand.Create(),
    ];
}
