using System.Diagnostics;
using System.Globalization;
using Classroom.Recognition.Pipeline;
using Classroom.Recognition.Video;
using Microsoft.Extensions.DependencyInjection;

namespace Classroom.FunctionApp;

/// <summary>
/// <c>dotnet Classroom.FunctionApp.dll --self-check VIDEO...</c>: runs the packaged pipeline (its ffmpeg, its
/// models, the configured stores) on local files without the Functions host and prints one JSON result per
/// line (and on stderr the decoder it got and each video's time) — the check that a deployment package is complete
/// before it is shipped. With <c>--job</c> each video goes through the function's job against the configured storage and
/// Cosmos DB instead (<see cref="SelfCheckJob"/>).
/// </summary>
public static class PackageSelfCheck
{
    public const string Switch = "--self-check";

    /// <summary>With <see cref="Switch"/>: each video through the function's job (upload, VideoBlobJob, result blob read back, both deleted): <see cref="SelfCheckJob"/>.</summary>
    public const string JobSwitch = "--job";

    /// <summary>Runs the check when <paramref name="args"/> asks for it; false when it does not (start the host).</summary>
    public static async Task<bool> TryRunAsync(IServiceProvider services, string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var at = Array.IndexOf(args, Switch);
        if (at < 0)
        {
            return false;
        }

        // After the switch: --job, and the videos. Anything else is a bad invocation (one line, exit 2).
        var rest = args.Skip(at + 1).ToList();
        var job = rest.Remove(JobSwitch);
        var videos = rest;
        var unknown = videos.FirstOrDefault(v => v.StartsWith("--", StringComparison.Ordinal));
        if (videos.Count == 0 || unknown is not null)
        {
            var usage = $"usage: Classroom.FunctionApp {Switch} [{JobSwitch}] VIDEO...";
            await Console.Error.WriteLineAsync(unknown is null ? usage : $"self-check: unknown option {unknown} ({usage})");
            Environment.ExitCode = 2;
            return true;
        }

        if (videos.FirstOrDefault(v => !File.Exists(v)) is { } missing)
        {
            await Console.Error.WriteLineAsync($"self-check: no such file: {missing}");
            Environment.ExitCode = 2;
            return true;
        }

        // Which decoder this host got: the packaged worker where it runs (built static, it needs nothing beyond glibc), else
        // the packaged ffmpeg per video.
        await Console.Error.WriteLineAsync($"video decoder: {services.GetRequiredService<IVideoFrameSource>().GetType().Name}");
        if (job)
        {
            await SelfCheckJob.RunAsync(services, videos);
            return true;
        }

        var processor = services.GetRequiredService<IVideoProcessor>();
        foreach (var video in videos)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await processor.ProcessAsync(video, RecognitionMode.First, CancellationToken.None);
            var elapsed = Stopwatch.GetElapsedTime(started);
            await Console.Out.WriteLineAsync(ResultJson.ToJson(result));
            // The first video also loads the models and the roster; the same video named again shows the warm figure.
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{video}: {result.Status.ToName()} in {elapsed.TotalMilliseconds:F0} ms"));
            if (result.Status == VideoStatus.Error)
            {
                Environment.ExitCode = 1;
            }
        }

        return true;
    }
}
