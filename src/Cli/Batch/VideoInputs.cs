namespace Classroom.Cli.Batch;

/// <summary>Turns the command line's paths into the list of videos: a folder gives its video files (sorted, not recursive).</summary>
internal static class VideoInputs
{
    /// <summary>Extensions picked from folders; a file named explicitly is always taken, whatever its extension.</summary>
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".wmv", ".flv", ".mpg", ".mpeg", ".ts", ".mts", ".m2ts", ".3gp", ".ogv",
    };

    public static List<string> Expand(IEnumerable<string> paths)
    {
        var videos = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                videos.AddRange(Directory.EnumerateFiles(path)
                    .Where(f => Extensions.Contains(Path.GetExtension(f)))
                    .Order(NaturalOrder.Instance));
            }
            else
            {
                videos.Add(path); // a missing file is reported as that file's error, in its place in the batch
            }
        }

        return videos;
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
