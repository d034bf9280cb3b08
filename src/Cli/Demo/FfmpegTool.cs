using Classroom.Recognition.Processes;

namespace Classroom.Cli.Demo;

/// <summary>Runs the ffmpeg command-line tool for making sample videos (quiet, overwriting; a <see cref="ChildProcess"/>).</summary>
internal static class FfmpegTool
{
    private static readonly string[] Quiet = ["-hide_banner", "-nostdin", "-loglevel", "error", "-y"];

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
