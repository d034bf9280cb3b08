using Classroom.Recognition.Tests.Support;

namespace Classroom.Cli.Tests.EndToEnd;

/// <summary>
/// The benchmarks program behind <c>./classroom bench</c> (bench/Benchmarks) answers as the CLI does: help on each command,
/// and a bad invocation as one line with exit 2 — checked on the built program, without running a benchmark.
/// </summary>
public sealed class BenchCommandTests
{
    [Theory]
    [InlineData("engine")]
    [InlineData("pipeline")]
    [InlineData("robustness")]
    [InlineData("micro")]
    public void Help_works_on_every_bench_command(string command)
    {
        var (exit, stdout, stderr) = Bench(command, "--help");

        Assert.True(exit == 0, $"bench {command} --help: exit {exit}: {stderr}");
        Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_option_is_one_line_and_exit_2()
    {
        var (exit, _, stderr) = Bench("robustness", "--source", "nowhere");

        Assert.Equal(2, exit);
        Assert.Contains("nowhere", stderr, StringComparison.Ordinal);
    }

    private static (int Exit, string Stdout, string Stderr) Bench(params string[] args) =>
        MediaFolder.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "classroom-bench.dll"), .. args], AppContext.BaseDirectory, new Dictionary<string, string?>());
}
