using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Classroom.Cli.Batch;
using Classroom.Cloud.Storage;

namespace Classroom.Cli.Workload;

/// <summary>One video's line in the report.</summary>
internal sealed record WorkloadEntry(WorkloadVideo Video, WatchedResult Watched, Grade Grade);

/// <summary>
/// The workload's figures: accuracy over the graded videos, each video's latency from its upload's completion to its
/// result being seen (nearest-rank p50/p95 and max; the poll interval bounds how late a result is seen), the wall time
/// from the first upload's start to the last result, and throughput over that wall time.
/// </summary>
internal sealed record WorkloadReport(
    string Target, string Prefix, IReadOnlyList<WorkloadEntry> Entries, TimeSpan Wall, TimeSpan Uploading, TimeSpan Poll, int? HostConcurrency, IReadOnlyList<string> Poisoned)
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public int Total => Entries.Count(e => e.Grade.Graded);

    public int Correct => Entries.Count(e => e.Grade.Correct);

    public int Missing => Entries.Count(e => e.Watched.Arrived is null);

    /// <summary>0 when every graded video is right and every video has a result other than an error; 1 otherwise.</summary>
    public int ExitCode => Correct == Total && Missing == 0 && Entries.All(e => e.Watched.Result.Status != "error") ? 0 : 1;

    public static double? Percentile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    private List<double> LatenciesMs() => [.. Entries.Where(e => e.Watched.Latency is not null).Select(e => e.Watched.Latency!.Value.TotalMilliseconds).Order()];

    public void WriteText(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var inv = CultureInfo.InvariantCulture;
        foreach (var entry in Entries.Where(e => e.Grade.Graded && !e.Grade.Correct))
        {
            output.WriteLine($"wrong: {TerminalText.Safe(entry.Video.Name)}: {TerminalText.Safe(entry.Grade.Reason ?? "")}");
        }

        foreach (var poison in Poisoned)
        {
            output.WriteLine($"poisoned: {TerminalText.Safe(poison)}");
        }

        var ungraded = Entries.Count - Total;
        output.WriteLine(Total > 0
            ? $"accuracy: {Correct}/{Total} correct{(ungraded > 0 ? $" ({ungraded} ungraded: no mapping entry or expected name)" : "")}"
            : $"accuracy: not graded (no --mapping, no manifest names)");
        var statuses = Entries.GroupBy(e => e.Watched.Result.Status ?? "no result").OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}");
        output.WriteLine($"results: {string.Join(", ", statuses)}");
        var latencies = LatenciesMs();
        if (latencies.Count > 0)
        {
            output.WriteLine(string.Create(inv,
                $"latency upload→result: p50 {Percentile(latencies, 0.50) / 1000:F2} s, p95 {Percentile(latencies, 0.95) / 1000:F2} s, max {latencies[^1] / 1000:F2} s (seen within {Poll.TotalSeconds:0.##} s)"));
        }

        var throughput = Entries.Count - Missing;
        output.WriteLine(string.Create(inv,
            $"wall: {Wall.TotalSeconds:F1} s for {Entries.Count} videos (uploads {Uploading.TotalSeconds:F1} s); throughput {throughput / Math.Max(Wall.TotalSeconds, 1e-3):F2} videos/s ({throughput * 60 / Math.Max(Wall.TotalSeconds, 1e-3):F0}/min)"));
    }

    public void WriteJson(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var latencies = LatenciesMs();
        var completed = Entries.Count - Missing;
        var body = new Dictionary<string, object?>
        {
            ["target"] = Target,
            ["prefix"] = Prefix,
            ["videos"] = Entries.Count,
            ["correct"] = Correct,
            ["total"] = Total,
            ["accuracy"] = Total > 0 ? Math.Round((double)Correct / Total, 4) : null,
            ["missing"] = Missing,
            ["latency_ms"] = latencies.Count == 0 ? null : new Dictionary<string, double?>
            {
                ["p50"] = Math.Round(Percentile(latencies, 0.50)!.Value), ["p95"] = Math.Round(Percentile(latencies, 0.95)!.Value), ["max"] = Math.Round(latencies[^1]),
            },
            ["poll_ms"] = Poll.TotalMilliseconds,
            ["wall_s"] = Math.Round(Wall.TotalSeconds, 2),
            ["upload_s"] = Math.Round(Uploading.TotalSeconds, 2),
            ["throughput_per_s"] = Math.Round(completed / Math.Max(Wall.TotalSeconds, 1e-3), 3),
            ["host_concurrency"] = HostConcurrency,
            ["statuses"] = Entries.GroupBy(e => e.Watched.Result.Status ?? "no_result").ToDictionary(g => g.Key, g => g.Count()),
            ["wrong"] = Entries.Where(e => e.Grade.Graded && !e.Grade.Correct).Select(e => new Dictionary<string, string?> { ["video"] = e.Video.Name, ["reason"] = e.Grade.Reason }).ToList(),
            ["poisoned"] = Poisoned,
        };
        output.WriteLine(JsonSerializer.Serialize(body, Json));
    }
}
