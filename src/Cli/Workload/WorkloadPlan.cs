namespace Classroom.Cli.Workload;

/// <summary>One video of a workload: its name in the workload, the file uploaded for it and what it should give.</summary>
/// <param name="Name">The workload's name for it (<c>test_13.mp4</c>; repeats of a set: <c>copy-2/test_0.mp4</c>).</param>
/// <param name="Source">The file uploaded.</param>
/// <param name="ExpectedName">The student it shows (a manifest's <c>expected_name</c>); empty: nobody; null: not known.</param>
/// <param name="MappingKey">Its key in a grader's mapping file (the manifest's video, or the source's file name).</param>
internal sealed record WorkloadVideo(string Name, string Source, string? ExpectedName, string MappingKey);

/// <summary>
/// The videos a workload uploads: a manifest in the original's format (<c>video,source_clip,expected_name</c>, each
/// video a copy of a clip in the videos folder), or video files; repeated or cut to <c>--count</c>.
/// </summary>
internal static class WorkloadPlan
{
    /// <summary>The manifest's rows, their clips found in <paramref name="videos"/>; a bad row or a missing clip throws <see cref="InvalidDataException"/> naming it.</summary>
    public static IReadOnlyList<WorkloadVideo> FromManifest(string manifest, string videos)
    {
        var lines = File.ReadAllLines(manifest);
        var header = lines.Length > 0 ? lines[0].Split(',').Select(c => c.Trim().ToLowerInvariant()).ToList() : [];
        int video = header.IndexOf("video"), source = header.IndexOf("source_clip"), expected = header.IndexOf("expected_name");
        if (video < 0)
        {
            throw new InvalidDataException($"{manifest}: the first line must name the columns video[,source_clip][,expected_name]");
        }

        var rows = new List<WorkloadVideo>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var cells = lines[i].Split(',').Select(c => c.Trim()).ToArray();
            string Cell(int at) => at >= 0 && at < cells.Length ? cells[at] : "";
            var name = Cell(video);
            var clip = source >= 0 ? Cell(source) : name;
            if (name.Length == 0 || clip.Length == 0 || !IsPlainName(clip) || !IsRelativeName(name))
            {
                throw new InvalidDataException($"{manifest}:{i + 1}: a video and its clip must be relative names (got \"{lines[i]}\")");
            }

            var path = Path.Combine(videos, clip);
            if (!File.Exists(path))
            {
                throw new InvalidDataException($"{manifest}:{i + 1}: clip {clip} is not in {videos}");
            }

            if (!names.Add(name))
            {
                throw new InvalidDataException($"{manifest}:{i + 1}: video {name} is listed twice");
            }

            rows.Add(new WorkloadVideo(name, path, expected >= 0 ? Cell(expected) : null, name));
        }

        return rows.Count > 0 ? rows : throw new InvalidDataException($"{manifest}: no videos listed");
    }

    /// <summary>Video files as they are: named by file name (two files of one name: their folders tell them apart).</summary>
    public static IReadOnlyList<WorkloadVideo> FromFiles(IReadOnlyList<string> files)
    {
        var byName = files.GroupBy(f => Path.GetFileName(f), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        return [.. files.Select((f, i) =>
        {
            var name = Path.GetFileName(f);
            return new WorkloadVideo(byName[name] > 1 ? $"{i + 1}/{name}" : name, Path.GetFullPath(f), null, name);
        })];
    }

    /// <summary>
    /// Exactly <paramref name="count"/> videos: the first ones of the set, or the set repeated, each further round in
    /// its own folder (<c>copy-2/…</c>, so names stay unique and results land beside each other) with the expectations of its original.
    /// </summary>
    public static IReadOnlyList<WorkloadVideo> Sized(IReadOnlyList<WorkloadVideo> set, int? count)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (count is not { } n || n == set.Count)
        {
            return set;
        }

        return [.. Enumerable.Range(0, n).Select(i =>
        {
            var original = set[i % set.Count];
            var round = (i / set.Count) + 1;
            return round == 1 ? original : original with { Name = $"copy-{round}/{original.Name}" };
        })];
    }

    private static bool IsPlainName(string name) => name == Path.GetFileName(name) && name is not ("." or "..");

    private static bool IsRelativeName(string name) =>
        !Path.IsPathRooted(name) && !name.Contains('\\', StringComparison.Ordinal) && name.Split('/').All(s => s.Length > 0 && s is not ("." or ".."));
}
