using System.Security.Cryptography;
using System.Text;

namespace Classroom.Recognition.Pipeline;

/// <summary>
/// What a video's result is called, for both hosts: one input, one result, and no two inputs share one (an error on one
/// must not replace another's CSV). The original's name wherever it is free (<c>test_0.mp4</c> → <c>test_0.csv</c>).
/// <para>In the output container (<see cref="Csv"/>, <see cref="Error"/>), a blob's result keeps its folder, one-to-one by name alone:</para>
/// <list type="bullet">
/// <item><c>a/test_0.mp4</c> → <c>a/test_0.csv</c>: a <c>.mp4</c> whose stem has no dot and no '%';</item>
/// <item><c>a/x.mov</c> → <c>a/x.mov.csv</c>, <c>a/week.1.mp4</c> → <c>a/week.1.mp4.csv</c>: any other name with a dot
/// in its file name keeps the whole file name ('%' written %25);</item>
/// <item><c>a/x</c> → <c>a/x%.csv</c>: a name without a dot ('%' written %25, then a '%' that no other rule ends with).</item>
/// </list>
/// The three kinds cannot meet: the first has neither a dot nor a '%' in its last part, the second a dot, the third a '%'
/// but no dot; and each rule alone is one-to-one.
/// <para>
/// In a local folder (<see cref="Plan"/>), names are decided from the batch's inputs alone before anything runs, so they do
/// not depend on which video finishes first. A video whose stem is unique in the batch keeps the original's name. Videos
/// sharing a stem keep their folders relative to their common folder (<c>a/x.mp4</c>, <c>b/x.mp4</c> → <c>a/x.csv</c>,
/// <c>b/x.csv</c>) and, in one folder, their extension (<c>x.mp4.csv</c>, <c>x.mov.csv</c>). A name still taken after that,
/// or longer than a file name may be, gets a short hash of the video's full path. Names compare case-insensitively: the
/// output folder may be on a file system that does (macOS, Windows).
/// </para>
/// Errors are named as the CSV with <see cref="ResultFile.ErrorExtension"/> for <see cref="ResultFile.CsvExtension"/>.
/// </summary>
public static class ResultNames
{
    /// <summary>A blob's CSV: <c>a/b/test_0.mp4</c> → <c>a/b/test_0.csv</c>.</summary>
    public static string Csv(string videoBlobName) => Base(videoBlobName) + ResultFile.CsvExtension;

    /// <summary>A blob's error: <c>a/b/test_0.mp4</c> → <c>a/b/test_0.error.json</c> (a video that cannot be processed).</summary>
    public static string Error(string videoBlobName) => Base(videoBlobName) + ResultFile.ErrorExtension;

    /// <summary>The CSV file name of a local video, folders dropped: its stem plus .csv (<c>a/b/test_0.mp4</c> → <c>test_0.csv</c>).</summary>
    public static string FileNameFor(string video) => Path.GetFileNameWithoutExtension(video.TrimEnd('/', '\\')) + ResultFile.CsvExtension;

    /// <summary>The error file beside a planned CSV (<see cref="Plan"/>), shortened with the hash when it would be too long.</summary>
    public static string ErrorFor(string plannedCsv, string video)
    {
        ArgumentNullException.ThrowIfNull(plannedCsv);
        var error = plannedCsv[..^ResultFile.CsvExtension.Length] + ResultFile.ErrorExtension;
        var file = error[(error.LastIndexOf('/') + 1)..];
        return Encoding.UTF8.GetByteCount(file) <= MaxFileNameBytes ? error
            : WithHash(plannedCsv, Path.GetFullPath(video), ResultFile.ErrorExtension);
    }

    private const string OriginalExtension = ".mp4";

    private static string Base(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var slash = name.LastIndexOf('/');
        var file = name[(slash + 1)..];
        if (file.EndsWith(OriginalExtension, StringComparison.Ordinal) && file.Length > OriginalExtension.Length)
        {
            var stem = file[..^OriginalExtension.Length];
            if (!stem.Contains('.') && !stem.Contains('%'))
            {
                return name[..(slash + 1)] + stem;
            }
        }

        // Only the file's part is escaped: the result stays in the video's folder.
        var escaped = new StringBuilder(name.Length + 4).Append(name, 0, slash + 1).Append(file.Replace("%", "%25", StringComparison.Ordinal));
        return file.Contains('.') ? escaped.ToString() : escaped.Append('%').ToString();
    }

    /// <summary>Bytes in a file name on common file systems (ext4, NTFS and APFS allow 255).</summary>
    public const int MaxFileNameBytes = 255;

    /// <summary>A batch of local videos (the CLI): relative CSV paths (with '/' between folders), one per video, in the same order.</summary>
    public static IReadOnlyList<string> Plan(IReadOnlyList<string> videos)
    {
        ArgumentNullException.ThrowIfNull(videos);
        var full = videos.Select(v => Path.GetFullPath(v.TrimEnd('/', '\\'))).ToList();
        var names = new string[videos.Count];
        foreach (var group in Enumerable.Range(0, videos.Count).GroupBy(i => FileNameFor(videos[i]), StringComparer.OrdinalIgnoreCase))
        {
            var members = group.ToList();
            if (members.Count == 1)
            {
                names[members[0]] = Fit(group.Key, full[members[0]]);
                continue;
            }

            var common = CommonFolder(members.Select(i => Path.GetDirectoryName(full[i]) ?? "/"));
            foreach (var i in members)
            {
                var folder = Path.GetRelativePath(common, Path.GetDirectoryName(full[i]) ?? common).Replace('\\', '/');
                var sameFolder = members.Count(j => string.Equals(Path.GetDirectoryName(full[j]), Path.GetDirectoryName(full[i]), StringComparison.Ordinal)) > 1;
                var file = Fit(sameFolder ? Path.GetFileName(full[i]) + ResultFile.CsvExtension : group.Key, full[i]);
                names[i] = folder == "." ? file : folder + "/" + file;
            }
        }

        // Rare leftovers (x.mp4.csv planned for x.mp4 beside x.mov, and for a video named x.mp4.mp4): the later ones get a hash.
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Length; i++)
        {
            if (!taken.Add(names[i]))
            {
                names[i] = WithHash(names[i], full[i]);
                taken.Add(names[i]);
            }
        }

        return names;
    }

    /// <summary>The name itself, or a shortened one with the hash when it is longer than a file name may be.</summary>
    private static string Fit(string fileName, string fullPath) =>
        Encoding.UTF8.GetByteCount(fileName) <= MaxFileNameBytes ? fileName : WithHash(fileName, fullPath);

    /// <summary><paramref name="relative"/> (a planned CSV) with a hash of the video's path before <paramref name="extension"/>, its stem shortened to fit.</summary>
    private static string WithHash(string relative, string fullPath, string extension = ResultFile.CsvExtension)
    {
        var slash = relative.LastIndexOf('/');
        var (folder, file) = slash < 0 ? ("", relative) : (relative[..(slash + 1)], relative[(slash + 1)..]);
        var stem = file[..^ResultFile.CsvExtension.Length];
        var suffix = "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fullPath)))[..10] + extension;
        while (Encoding.UTF8.GetByteCount(stem) + suffix.Length > MaxFileNameBytes)
        {
            stem = stem[..^(char.IsLowSurrogate(stem[^1]) && stem.Length > 1 ? 2 : 1)];
        }

        return folder + stem + suffix;
    }

    private static string CommonFolder(IEnumerable<string> folders)
    {
        string[]? common = null;
        foreach (var parts in folders.Select(f => f.Split(Path.DirectorySeparatorChar)))
        {
            if (common is null)
            {
                common = parts;
                continue;
            }

            var n = 0;
            while (n < common.Length && n < parts.Length && string.Equals(common[n], parts[n], StringComparison.Ordinal))
            {
                n++;
            }

            common = common[..n];
        }

        var joined = string.Join(Path.DirectorySeparatorChar, common ?? []);
        return joined.Length == 0 ? Path.GetPathRoot(Environment.CurrentDirectory) ?? "/" : joined;
    }
}
