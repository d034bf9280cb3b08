namespace Classroom.Recognition.Video;

/// <summary>Turns ffmpeg/ffprobe error output into one short readable reason.</summary>
internal static class FFmpegErrors
{
    private const int MaxLength = 300;

    /// <summary>The most telling line: the last non-empty one, with the input path (which ffmpeg prefixes) removed.</summary>
    public static string Summarise(IEnumerable<string>? lines, string input)
    {
        var text = lines?.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => Clean(l, input)).Where(l => l.Length > 0).LastOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            return "no error output";
        }

        return text.Length <= MaxLength ? text : text[..MaxLength] + "…";
    }

    private static string Clean(string line, string input)
    {
        var s = line.Replace(input, string.Empty, StringComparison.Ordinal).Trim();
        while (s.StartsWith(':') || s.StartsWith('\'') || s.StartsWith('"'))
        {
            s = s[1..].TrimStart();
        }

        return s;
    }
}
