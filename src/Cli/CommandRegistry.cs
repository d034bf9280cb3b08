using System.CommandLine;
using Classroom.Cli.Commands;

namespace Classroom.Cli;

/// <summary>Every command group of the CLI, one file each under Commands/.</summary>
internal static class CommandRegistry
{
    public static IEnumerable<Command> Commands() =>
    [
        FacesCommand.Create(),
        BenchCommand.Create(),
    ];
}
