namespace Classroom.Cli.Batch;

/// <summary>The videos of a batch, and what the command line named that is not processed (said on stderr, never silently dropped).</summary>
internal sealed record VideoBatch(List<string> Videos, IReadOnlyList<string> Notes);

/// <summary>
/// Turns the command line's paths into the list of videos: a folder gives its video files and those of its subfolders
/// (natural order, hidden files and folders skipped); a path given twice is processed once.
/// </summary>
internal static class VideoInputs
{
    /// <summary>Extensions picked from folders; a file named explicitly is always taken, whatever its extension.</summary>
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".wmv", ".flv", ".mpg", ".mpeg", ".ts", ".mts", ".m2ts", ".3gp", ".ogv",
    };

    private static readonly EnumerationOptions Recursive = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
    };

    public static List<string> Expand(IEnumerable<string> paths) => Collect(paths).Videos;

    /// <summary>How a video is named in tables and progress: its file name, or the path as given when that has none (<c>missing/</c>).</summary>
    public static string DisplayName(string path) => Path.GetFileName(path) is { Length: > 0 } name ? name : path;

    public static VideoBatch Collect(IEnumerable<string> paths)
    {
        var videos = new List<string>();
        var notes = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*", Recursive).Where(f => !Path.GetFileName(f).StartsWith('.')).ToList();
                var others = files.Where(f => !Extensions.Contains(Path.GetExtension(f))).ToList();
                foreach (var video in files.Except(others).Order(NaturalOrder.Instance).Where(f => seen.Add(Path.GetFullPath(f))))
                {
                    videos.Add(video);
                }

                if (others.Count > 0)
                {
                    var kinds = others.Select(f => Path.GetExtension(f) is { Length: > 0 } e ? e.ToLowerInvariant() : "no extension").Distinct().Order(StringComparer.Ordinal).Take(5);
                    notes.Add($"skipped {others.Count} file(s) in {path} that are not videos by their extension ({string.Join(", ", kinds)}); name a file to process it anyway");
                }
            }
            else if (seen.Add(Path.GetFullPath(path)))
            {
                videos.Add(path); // a missing file is reported as that file's error, in its place in the batch
            }
            else
            {
                notes.Add($"{path} is named twice: processed once");
            }
        }

        return new VideoBatch(videos, notes);
    }

    /// <summary>test_2 before test_10.</summary>
    private sealed class NaturalOrder : IComparer<string>
    {
        public static readonly NaturalOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            if (x is null || y is null)
            {
                return string.CompareOrdinal(x, y);
            }

            int i = 0, j = 0;
            while (i < x.Length && j < y.Length)
            {
                if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
                {
                    var si = i;
                    var sj = j;
                    while (i < x.Length && char.IsAsciiDigit(x[i]))
                    {
                        i++;
                    }

                    while (j < y.Length && char.IsAsciiDigit(y[j]))
                    {
                        j++;
                    }

                    var a = x[si..i].TrimStart('0');
                    var b = y[sj..j].TrimStart('0');
                    var c = a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
                    if (c != 0)
                    {
                        return c;
                    }
                }
                else
                {
                    if (x[i] != y[j])
                    {
                        return x[i].CompareTo(y[j]);
                    }

                    i++;
                    j++;
                }
            }

            return (x.Length - i).CompareTo(y.Length - j);
        }
    }
}
