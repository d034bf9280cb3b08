using System.Text.RegularExpressions;

namespace Classroom.Recognition.Video;

/// <summary>
/// Reads ffmpeg/ffprobe error output: one short readable reason, the same for the same file in every run, and the
/// demuxer a whitelist refused. The one place that knows the shape of ffmpeg's log lines.
/// </summary>
internal static partial class FFmpegErrors
{
    private const int MaxLength = 300;

    /// <summary>
    /// The most telling line: the last non-empty one, with the input path (which ffmpeg prefixes) removed and the
    /// memory address taken out of its log prefix. libav names the context of a message by its address
    /// (<c>[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55ae4f2c1180]</c>), which differs from process to process: left in, the same
    /// file would give a different error text, and so a different result, in every run.
    /// </summary>
    public static string Summarise(IEnumerable<string>? lines, string input)
    {
        var text = Lines(lines).Select(l => Clean(l, input)).Where(l => l.Length > 0).LastOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            return "no error output";
        }

        return text.Length <= MaxLength ? text : text[..MaxLength] + "…";
    }

    /// <summary>
    /// The demuxer that <c>-format_whitelist</c> refused (<c>[hls @ 0x…] Format not on whitelist '…'</c>: libavformat
    /// logs the refusal in the context of the demuxer it detected), or null when the input was not refused.
    /// </summary>
    public static string? RefusedDemuxer(IEnumerable<string>? lines) =>
        Lines(lines).Select(l => RefusalLine().Match(l)).Where(m => m.Success).Select(m => m.Groups["demuxer"].Value).FirstOrDefault();

    private static IEnumerable<string> Lines(IEnumerable<string>? lines) =>
        (lines ?? []).SelectMany(l => l.Split('\n')).Where(l => !string.IsNullOrWhiteSpace(l));

    private static string Clean(string line, string input)
    {
        var s = LogContextAddress().Replace(line.Replace(input, string.Empty, StringComparison.Ordinal), "]").Trim();
        while (s.StartsWith(':') || s.StartsWith('\'') || s.StartsWith('"'))
        {
            s = s[1..].TrimStart();
        }

        return s;
    }

    /// <summary>The address in a log prefix: " @ 0x55ae4f2c1180]".</summary>
    [GeneratedRegex(@" @ 0x[0-9a-fA-F]+\]")]
    private static partial Regex LogContextAddress();

    [GeneratedRegex(@"^\[(?<demuxer>[^\]@ ]+) @ 0x[0-9a-fA-F]+\] Format not on whitelist ")]
    private static partial Regex RefusalLine();
}
