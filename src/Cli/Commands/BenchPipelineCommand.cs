using System.CommandLine;

namespace Classroom.Cli.Commands;

/// <summary><c>classroom bench pipeline</c>, merged into the <c>bench</c> group.</summary>
internal static class BenchPipelineCommand
{
    public static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "Timed runs per latency figure after a warm-up", DefaultValueFactory = _ => 9 };
        var workloadRuns = new Option<int>("--workload-runs") { Description = "Runs of the 100-video workload (each a fresh CLI process)", DefaultValueFactory = _ => 3 };
        var pipeline = new Command("pipeline", "Pipeline medians: warm per-clip latency (first mode, 2 s 1080p clip), 100-video workload wall time, cold start to first CSV, peak RSS")
        {
            runs, workloadRuns,
        };
        pipeline.SetAction((parse, ct) => PipelineBench.RunAsync(Math.Max(1, parse.GetValue(runs)), Math.Max(1, parse.GetValue(workloadRuns)), ct));
        return new Command("bench") { pipeline };
    }
}
