using System.Security.Cryptography;
using System.Text;
using Classroom.Recognition.Pipeline;

namespace Classroom.Cli.Batch;

/// <summary>
/// The CSV name of each video of a batch, decided from the inputs alone before anything runs, so that names do not
/// depend on which video finishes first and no two videos share one. A video whose stem is unique in the batch keeps
/// the original's name (<c>test_0.mp4</c> → <c>test_0.csv</c>). Videos sharing a stem keep their folders relative to
/// their common folder (<c>a/x.mp4</c>, <c>b/x.mp4</c> → <c>a/x.csv</c>, <c>b/x.csv</c>) and, in one folder, their
/// extension (<c>x.mp4.csv</c>, <c>x.mov.csv</c>). A name still taken after that, or longer than a file name may be,
/// gets a short hash of the video's full path. Names compare case-insensitively: the output folder may be on a
/// file system that does (macOS, Windows).
/// </summary>
internal static class CsvNames
{
    /// <summary>Bytes in a file name on common file systems (ext4, NTFS and APFS allow 255).</summary>
    internal const int MaxFileNameBytes = 255;

    /// <summary>Relative CSV paths (with '/' between folders), one per video, in the same order.</summary>
    public static IReadOnlyList<string> Plan(IReadOnlyList<string> videos)
    {
        ArgumentNullException.ThrowIfNull(videos);
        var full = videos.Select(v => Path.GetFullPath(v.TrimEnd('/', '\\'))).ToList();
        var names = new string[videos.Count];
        foreach (var group in Enumerable.Range(0, videos.Count).GroupBy(i => ResultCsv.FileNameFor(videos[i]), StringComparer.OrdinalIgnoreCase))
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
                var file = Fit(sameFolder ? Path.GetFileName(full[i]) + ".csv" : group.Key, full[i]);
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

    private static string WithHash(string relative, string fullPath)
    {
        var slash = relative.LastIndexOf('/');
        var (folder, file) = slash < 0 ? ("", relative) : (relative[..(slash + 1)], relative[(slash + 1)..]);
        var stem = file[..^".csv".Length];
        var suffix = "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fullPath)))[..10] + ".csv";
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
