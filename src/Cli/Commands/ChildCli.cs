using System.Diagnostics;
using System.Globalization;
using Classroom.Recognition.Processes;

namespace Classroom.Cli.Commands;

/// <summary>
/// Runs this CLI again as a child process (as a user would), timing it and sampling its peak RSS (VmHWM) and, with its
/// own children (decoder workers, ffmpeg), the peak of their summed resident sets and their CPU time.
/// </summary>
internal static class ChildCli
{
    /// <param name="PeakRssKb">The CLI process's own peak resident set (VmHWM).</param>
    /// <param name="PeakTreeRssKb">The peak, over 20 ms samples, of the resident sets of the CLI and its children summed.</param>
    /// <param name="CpuMilliseconds">CPU time (user + system) of the CLI and its children, last sampled before it exited.</param>
    public sealed record Run(int ExitCode, double Milliseconds, long PeakRssKb, long PeakTreeRssKb, double CpuMilliseconds, string Stdout);

    /// <summary>Linux clock ticks per second for /proc times (USER_HZ, 100 on every mainstream kernel).</summary>
    private const double TicksPerSecond = 100;

    public static async Task<Run> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        string[] arguments = Path.GetFileNameWithoutExtension(host) == "dotnet" ? [typeof(ChildCli).Assembly.Location, .. args] : [.. args];
        var watch = Stopwatch.StartNew();
        await using var process = ChildProcess.Start(host, arguments, cancellationToken: cancellationToken);
        var stdout = process.ReadOutputAsync(cancellationToken);
        long peak = 0, peakTree = 0;
        double cpu = 0;
        while (!process.HasExited)
        {
            var children = Children(process.Id);
            peak = Math.Max(peak, Status(process.Id, "VmHWM:"));
            peakTree = Math.Max(peakTree, Status(process.Id, "VmRSS:") + children.Sum(c => Status(c, "VmRSS:")));

            // A child's time is in its own stat while it runs and in the CLI's cutime/cstime once reaped.
            cpu = Math.Max(cpu, CpuMilliseconds(process.Id, withReaped: true) + children.Sum(c => CpuMilliseconds(c, withReaped: false)));
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        var exitCode = await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        return new Run(exitCode, elapsed, peak, Math.Max(peak, peakTree), cpu, await stdout.ConfigureAwait(false));
    }

    /// <summary>The direct children of a process (/proc/PID/task/*/children); none when unreadable.</summary>
    private static List<int> Children(int pid)
    {
        try
        {
            return [.. Directory.GetDirectories($"/proc/{pid}/task")
                .SelectMany(t => File.ReadAllText(Path.Combine(t, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(c => int.Parse(c, CultureInfo.InvariantCulture))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return [];
        }
    }

    /// <summary>utime + stime (+ cutime + cstime: reaped children) from /proc/PID/stat (fields 14–17), in ms; 0 when unreadable.</summary>
    private static double CpuMilliseconds(int pid, bool withReaped)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = Enumerable.Range(11, withReaped ? 4 : 2).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
            return ticks * 1000 / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    /// <summary>A kB figure of /proc/PID/status (VmHWM: the peak resident set, VmRSS: the current one); 0 when unreadable.</summary>
    private static long Status(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }

        return 0;
    }
}
