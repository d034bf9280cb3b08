namespace Classroom.Cli.Demo;

/// <summary>The original's reference workload (cse546: 8 clips, encoding.dat, student_data.json, workload-100.csv), when present beside the repository.</summary>
internal static class Workloads
{
    /// <summary>$CLASSROOM_CSE546, else ../shared/cse546 beside the repository root; null when absent.</summary>
    public static string? FindCse546(string repositoryRoot)
    {
        var env = Environment.GetEnvironmentVariable("CLASSROOM_CSE546");
        foreach (var candidate in new[] { env, Path.Combine(repositoryRoot, "..", "shared", "cse546"), Path.Combine(repositoryRoot, "..", "..", "shared", "cse546") })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(Path.Combine(candidate, "encoding.dat")))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }

    /// <summary>The repository root: the folder holding node_modules/@vladmandic/face-api.</summary>
    public static string RepositoryRoot() => Path.GetFullPath(Path.Combine(DemoCast.FindPhotoFolder(), "..", "..", "..", ".."));

    /// <summary>Copies each workload video from its source clip into <paramref name="folder"/> (workload-100.csv: video,source_clip,expected_name).</summary>
    public static int Materialise(string cse546, string folder)
    {
        Directory.CreateDirectory(folder);
        var rows = File.ReadAllLines(Path.Combine(cse546, "workload-100.csv")).Skip(1).Select(l => l.Split(',')).Where(r => r.Length >= 2).ToList();
        foreach (var row in rows)
        {
            File.Copy(Path.Combine(cse546, "videos", row[1]), Path.Combine(folder, row[0]), overwrite: true);
        }

        return rows.Count;
    }
}
