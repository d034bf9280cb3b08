using System.Globalization;

namespace Classroom.Cli.Demo;

/// <summary>A rectangle of a photo, in its pixels.</summary>
internal readonly record struct Crop(int X, int Y, int Width, int Height);

/// <summary>A stretch of a sample video: a photo region fitted into the frame (black bars) and slowly zoomed, or a black screen when Photo is null.</summary>
internal sealed record Shot(string? Photo, Crop Region, double Seconds)
{
    public static Shot Black(double seconds) => new(null, default, seconds);
}

/// <summary>Container and codec of a sample video.</summary>
internal enum SampleFormat
{
    Mp4H264,
    WebmVp9,
}

/// <summary>
/// Makes videos from still photos with ffmpeg: each shot is cropped, scaled to the frame, slowly zoomed (zoompan),
/// and the shots are concatenated and encoded. A "phone" video is stored turned on its side with rotation metadata,
/// as phones record, so only a player (or decoder) that honours the metadata shows it upright.
/// </summary>
internal static class SampleVideos
{
    private const int Fps = 25;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task MakeAsync(string ffmpeg, string output, IReadOnlyList<Shot> shots, int width, int height,
        SampleFormat format = SampleFormat.Mp4H264, bool phone = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shots);
        var args = new List<string>();
        var filters = new List<string>();
        for (var i = 0; i < shots.Count; i++)
        {
            var shot = shots[i];
            var seconds = shot.Seconds.ToString("R", Inv);
            if (shot.Photo is null)
            {
                args.AddRange(["-f", "lavfi", "-t", seconds, "-i", $"color=c=black:s={width}x{height}:r={Fps}"]);
                filters.Add($"[{i}]setsar=1,format=yuv420p[s{i}]");
                continue;
            }

            var r = shot.Region;
            var frames = (int)Math.Round(shot.Seconds * Fps);
            args.AddRange(["-loop", "1", "-framerate", Fps.ToString(Inv), "-t", seconds, "-i", shot.Photo]);
            filters.Add(string.Create(Inv,
                $"[{i}]crop={r.Width}:{r.Height}:{r.X}:{r.Y},scale={width}:{height}:force_original_aspect_ratio=decrease,pad={width}:{height}:(ow-iw)/2:(oh-ih)/2," +
                $"zoompan=z='1+0.1*on/{Math.Max(1, frames)}':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=1:s={width}x{height}:fps={Fps},setsar=1,format=yuv420p[s{i}]"));
        }

        var inputs = string.Concat(Enumerable.Range(0, shots.Count).Select(i => $"[s{i}]"));
        var chain = $"{inputs}concat=n={shots.Count}:v=1:a=0" + (phone ? ",transpose=clock" : "") + "[v]";
        args.AddRange(["-filter_complex", string.Join(';', filters) + ";" + chain, "-map", "[v]", "-an"]);
        args.AddRange(format == SampleFormat.WebmVp9
            ? ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "1M"]
            : ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p"]);

        var encoded = phone ? output + ".upright" + Path.GetExtension(output) : output;
        await FfmpegTool.RunAsync(ffmpeg, [.. args, encoded], cancellationToken).ConfigureAwait(false);
        if (phone)
        {
            // The frames are stored turned a quarter clockwise; a 90° display matrix turns them back when shown.
            await FfmpegTool.RunAsync(ffmpeg, ["-i", encoded, "-c", "copy", "-metadata:s:v:0", "rotate=90", output], cancellationToken).ConfigureAwait(false);
            File.Delete(encoded);
        }
    }

    /// <summary>
    /// A region around a face box with the given aspect ratio, kept inside the photo. Tight (1.5 face sizes) because the
    /// sample photos are group shots: a wider crop would bring the neighbours' faces into the video.
    /// </summary>
    public static Crop AroundFace(float x, float y, float w, float h, int photoWidth, int photoHeight, double aspect = 1, double scale = 1.5)
    {
        var height = Math.Min(photoHeight, scale * Math.Max(w, h));
        var width = Math.Min(photoWidth, height * aspect);
        height = Math.Min(height, width / aspect);
        var cx = x + (w / 2);
        var cy = y + (h * 0.55);
        var left = Math.Clamp(cx - (width / 2), 0, photoWidth - width);
        var top = Math.Clamp(cy - (height / 2), 0, photoHeight - height);
        return new Crop((int)left & ~1, (int)top & ~1, (int)width & ~1, (int)height & ~1);
    }
}
