using Classroom.Recognition.Processes;
using Classroom.Recognition.Video;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Classroom.Cli.Demo;

/// <summary>Runs the ffmpeg command-line tool for making sample videos (quiet, overwriting; a <see cref="ChildProcess"/>).</summary>
internal static class FfmpegTool
{
    private static readonly string[] Quiet = ["-hide_banner", "-nostdin", "-loglevel", "error", "-y"];

    /// <summary>The ffmpeg the settings name (Classroom:Video:FFmpegDirectory), else "ffmpeg" on PATH: for the demo and the benchmarks.</summary>
    public static string Configured(IServiceProvider services)
    {
        var folder = services.GetRequiredService<IOptions<VideoOptions>>().Value.FFmpegDirectory;
        return string.IsNullOrWhiteSpace(folder) ? "ffmpeg" : Path.Combine(folder, "ffmpeg");
    }

    public static async Task RunAsync(string ffmpeg, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        string[] all = [.. Quiet, .. arguments];
        await using var process = ChildProcess.Start(ffmpeg, all, cancellationToken: cancellationToken);
        await process.ReadOutputAsync(cancellationToken).ConfigureAwait(false);
        if (await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false) != 0)
        {
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', all)} failed: {string.Join(' ', process.ErrorLines)}");
        }
    }
}
