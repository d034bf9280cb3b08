using System.Globalization;

namespace Classroom.Cli.Demo;

/// <summary>The ways real classroom video differs from a clean clip (issue 9's degradation suite).</summary>
internal enum Degradation
{
    /// <summary>The recording starts half a second into the clip.</summary>
    LateStart,

    /// <summary>Scaled to 360 lines and encoded at a high CRF (a small phone upload).</summary>
    Low360p,

    /// <summary>VP9 in WebM at 80 kbit/s (a conferencing tool's recording).</summary>
    LowBitrateWebm,

    /// <summary>Left and right swapped (a front camera's preview recorded as is).</summary>
    Mirrored,

    /// <summary>Brightness down and a dark gamma: a dim lecture hall where a person still makes out the face.</summary>
    Dark,

    /// <summary>Pixels turned 90° clockwise with no rotation metadata (what some phones and upload tools produce).</summary>
    Sideways,

    /// <summary>One black second before the clip.</summary>
    BlackLeadIn,

    /// <summary>Two students side by side (processed in all mode: both must be named).</summary>
    TwoStudents,

    /// <summary>A student beside a stranger (a face nobody enrolled).</summary>
    BesideStranger,

    /// <summary>A crowd of strangers and no student: nobody may be named.</summary>
    Crowd,
}

/// <summary>A still face (a region of a photo) that plays a stranger.</summary>
internal sealed record Still(string Photo, Crop Region);

/// <summary>
/// Makes a degraded copy of a video with the ffmpeg command line: one filter chain per <see cref="Degradation"/>,
/// H.264 (or VP9) without audio. Inputs are read as files only (<c>-protocol_whitelist file</c>).
/// </summary>
internal static class Degradations
{
    /// <summary>Every frame of the suite's composed videos is this tall, so clips of different sizes stack.</summary>
    private const int StackHeight = 480;

    /// <summary>Each face of a crowd is a square of this side.</summary>
    private const int CrowdTile = 320;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly string[] H264 = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p"];

    /// <summary>The file name of a degraded copy: <c>stem.kind.mp4</c> (<c>.webm</c> for the VP9 kind).</summary>
    public static string FileName(Degradation kind, string stem) =>
        $"{stem}.{Slug(kind)}.{(kind == Degradation.LowBitrateWebm ? "webm" : "mp4")}";

    /// <summary>The kind's name in file names and reports (kebab case).</summary>
    public static string Slug(Degradation kind) => kind switch
    {
        Degradation.LateStart => "late-start",
        Degradation.Low360p => "360p",
        Degradation.LowBitrateWebm => "low-bitrate-webm",
        Degradation.Mirrored => "mirrored",
        Degradation.Dark => "dark",
        Degradation.Sideways => "sideways",
        Degradation.BlackLeadIn => "black-lead-in",
        Degradation.TwoStudents => "two-students",
        Degradation.BesideStranger => "beside-stranger",
        Degradation.Crowd => "crowd",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// Writes <paramref name="output"/>. <paramref name="source"/> is the clean clip (unused by <see cref="Degradation.Crowd"/>);
    /// <paramref name="partner"/> the second student's clip for <see cref="Degradation.TwoStudents"/>;
    /// <paramref name="strangers"/> the faces for <see cref="Degradation.BesideStranger"/> (the first) and <see cref="Degradation.Crowd"/> (up to six).
    /// <paramref name="flip"/> puts the other face on the left instead of the right.
    /// </summary>
    public static Task MakeAsync(string ffmpeg, Degradation kind, string? source, string? partner, IReadOnlyList<Still> strangers, string output,
        bool flip = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(strangers);
        var input = (string? path) => new[] { "-protocol_whitelist", "file", "-i", path ?? throw new ArgumentException($"{kind} needs a source video.") };
        var still = (Still s) => new[] { "-loop", "1", "-framerate", "25", "-protocol_whitelist", "file", "-i", s.Photo };
        var crop = (Still s) => string.Create(Inv, $"crop={s.Region.Width}:{s.Region.Height}:{s.Region.X}:{s.Region.Y}");
        string[] args = kind switch
        {
            Degradation.LateStart => ["-ss", "0.5", .. input(source), .. H264],
            Degradation.Low360p => [.. input(source), "-vf", "scale=-2:360", "-c:v", "libx264", "-preset", "veryfast", "-crf", "32", "-pix_fmt", "yuv420p"],
            Degradation.LowBitrateWebm => [.. input(source), "-vf", "scale=-2:480", "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "80k"],
            Degradation.Mirrored => [.. input(source), "-vf", "hflip", .. H264],
            Degradation.Dark => [.. input(source), "-vf", "eq=brightness=-0.18:gamma=0.55", .. H264],
            Degradation.Sideways => [.. input(source), "-vf", "transpose=clock", "-metadata:s:v:0", "rotate=0", .. H264],
            Degradation.BlackLeadIn => [.. input(source), "-vf", "tpad=start_duration=1:start_mode=add:color=black", .. H264],
            Degradation.TwoStudents => [.. input(source), .. input(partner), "-filter_complex", SideBySide("[0:v]", "[1:v]", flip), "-map", "[v]", .. H264],
            Degradation.BesideStranger => [.. input(source), .. still(strangers.Count > 0 ? strangers[0] : throw new ArgumentException("BesideStranger needs a stranger.")),
                "-filter_complex", $"[1:v]{crop(strangers[0])}[s];" + SideBySide("[0:v]", "[s]", flip), "-map", "[v]", .. H264],
            Degradation.Crowd => Crowd(strangers, still, crop),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return FfmpegTool.RunAsync(ffmpeg, [.. args, "-an", output], cancellationToken);
    }

    /// <summary>Two inputs scaled to one height and stacked left to right; the video ends with the first input.</summary>
    private static string SideBySide(string first, string second, bool flip)
    {
        var scale = string.Create(Inv, $"scale=-2:{StackHeight},setsar=1,fps=25,format=yuv420p");
        return $"{first}{scale}[a];{second}{scale}[b];" + (flip ? "[b][a]" : "[a][b]") + "hstack=inputs=2:shortest=1[v]";
    }

    private static string[] Crowd(IReadOnlyList<Still> strangers, Func<Still, string[]> still, Func<Still, string> crop)
    {
        var faces = strangers.Take(6).ToList();
        if (faces.Count < 2)
        {
            throw new ArgumentException("A crowd needs at least two strangers.", nameof(strangers));
        }

        var args = faces.SelectMany(s => still(s)).ToList();
        var tiles = faces.Select((s, i) => string.Create(Inv, $"[{i}:v]{crop(s)},scale={CrowdTile}:{CrowdTile},setsar=1,format=yuv420p[t{i}]"));
        var columns = (faces.Count + 1) / 2;
        var layout = string.Join('|', faces.Select((_, i) => string.Create(Inv, $"{(i % columns) * CrowdTile}_{(i / columns) * CrowdTile}")));
        var inputs = string.Concat(faces.Select((_, i) => $"[t{i}]"));
        var fill = faces.Count % 2 == 1 ? ":fill=black" : "";
        args.AddRange(["-filter_complex", string.Join(';', tiles) + $";{inputs}xstack=inputs={faces.Count}:layout={layout}{fill}[v]", "-map", "[v]", "-t", "2", .. H264]);
        return [.. args];
    }
}
