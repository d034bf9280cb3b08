using System.Globalization;

namespace Classroom.Cli.Demo;

/// <summary>
/// A lecture-like video for attendance figures: the original's 8 clips one after another, each looped to an eighth of the
/// length, fitted to 1280×720 (letterboxed), 25 frames a second, H.264 with a keyframe every 2 s (what phones and lecture
/// capture tools write), no audio. Every student is on screen for a long stretch and nobody else is, so all mode must name
/// exactly the 8 of them.
/// </summary>
internal static class LectureVideo
{
    /// <summary>The clips in the order they appear, with the student each shows.</summary>
    public static readonly (string Clip, string Student)[] Cast =
    [
        ("test_0", "president_trump"), ("test_1", "president_biden"), ("test_2", "mr_bean"), ("test_4", "johnny_dep"),
        ("test_5", "vin_diesel"), ("test_6", "floki"), ("test_7", "morgan_freeman"), ("test_8", "president_obama"),
    ];

    /// <summary>Makes (once: kept in <paramref name="folder"/> by its length) and returns the path of a lecture of <paramref name="minutes"/>.</summary>
    public static async Task<string> MakeAsync(string ffmpeg, string cse546, double minutes, string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"lecture-{minutes:0.##}min-720p.mp4"));
        if (File.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(folder);
        var segment = (minutes * 60 / Cast.Length).ToString("0.###", CultureInfo.InvariantCulture);
        var arguments = new List<string>();
        foreach (var (clip, _) in Cast)
        {
            arguments.AddRange(["-stream_loop", "-1", "-t", segment, "-i", Path.Combine(cse546, "videos", clip + ".mp4")]);
        }

        var fit = string.Join(';', Cast.Select((_, i) =>
            $"[{i}:v]scale=1280:720:force_original_aspect_ratio=decrease,pad=1280:720:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=25,format=yuv420p[v{i}]"));
        var concat = string.Concat(Cast.Select((_, i) => $"[v{i}]")) + $"concat=n={Cast.Length}:v=1:a=0[out]";
        var partial = path + ".partial.mp4";
        arguments.AddRange(["-filter_complex", fit + ";" + concat, "-map", "[out]", "-an",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", partial]);
        await FfmpegTool.RunAsync(ffmpeg, arguments, cancellationToken).ConfigureAwait(false);
        File.Move(partial, path, overwrite: true);
        return path;
    }

    /// <summary>An hour-long lecture (once): the 10-minute one six times over, joined without re-encoding.</summary>
    public static async Task<string> MakeHourAsync(string ffmpeg, string cse546, string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, "lecture-60min-720p.mp4");
        if (File.Exists(path))
        {
            return path;
        }

        var ten = await MakeAsync(ffmpeg, cse546, 10, folder, cancellationToken).ConfigureAwait(false);
        var list = Path.Combine(folder, "lecture-60min.txt");
        await File.WriteAllLinesAsync(list, Enumerable.Repeat($"file '{Path.GetFileName(ten)}'", 6), cancellationToken).ConfigureAwait(false);
        var partial = path + ".partial.mp4";
        await FfmpegTool.RunAsync(ffmpeg, ["-f", "concat", "-safe", "0", "-i", list, "-c", "copy", partial], cancellationToken).ConfigureAwait(false);
        File.Move(partial, path, overwrite: true);
        File.Delete(list);
        return path;
    }
}
