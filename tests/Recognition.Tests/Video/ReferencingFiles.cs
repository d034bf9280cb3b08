using Classroom.Recognition.Tests.Support;

namespace Classroom.Recognition.Tests.Video;

/// <summary>
/// Files that ffmpeg would follow to other files: an HLS playlist, DASH manifest and concat scripts, each named
/// <c>x.mp4</c> and pointing at a real video made here (fast start, so a playlist could read it from its first byte).
/// Before inputs were confined, every decoder read the video they name and returned its frames. Also a short clip in
/// every allowed container, and an audio file.
/// </summary>
public sealed class ReferencingFiles : IDisposable
{
    private readonly MediaFolder _media = new();

    public ReferencingFiles()
    {
        Target = MediaFolder.Ffmpeg("-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=2", "-c:v", "libx264", "-preset", "ultrafast",
            "-pix_fmt", "yuv420p", "-movflags", "+faststart", _media.PathOf("target.mp4"));
        Hls = Write("hls", HlsPlaylist("file://" + Target));
        Dash = Write("dash", DashManifest("file://" + Target));
        ConcatAbsolute = Write("concat-absolute", $"ffconcat version 1.0\nfile '{Target}'\n");

        // A clip in each other allowed container (mov is the target above): target.webm, target.avi, …
        string[][] encoders =
        [
            ["webm", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8"], ["avi", "mpeg4"], ["wmv", "wmv2"], ["flv", "flv"],
            ["mpg", "mpeg2video"], ["ts", "libx264", "-preset", "ultrafast"], ["ogv", "libtheora"],
        ];
        foreach (var e in encoders)
        {
            MediaFolder.Ffmpeg(["-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=2", "-c:v", .. e[1..], _media.PathOf("target." + e[0])]);
        }

        Mp3 = MediaFolder.Ffmpeg("-f", "lavfi", "-i", "sine=d=1", _media.PathOf("audio.mp3"));

        // A relative entry passes the concat demuxer's own "safe" check: this one was decoded, not merely refused late.
        ConcatRelative = Write("concat-relative", "ffconcat version 1.0\nfile 'target.mp4'\n");
        File.Copy(Target, Path.Combine(Path.GetDirectoryName(ConcatRelative)!, "target.mp4"));
    }

    /// <summary>The video the playlists name: a plain MP4 that decodes.</summary>
    public string Target { get; }

    /// <summary>Audio only, in a container no video comes in.</summary>
    public string Mp3 { get; }

    public string Hls { get; }

    public string Dash { get; }

    public string ConcatAbsolute { get; }

    public string ConcatRelative { get; }

    private static string HlsPlaylist(string entry) => $"#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n{entry}\n#EXT-X-ENDLIST\n";

    /// <summary>The file named by a test's case: hls, dash, concat-absolute, concat-relative, mp3; else the clip with that extension.</summary>
    public string PathOf(string which) => which switch
    {
        "hls" => Hls,
        "dash" => Dash,
        "concat-absolute" => ConcatAbsolute,
        "concat-relative" => ConcatRelative,
        "mp3" => Mp3,
        _ => _media.PathOf("target." + which),
    };

    public void Dispose() => _media.Dispose();

    private static string DashManifest(string baseUrl) =>
        "<?xml version=\"1.0\"?>\n<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"static\" mediaPresentationDuration=\"PT2S\" minBufferTime=\"PT1S\"" +
        " profiles=\"urn:mpeg:dash:profile:isoff-on-demand:2011\">\n" +
        "<Period><AdaptationSet mimeType=\"video/mp4\"><Representation id=\"1\" bandwidth=\"100000\" width=\"320\" height=\"240\">\n" +
        $"<BaseURL>{baseUrl}</BaseURL>\n</Representation></AdaptationSet></Period></MPD>\n";

    private string Write(string folder, string text)
    {
        var dir = _media.PathOf(folder);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "x.mp4");
        File.WriteAllText(path, text);
        return path;
    }
}
