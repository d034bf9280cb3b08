using System.Globalization;
using System.Text.Json;
using Classroom.Cli;
using Classroom.Cli.Commands;
using Classroom.Cli.Demo;

namespace Classroom.Benchmarks;

/// <summary>
/// <c>bench pipeline</c>'s whole-lecture figure: attendance (all mode) over a lecture-like video made from the original's
/// 8 clips (<see cref="LectureVideo"/>), each run a fresh CLI process: wall and CPU time, peak memory, and whether exactly
/// the 8 students were named.
/// </summary>
internal static class LectureBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task RunAsync(string cse546, string temp, int runs, bool hour, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Workloads.RepositoryRoot(), ".classroom", "bench");
        var lectures = new List<(string Name, string Path, double Minutes, int Runs, string Goal)>
        {
            ("10-minute 720p lecture", await LectureVideo.MakeAsync("ffmpeg", cse546, 10, folder, cancellationToken).ConfigureAwait(false), 10, runs, "goal <= 20000 ms"),
        };
        if (hour)
        {
            lectures.Add(("60-minute 720p lecture", await LectureVideo.MakeHourAsync("ffmpeg", cse546, folder, cancellationToken).ConfigureAwait(false), 60, 1, "goal <= 120000 ms"));
        }

        var expected = LectureVideo.Cast.Select(c => c.Student).Order(StringComparer.Ordinal).ToList();
        foreach (var (name, path, minutes, count, goal) in lectures)
        {
            var (wall, cpu, peak) = (new List<double>(), new List<double>(), 0L);
            for (var i = 0; i < count; i++)
            {
                var run = await ChildCli.RunAsync(["process", path, "--mode", "all", "--faces", Path.Combine(cse546, "encoding.dat"),
                    "--students", Path.Combine(cse546, "student_data.json"), "--out", Path.Combine(temp, "lecture"), "--json"], cancellationToken).ConfigureAwait(false);
                var named = Named(run.Stdout);
                var verdict = named.SequenceEqual(expected) ? "all 8 students, nobody else" : $"NAMED {string.Join(", ", named)} (want the 8 students)";
                Console.WriteLine(string.Create(Inv, $"  {name} run {i + 1}: {run.Milliseconds / 1000:F1} s, CPU {run.CpuMilliseconds / 1000:F1} s, peak RSS {run.PeakTreeRssKb / 1024} MB with its decoder, exit {run.ExitCode}: {verdict}"));
                wall.Add(run.Milliseconds);
                cpu.Add(run.CpuMilliseconds);
                peak = Math.Max(peak, run.PeakTreeRssKb);
            }

            Console.WriteLine(string.Create(Inv, $"{$"all mode (attendance) on a {name}, new CLI process ({goal})",-84} {Measure.Median(wall),9:F0} ms   ({minutes * 60_000 / Measure.Median(wall):F0}x real time)"));
            Console.WriteLine(string.Create(Inv, $"{"  its CPU time (user + system, incl. its decoder processes)",-84} {Measure.Median(cpu),9:F0} ms"));
            Console.WriteLine(string.Create(Inv, $"{"  peak RSS with its decoder processes",-84} {peak / 1024.0,9:F0} MB"));
        }
    }

    /// <summary>The names in the one JSON line of a single-video run, sorted.</summary>
    private static List<string> Named(string stdout)
    {
        var line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith('{'));
        if (line is null)
        {
            return [];
        }

        using var json = JsonDocument.Parse(line);
        return [.. json.RootElement.GetProperty("students").EnumerateArray().Select(s => s.GetProperty("name").GetString() ?? "").Order(StringComparer.Ordinal)];
    }
}
