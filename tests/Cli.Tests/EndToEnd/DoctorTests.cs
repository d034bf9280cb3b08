using Classroom.Cli.Commands;
using Classroom.Recognition.Roster;

namespace Classroom.Cli.Tests.EndToEnd;

/// <summary>The doctor's rules on rosters built to break each one, and a clean roster that breaks none.</summary>
public sealed class DoctorTests
{
    private const double Tolerance = 0.6;

    /// <summary>A unit descriptor along axis <paramref name="axis"/>, tilted by <paramref name="tilt"/> toward axis + 1: distance to the untilted one is ~tilt.</summary>
    private static float[] Unit(int axis, float tilt = 0)
    {
        var d = new float[128];
        d[axis] = 1;
        d[axis + 1] = tilt;
        var norm = MathF.Sqrt(1 + (tilt * tilt));
        return [.. d.Select(v => v / norm)];
    }

    [Fact]
    public void A_clean_roster_has_no_findings()
    {
        // Distinct axes are sqrt(2) ≈ 1.41 apart: far beyond the tolerance; one person's two faces 0.2 apart.
        var faces = new[] { new KnownFace("ada", Unit(0)), new KnownFace("ada", Unit(0, 0.2f)), new KnownFace("grace", Unit(10)) };
        var students = new[] { new StudentRecord("ada", "math", "junior"), new StudentRecord("grace", "cs", "senior") };

        Assert.Empty(DoctorCommand.Examine(faces, students, Tolerance));
    }

    [Fact]
    public void Missing_records_missing_faces_disagreeing_and_alike_faces_are_each_found()
    {
        var faces = new[]
        {
            new KnownFace("ada", Unit(0)), new KnownFace("ada", Unit(20)),      // 1.41 apart: one photo is someone else
            new KnownFace("grace", Unit(10)), new KnownFace("hedy", Unit(10, 0.3f)), // ~0.29 apart: two people alike
        };
        var students = new[] { new StudentRecord("ada", "math", "junior"), new StudentRecord("grace", "cs", "senior"), new StudentRecord("katherine", "physics", "senior") };

        var findings = DoctorCommand.Examine(faces, students, Tolerance);

        Assert.Equal(["no record", "no faces", "disagree", "look alike"], findings.Select(f => f.Kind));
        Assert.StartsWith("hedy:", findings[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("katherine:", findings[1].Text, StringComparison.Ordinal);
        Assert.StartsWith("ada's 2 faces disagree: two are 1.41 apart", findings[2].Text, StringComparison.Ordinal);
        Assert.StartsWith("grace and hedy have faces 0.29 apart", findings[3].Text, StringComparison.Ordinal);
        Assert.Equal("empty", Assert.Single(DoctorCommand.Examine([], [], Tolerance)).Kind);
    }
}
