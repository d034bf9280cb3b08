using System.Collections.Concurrent;
using System.Diagnostics;
using Classroom.FunctionApp.Tests;
using Microsoft.Extensions.Configuration;

namespace Classroom.HostConformance.Tests;

/// <summary>azcopy from npm (<c>@azure-tools/azcopy-linux</c>, installed by the set-up), as users upload: one run, bounded.</summary>
public static class Azcopy
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string Path => System.IO.Path.Combine(RepoPaths.NodeModules, "@azure-tools", "azcopy-linux", "dist", "bin", "azcopy_linux_amd64");

    /// <summary><c>azcopy copy SOURCE DESTINATION [--recursive] --from-to LocalBlob --overwrite true</c>; its logs and job plans in a temp folder, deleted after.</summary>
    public static void Copy(string source, Uri destination, bool recursive)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var state = Directory.CreateTempSubdirectory("classroom-azcopy-state-");
        try
        {
            var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true };
            List<string> arguments = ["copy", source, destination.AbsoluteUri, "--from-to", "LocalBlob", "--overwrite", "true", "--log-level", "ERROR"];
            if (recursive)
            {
                arguments.Add("--recursive");
            }

            arguments.ForEach(start.ArgumentList.Add);
            start.Environment["AZCOPY_LOG_LOCATION"] = state.FullName;
            start.Environment["AZCOPY_JOB_PLAN_LOCATION"] = state.FullName;
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new TimeoutException($"azcopy did not finish within {Timeout.TotalMinutes} min: {stdout.Result} {stderr.Result}");
            }

            Assert.True(process.ExitCode == 0, $"azcopy exited {process.ExitCode}: {stdout.Result} {stderr.Result}");
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }
}

/// <summary>
/// <c>classroom events --watch --webhook URL --interval S</c> running beside the host, as in the documented local loop: the
/// event bridge that posts the BlobCreated events Azurite does not emit. Its output lines are kept; dispose stops it.
/// </summary>
public sealed class EventsWatcher : IDisposable
{
    /// <summary>How often the bridge lists the input container here (the CLI's default is 2 s; shorter keeps the test short).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly Process process;
    private readonly string work = Directory.CreateTempSubdirectory("classroom-events-").FullName; // no local.settings.json here
    private readonly ConcurrentQueue<string> lines = new();
    private readonly ConcurrentQueue<string> errors = new();

    public EventsWatcher(IConfiguration settings, Uri webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var seconds = Interval.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        process = new Process { StartInfo = ConformanceScenario.Cli(settings, work, ["events", "--watch", "--webhook", webhook.AbsoluteUri, "--interval", seconds]) };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { errors.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The blob names the bridge posted a BlobCreated event for, one per event, in order (its lines <c>HH:mm:ss BlobCreated NAME (…)</c>).</summary>
    public IReadOnlyList<string> Posted =>
        [.. lines.Select(l => l.Split(' ')).Where(w => w.Length > 2 && TimeOnly.TryParseExact(w[0], "HH:mm:ss", out _) && w[1] == "BlobCreated").Select(w => w[2])];

    /// <summary>Everything it printed (stdout, then stderr), for a failure's message.</summary>
    public string Output => string.Join('\n', lines.Concat(errors));

    /// <summary>Waits until the bridge has said it is watching (its first line), so what is uploaded after is new to it.</summary>
    public async Task WaitUntilWatchingAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!lines.Any(l => l.StartsWith("posting BlobCreated events", StringComparison.Ordinal)))
        {
            if (process.HasExited || deadline.Elapsed > timeout)
            {
                throw new InvalidOperationException($"classroom events did not start watching (exited: {process.HasExited}): {Output}");
            }

            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true); // --watch runs until stopped
        }

        process.WaitForExit();
        process.Dispose();
        Directory.Delete(work, recursive: true);
    }
}
