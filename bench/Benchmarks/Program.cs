using System.CommandLine;
using Classroom.Benchmarks;
using Classroom.Cli;

// `./classroom bench …` runs this program (the classroom script builds it): whole-process and in-process figures that print
// medians and ratios against their goals, and `micro`, the engine's stages under BenchmarkDotNet. Invoked as the CLI is
// (one-line errors, exit 2 for a bad invocation).
var root = new RootCommand("classroom bench: benchmarks that print medians")
{
    EngineCommand.Create(),
    PipelineCommand.Create(),
    RobustnessCommand.Create(),
    MicroCommand.Create(),
};
try
{
    return await CliInvocation.RunAsync(root, args.Length == 0 ? ["--help"] : args).ConfigureAwait(false);
}
finally
{
    CliHost.FlushLogs();
}
