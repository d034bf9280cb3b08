using Classroom.Recognition.Tests.Support;

namespace Classroom.Recognition.Tests.Video;

/// <summary>Synthetic videos (no faces needed) for the frame source, generated once per test class.</summary>
public sealed class FrameSourceVideos : IDisposable
{
    private readonly MediaFolder _media = new();

    public FrameSourceVideos()
    {
        var m = _media;
        Bars1080 = MediaFolder.Ffmpeg("-f", "lavfi", "-i", "testsrc2=s=1920x1080:r=25:d=3", "-f", "lavfi", "-i", "sine=d=3",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", m.PathOf("bars-1080p.mp4"));
        Small = MediaFolder.Ffmpeg("-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", m.PathOf("small.mp4"));
        Webm = MediaFolder.Ffmpeg("-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=2", "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", m.PathOf("small.webm"));
        Hevc = MediaFolder.Ffmpeg("-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=2", "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", m.PathOf("small-hevc.mkv"));
        Mov = MediaFolder.Ffmpeg("-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=2", "-c:v", "mpeg4", m.PathOf("small.mov"));

        // 25 fps for the first second, then every 5th frame only (5 fps): timestamps kept, a variable frame rate.
        Vfr = MediaFolder.Ffmpeg("-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=3", "-vf", "select='lt(t\\,1)+not(mod(n\\,5))'", "-fps_mode", "vfr",
            "-c:v", "libx264", "-preset", "ultrafast", m.PathOf("vfr.mkv"));

        // Left half red, right half blue, stored with a 90° display rotation (a phone held upright).
        var flat = MediaFolder.Ffmpeg("-f", "lavfi", "-i", "color=red:s=320x360:d=1[a];color=blue:s=320x360:d=1[b];[a][b]hstack,format=yuv420p",
            "-c:v", "libx264", "-preset", "ultrafast", m.PathOf("flat.mp4"));
        Rotated = MediaFolder.Ffmpeg("-i", flat, "-c", "copy", "-metadata:s:v:0", "rotate=90", m.PathOf("rotated.mp4"));

        LongClip = MediaFolder.Ffmpeg("-f", "lavfi", "-i", "testsrc2=s=320x240:r=10:d=120", "-c:v", "libx264", "-preset", "ultrafast", "-g", "250", m.PathOf("long.mp4"));

        Empty = m.PathOf("empty.mp4");
        File.WriteAllBytes(Empty, []);
        Random = m.PathOf("random.mp4");
        File.WriteAllBytes(Random, RandomBytes(64 * 1024));
        Truncated = m.PathOf("truncated.mp4");
        File.WriteAllBytes(Truncated, File.ReadAllBytes(Bars1080)[..(int)(new FileInfo(Bars1080).Length / 2)]);
        var faststart = MediaFolder.Ffmpeg("-i", Bars1080, "-c", "copy", "-movflags", "+faststart", m.PathOf("faststart.mp4"));
        TruncatedFaststart = m.PathOf("truncated-faststart.mp4");
        File.WriteAllBytes(TruncatedFaststart, File.ReadAllBytes(faststart)[..(int)(new FileInfo(faststart).Length / 2)]);
        Photo = m.PathOf("photo.mp4");
        File.Copy(SamplePhotos.Path(1), Photo);
        AudioOnly = MediaFolder.Ffmpeg("-f", "lavfi", "-i", "sine=d=1", "-c:a", "aac", m.PathOf("audio-only.mp4"));
        Unicode = m.PathOf("Klasse 3 – Müller ☺.mp4");
        File.Copy(Small, Unicode);
    }

    public string Bars1080 { get; }
    public string Small { get; }
    public string Webm { get; }
    public string Hevc { get; }
    public string Mov { get; }
    public string Vfr { get; }
    public string Rotated { get; }
    public string LongClip { get; }
    public string Empty { get; }
    public string Random { get; }
    public string Truncated { get; }
    public string TruncatedFaststart { get; }
    public string Photo { get; }
    public string AudioOnly { get; }
    public string Unicode { get; }
    public string Missing => _media.PathOf("no-such-video.mp4");
    public string Folder => _media.Root;

    private static byte[] RandomBytes(int n)
    {
        var bytes = new byte[n];
        new Random(546).NextBytes(bytes);
        return bytes;
    }

    public void Dispose() => _media.Dispose();
}
