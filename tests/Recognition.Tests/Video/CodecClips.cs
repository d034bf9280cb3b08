using Classroom.Recognition.Tests.Support;

namespace Classroom.Recognition.Tests.Video;

/// <summary>
/// A 2 s clip of each video codec that phones, cameras, screen recorders and older Windows and Flash tools write, in
/// the allowed container it usually comes in, several with an audio track (the worker's FFmpeg is a minimal build:
/// every decoder it needs must be in it, native/static-ffmpeg.sh). Not here, for want of an encoder in ffmpeg: WMV3
/// and VC-1 (decoded by the same build, wmv3 and vc1).
/// </summary>
public sealed class CodecClips : IDisposable
{
    /// <summary>File name (codec.extension), then the encoder's arguments.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Encoders = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["h264.mp4"] = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"],
        ["hevc.mp4"] = ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1", "-an"],
        ["av1.mp4"] = ["-c:v", "libsvtav1", "-preset", "12", "-svtav1-params", "lp=1", "-an"],
        ["av1.webm"] = ["-c:v", "libsvtav1", "-preset", "12", "-svtav1-params", "lp=1", "-c:a", "libopus"],
        ["vp8.webm"] = ["-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-c:a", "libvorbis"],
        ["vp9.webm"] = ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-an"],
        ["h264.mkv"] = ["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "libopus"],
        ["mpeg4.avi"] = ["-c:v", "mpeg4", "-c:a", "libmp3lame"],
        ["msmpeg4v3.avi"] = ["-c:v", "msmpeg4", "-c:a", "pcm_s16le"],
        ["msmpeg4v2.avi"] = ["-c:v", "msmpeg4v2", "-an"],
        ["mjpeg.avi"] = ["-c:v", "mjpeg", "-pix_fmt", "yuvj420p", "-an"],
        ["mpeg1.mpg"] = ["-c:v", "mpeg1video", "-c:a", "mp2"],
        ["mpeg2.mpg"] = ["-c:v", "mpeg2video", "-c:a", "ac3"],
        ["h264.ts"] = ["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"],
        ["mpeg2.ts"] = ["-c:v", "mpeg2video", "-c:a", "mp2"],
        ["theora.ogv"] = ["-c:v", "libtheora", "-c:a", "libvorbis"],
        ["wmv1.wmv"] = ["-c:v", "wmv1", "-c:a", "wmav2"],
        ["wmv2.wmv"] = ["-c:v", "wmv2", "-c:a", "wmav1"],
        ["flv1.flv"] = ["-c:v", "flv", "-c:a", "aac"],
        ["h264.flv"] = ["-c:v", "libx264", "-preset", "ultrafast", "-an"],
        ["mpeg4.mov"] = ["-c:v", "mpeg4", "-c:a", "aac"],
        ["mjpeg.mov"] = ["-c:v", "mjpeg", "-pix_fmt", "yuvj420p", "-an"],
        ["prores.mov"] = ["-c:v", "prores_ks", "-profile:v", "0", "-an"],
        ["svq1.mov"] = ["-c:v", "svq1", "-an"],
        ["h263.3gp"] = ["-c:v", "h263", "-s", "176x144", "-an"],
    };

    private readonly MediaFolder _media = new();
    private readonly HashSet<string> _videoStartsLate = new(StringComparer.Ordinal);

    public CodecClips()
    {
        foreach (var (name, encoder) in Encoders)
        {
            var path = MediaFolder.Ffmpeg(["-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=2", "-f", "lavfi", "-i", "sine=d=2:sample_rate=44100",
                .. encoder, "-shortest", _media.PathOf(name)]);
            if (StartTime(path, "stream") != StartTime(path, "format"))
            {
                _videoStartsLate.Add(name);
            }
        }
    }

    /// <summary>
    /// Whether the clip's video starts after the container does (its audio track starts first: MPEG streams, Matroska
    /// with Opus or Vorbis, WMV, FLV). The ffmpeg command line then samples other frames than the native decoder does,
    /// however that is linked: the CLI shifts timestamps by the container's start time (which the native decoder does not
    /// learn for Matroska, whose stream information it skips) and, for a file of more than one stream, pads the start
    /// of its constant-rate output with copies of the first sample. See CodecCoverageTests.
    /// </summary>
    public bool VideoStartsLate(string name) => _videoStartsLate.Contains(name);

    public string PathOf(string name) => Encoders.ContainsKey(name) ? _media.PathOf(name) : throw new ArgumentOutOfRangeException(nameof(name));

    public void Dispose() => _media.Dispose();

    /// <summary>The start time ffprobe gives the first video stream ("stream") or the container ("format").</summary>
    private static string StartTime(string path, string of) =>
        MediaFolder.RunTool("ffprobe", ["-v", "error", "-select_streams", "V:0", "-show_entries", of + "=start_time", "-of", "default=nw=1:nk=1", path])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
}
