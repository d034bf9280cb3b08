namespace Classroom.Cli.Workload;

/// <summary>A grader's expected record for a video: the original's mapping line <c>test_0.mp4:physics,junior</c>.</summary>
internal sealed record MappedRecord(string Major, string Year);

/// <summary>What the grader made of one video.</summary>
/// <param name="Graded">False when nothing was expected of it (no mapping entry, no expected name).</param>
/// <param name="Correct">Graded and every expectation met.</param>
/// <param name="Reason">Why it is wrong (or ungraded), for the report; null when correct.</param>
internal sealed record Grade(bool Graded, bool Correct, string? Reason);

/// <summary>
/// The original's grader and more: a video is correct when its result is what the mapping (major and year of the
/// student; <c>freshmen</c> and <c>freshman</c> alike, case ignored) and the manifest's expected name (the student's
/// name; empty: nobody, a header-only CSV) say. A missing or error result is wrong.
/// </summary>
internal static class WorkloadGrader
{
    /// <summary>The mapping file: one <c>VIDEO:MAJOR,YEAR</c> per line; a bad line throws <see cref="InvalidDataException"/> naming it.</summary>
    public static IReadOnlyDictionary<string, MappedRecord> ReadMapping(string path)
    {
        var mapping = new Dictionary<string, MappedRecord>(StringComparer.OrdinalIgnoreCase);
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.LastIndexOf(':');
            var record = colon > 0 ? line[(colon + 1)..].Split(',') : [];
            if (record.Length != 2 || record.Any(string.IsNullOrWhiteSpace))
            {
                throw new InvalidDataException($"{path}:{i + 1}: expected VIDEO:MAJOR,YEAR (e.g. test_0.mp4:physics,junior), got \"{lines[i]}\"");
            }

            mapping[line[..colon].Trim()] = new MappedRecord(record[0].Trim(), record[1].Trim());
        }

        return mapping.Count > 0 ? mapping : throw new InvalidDataException($"{path}: no VIDEO:MAJOR,YEAR lines");
    }

    /// <summary>Grades one result: <paramref name="status"/> and <paramref name="content"/> as the result blob holds them (null when none came).</summary>
    public static Grade Grade(WorkloadVideo video, MappedRecord? mapped, string? status, string? content)
    {
        ArgumentNullException.ThrowIfNull(video);
        if (mapped is null && video.ExpectedName is null)
        {
            return new Grade(false, false, "nothing expected of it (no mapping entry, no expected name)");
        }

        if (status is null || content is null)
        {
            return new Grade(true, false, "no result in time");
        }

        if (status == "error")
        {
            return new Grade(true, false, $"error: {FirstLine(content)}");
        }

        var rows = CsvRows(content).Skip(1).Where(r => r.Length > 0 && r.Any(c => c.Length > 0)).ToList();
        if (video.ExpectedName is { Length: 0 })
        {
            return rows.Count == 0 ? new Grade(true, true, null) : new Grade(true, false, $"expected nobody, got {string.Join(";", rows.Select(r => r[0]))} ({status})");
        }

        if (rows.Count == 0)
        {
            return new Grade(true, false, $"{status}: nobody named (expected {Describe(video.ExpectedName, mapped)})");
        }

        var row = rows[0];
        var (name, major, year) = (row[0], row.ElementAtOrDefault(1) ?? "", row.ElementAtOrDefault(2) ?? "");
        var nameOk = video.ExpectedName is null || string.Equals(name, video.ExpectedName, StringComparison.OrdinalIgnoreCase);
        var recordOk = mapped is null || (SameWord(major, mapped.Major) && SameYear(year, mapped.Year));
        return nameOk && recordOk
            ? new Grade(true, true, null)
            : new Grade(true, false, $"got {name},{major},{year} ({status}), expected {Describe(video.ExpectedName, mapped)}");
    }

    /// <summary>The original's data spells <c>freshmen</c> where its grader spells <c>freshman</c>: one year.</summary>
    public static bool SameYear(string a, string b) => SameWord(Singular(a), Singular(b));

    private static string Singular(string year) => year.Trim().Equals("freshmen", StringComparison.OrdinalIgnoreCase) ? "freshman" : year.Trim();

    private static bool SameWord(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string Describe(string? name, MappedRecord? mapped) =>
        string.Join(",", new[] { name, mapped?.Major, mapped?.Year }.Where(s => !string.IsNullOrEmpty(s)));

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    /// <summary>RFC 4180 rows (quoted cells may hold commas, quotes doubled), as the pipeline's CSV writer writes them.</summary>
    internal static IEnumerable<string[]> CsvRows(string text)
    {
        var row = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\n')
            {
                row.Add(cell.ToString().TrimEnd('\r'));
                cell.Clear();
                yield return [.. row];
                row.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        if (cell.Length > 0 || row.Count > 0)
        {
            row.Add(cell.ToString().TrimEnd('\r'));
            yield return [.. row];
        }
    }
}
