using System.Diagnostics;
using System.Globalization;

namespace Classroom.Cli.Commands;

/// <summary>Runs this CLI again as a child process (as a user would), timing it and sampling its peak RSS (VmHWM).</summary>
internal static class ChildCli
{
    public sealed record Run(int ExitCode, double Milliseconds, long PeakRssKb, string Stdout);

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
        while (!process.HasExited)
        {
            peak = Math.Max(peak, PeakRssKb(process.Id));
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        _ = await stderr.ConfigureAwait(false);
        return new Run(process.ExitCode, elapsed, peak, await stdout.ConfigureAwait(false));
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
