using System.Diagnostics;

namespace Classroom.Cli.Demo;

/// <summary>Runs the ffmpeg command-line tool for making sample videos (quiet, overwriting, argument list not a shell string).</summary>
internal static class FfmpegTool
{
    private static readonly string[] Quiet = ["-hide_banner", "-nostdin", "-loglevel", "error", "-y"];

    public static async Task RunAsync(string ffmpeg, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(ffmpeg) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var a in Quiet.Concat(arguments))
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{ffmpeg} did not start.");
        try
        {
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"ffmpeg {string.Join(' ', info.ArgumentList)} failed: {(await errors.ConfigureAwait(false)).Trim()}");
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }
}
