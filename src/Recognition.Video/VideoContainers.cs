namespace Classroom.Recognition.Video;

/// <summary>
/// The containers a classroom video may come in, as ffmpeg demuxer names: the one list every decoder opens inputs
/// with (ffmpeg and ffprobe's <c>-format_whitelist</c>, the native decoder's check before it reads a header), and the
/// reason any other demuxer is refused with.
/// </summary>
/// <remarks>
/// Why a list of what is allowed rather than of what is not: ffmpeg picks the demuxer from the file's content, not its
/// name, and several demuxers read other resources named inside the file — an HLS playlist or DASH manifest opens
/// its entries (<c>file:///…</c> reads the host's files), a concat script opens the files it lists, image2 reads a
/// numbered file sequence, sdp opens network streams. A 90-byte playlist named x.mp4 made every decoder read and
/// recognise another video. None of the demuxers below opens anything but the input itself (the MP4 demuxer's
/// external data references are off unless <c>enable_drefs</c> is set, which we never do). Together they cover what
/// phones, laptops, cameras and screen recorders write, the extensions the CLI picks from folders.
/// </remarks>
internal static class VideoContainers
{
    /// <summary>
    /// The native decoder's answer when the input's demuxer is not allowed (CV_REFUSED_CONTAINER in
    /// native/classroom_video.c: FFERRTAG('C','V','R','C')); its error text is then the demuxer's name.
    /// </summary>
    public const int RefusedCode = -('C' | ('V' << 8) | ('R' << 16) | ('C' << 24));

    /// <summary>
    /// mov: MP4, MOV, M4V, 3GP; matroska: MKV, WebM; avi; asf: WMV; flv; mpeg: MPEG program streams (.mpg, .vob);
    /// mpegts: MPEG transport streams (.ts, AVCHD .mts/.m2ts); ogg: Ogg video (.ogv).
    /// </summary>
    public static readonly IReadOnlyList<string> Demuxers = ["mov", "matroska", "avi", "asf", "flv", "mpeg", "mpegts", "ogg"];

    /// <summary>The list as ffmpeg's <c>format_whitelist</c> option takes it (comma-separated).</summary>
    public static readonly string Whitelist = string.Join(',', Demuxers);

    /// <summary>Demuxers that follow references to other resources, named as a user knows the file.</summary>
    private static readonly Dictionary<string, string> Referencing = new(StringComparer.Ordinal)
    {
        ["hls"] = "hls playlist",
        ["applehttp"] = "hls playlist",
        ["dash"] = "dash manifest",
        ["webm_dash_manifest"] = "dash manifest",
        ["concat"] = "concat script",
        ["imf"] = "imf composition playlist",
        ["sdp"] = "sdp session description",
        ["vobsub"] = "vobsub index",
    };

    /// <summary>
    /// The error for an input whose demuxer was refused: what kind of file it is, in one line. <paramref name="demuxer"/>
    /// is ffmpeg's name for it, which may list aliases ("hls,applehttp").
    /// </summary>
    public static VideoDecodeException Refused(string video, string demuxer)
    {
        var aliases = Aliases(demuxer);
        if (aliases.FirstOrDefault(Referencing.ContainsKey) is { } referencing)
        {
            return new VideoDecodeException(video, $"not a supported video container ({Referencing[referencing]})");
        }

        // A photo (image2; jpeg_pipe, png_pipe, … when renamed .mp4), or text shown as video (tty): the case users meet most.
        if (aliases.Any(a => a is "image2" or "tty" || a.EndsWith("_pipe", StringComparison.Ordinal)))
        {
            return new VideoDecodeException(video, $"a still image ({demuxer}), not a video");
        }

        return new VideoDecodeException(video, $"not a supported video container ({aliases.FirstOrDefault() ?? "unknown"})");
    }

    private static string[] Aliases(string demuxer) => demuxer.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
