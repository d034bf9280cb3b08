using System.CommandLine;
using Classroom.Cli;

var root = new RootCommand("Smart Classroom Assistant: finds the student in a classroom video by face and reports their record.");
foreach (var command in CommandRegistry.Commands())
{
    root.Subcommands.Add(command);
}

try
{
    // No command at all: the overview, as --help shows it.
    return await CliInvocation.RunAsync(root, args.Length == 0 ? ["--help"] : args).ConfigureAwait(false);
}
finally
{
    CliHost.FlushLogs();
}
