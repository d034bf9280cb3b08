using System.Diagnostics;
using System.Globalization;

namespace Classroom.Cli.Commands;

/// <summary>Runs this CLI again as a child process (as a user would), timing it and sampling its peak RSS (VmHWM).</summary>
internal static class ChildCli
{
    /// <param name="CpuMilliseconds">CPU time (user + system) of the CLI and its reaped children (ffmpeg), last sampled before it exited.</param>
    public sealed record Run(int ExitCode, double Milliseconds, long PeakRssKb, double CpuMilliseconds, string Stdout);

    /// <summary>Linux clock ticks per second for /proc times (USER_HZ, 100 on every mainstream kernel).</summary>
    private const double TicksPerSecond = 100;

    public static async Task<Run> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            info.ArgumentList.Add(typeof(ChildCli).Assembly.Location);
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("The CLI did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        long peak = 0;
        double cpu = 0;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, PeakRssKb(process.Id));
            cpu = Math.Max(cpu, CpuMilliseconds(process.Id));
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        _ = await stderr.ConfigureAwait(false);
        return new Run(process.ExitCode, elapsed, peak, cpu, await stdout.ConfigureAwait(false));
    }

    /// <summary>utime + stime + cutime + cstime from /proc/PID/stat (fields 14–17), in ms; 0 when unreadable.</summary>
    private static double CpuMilliseconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
            return ticks * 1000 / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    /// <summary>VmHWM ("high water mark", the peak resident set) from /proc; 0 when unreadable (e.g. already exited).</summary>
    private static long PeakRssKb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }

        return 0;
    }
}
