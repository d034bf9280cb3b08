using System.CommandLine;
using System.Globalization;
using Classroom.Cli.Batch;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Pipeline;
using Classroom.Recognition.Roster;
using Microsoft.Extensions.Configuration;

namespace Classroom.Cli.Commands;

/// <summary>
/// <c>classroom doctor [--data DIR]</c>: checks the local store before the videos do — counts; people with faces but no
/// record (their videos give no_record) and records without faces (never recognised); a person whose own faces
/// disagree (two of them farther apart than the tolerance: one photo may show someone else); two people whose faces
/// lie within the tolerance of each other (their videos may come out ambiguous, or worse). Exit 0 when all is well,
/// 1 when it found something.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var data = CliOptions.Data();
        var command = new Command("doctor", "Check the local store: counts, missing records or faces, faces that disagree or look alike") { data };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(data), ct));
        return command;
    }

    /// <summary>One thing worth knowing about the roster.</summary>
    internal sealed record Finding(string Kind, string Text);

    private static async Task<int> RunAsync(string? data, CancellationToken cancellationToken)
    {
        if (data is { } store && !Directory.Exists(store))
        {
            await Console.Error.WriteLineAsync($"classroom doctor: no store at {store}").ConfigureAwait(false);
            return 2;
        }

        var roster = CliHost.LocalRoster(data);
        var faces = await roster.GetAllAsync(cancellationToken).ConfigureAwait(false);
        var students = await roster.GetStudentsAsync(cancellationToken).ConfigureAwait(false);
        var matching = new MatchingOptions(); // the tolerance process would use (Classroom:Matching:Tolerance)
        CliHost.Configuration(CliOptions.Overrides(data)).GetSection(MatchingOptions.SectionName).Bind(matching);
        var tolerance = matching.Tolerance;
        Console.WriteLine($"store {roster.DatabasePath}: {faces.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count()} people with {faces.Count} known face(s), {students.Count} student record(s)");
        var findings = Examine(faces, students, tolerance);
        foreach (var finding in findings)
        {
            Console.WriteLine($"{finding.Kind}: {TerminalText.Safe(finding.Text)}");
        }

        Console.WriteLine(findings.Count == 0 ? "all well" : $"{findings.Count} finding(s)");
        return findings.Count == 0 ? 0 : 1;
    }

    /// <summary>What is worth knowing about a roster, by the rules above, in a stable order.</summary>
    internal static List<Finding> Examine(IReadOnlyList<KnownFace> faces, IReadOnlyList<StudentRecord> students, double tolerance)
    {
        var inv = CultureInfo.InvariantCulture;
        var findings = new List<Finding>();
        if (faces.Count == 0)
        {
            findings.Add(new("empty", "no known faces: nobody can be named (classroom faces import FILE, or enroll)"));
        }

        var people = faces.Where(f => f.Descriptor.Length == 128).GroupBy(f => f.Name, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Descriptors: g.Select(f => f.Descriptor).ToList())).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        var recorded = students.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var withFaces = people.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var noRecord = people.Select(p => p.Name).Where(n => !recorded.Contains(n)).ToList();
        if (noRecord.Count > 0)
        {
            findings.Add(new("no record", $"{string.Join(", ", noRecord)}: faces but no student record (their videos give no_record)"));
        }

        var noFaces = students.Select(s => s.Name).Where(n => !withFaces.Contains(n)).Order(StringComparer.Ordinal).ToList();
        if (noFaces.Count > 0)
        {
            findings.Add(new("no faces", $"{string.Join(", ", noFaces)}: a record but no face (never recognised; enroll a photo)"));
        }

        foreach (var (name, descriptors) in people)
        {
            var far = Pairs(descriptors, descriptors, same: true).DefaultIfEmpty(0).Max();
            if (far > tolerance)
            {
                findings.Add(new("disagree", string.Create(inv, $"{name}'s {descriptors.Count} faces disagree: two are {far:F2} apart, beyond the tolerance {tolerance:F2} (one photo may show someone else)")));
            }
        }

        for (var a = 0; a < people.Count; a++)
        {
            for (var b = a + 1; b < people.Count; b++)
            {
                var near = Pairs(people[a].Descriptors, people[b].Descriptors, same: false).Min();
                if (near <= tolerance)
                {
                    findings.Add(new("look alike", string.Create(inv,
                        $"{people[a].Name} and {people[b].Name} have faces {near:F2} apart, within the tolerance {tolerance:F2} (their videos may come out ambiguous; enrol clearer photos)")));
                }
            }
        }

        return findings;
    }

    private static IEnumerable<double> Pairs(List<float[]> a, List<float[]> b, bool same)
    {
        for (var i = 0; i < a.Count; i++)
        {
            for (var j = same ? i + 1 : 0; j < b.Count; j++)
            {
                yield return FaceMatching.FaceDistance(a[i], b[j]);
            }
        }
    }
}
