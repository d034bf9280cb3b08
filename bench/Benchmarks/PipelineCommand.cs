using System.CommandLine;

namespace Classroom.Benchmarks;

/// <summary><c>classroom bench pipeline</c>, merged into the <c>bench</c> group.</summary>
internal static class PipelineCommand
{
    public static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "Timed runs per latency figure after a warm-up", DefaultValueFactory = _ => 9 };
        var workloadRuns = new Option<int>("--workload-runs") { Description = "Runs of the 100-video workload (each a fresh CLI process)", DefaultValueFactory = _ => 3 };
        var lectureRuns = new Option<int>("--lecture-runs") { Description = "Runs of attendance over the 10-minute lecture (made once from ../shared/cse546; 0: skip)", DefaultValueFactory = _ => 3 };
        var hour = new Option<bool>("--hour") { Description = "Also one run over a 60-minute lecture" };
        var pipeline = new Command("pipeline", "Pipeline medians: warm per-clip latency (first mode, 2 s 1080p clip), 100-video workload wall time, cold start to first CSV, peak RSS, whole-lecture attendance")
        {
            runs, workloadRuns, lectureRuns, hour,
        };
        pipeline.SetAction((parse, ct) => PipelineBench.RunAsync(Math.Max(1, parse.GetValue(runs)), Math.Max(1, parse.GetValue(workloadRuns)),
            Math.Max(0, parse.GetValue(lectureRuns)), parse.GetValue(hour), ct));
        return pipeline;
    }
}
