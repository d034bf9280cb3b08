using System.CommandLine;
using Classroom.Cli;

var root = new RootCommand("Smart Classroom Assistant: finds the student in a classroom video by face and reports their record.");
foreach (var command in CommandRegistry.Commands())
{
    root.Subcommands.Add(command);
}

try
{
    return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
}
finally
{
    CliHost.FlushLogs();
}
