using Classroom.Recognition.Tests.Support;

namespace Classroom.Cli.Tests.EndToEnd;

/// <summary><c>enroll</c> never guesses which face of a group photo is the person, and says when the person has no record.</summary>
public sealed class CliEnrollTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("classroom-cli-enroll-").FullName;

    [Fact]
    public void A_group_photo_is_refused_with_its_faces_listed_until_one_is_chosen()
    {
        var group = SamplePhotos.Path(1); // three people
        var data = Path.Combine(_folder, "data");

        var refused = Cli("enroll", "--name", "ada", group, "--data", data);
        var chosen = Cli("enroll", "--name", "ada", group, "--face", "2", "--data", data);
        var listed = Cli("faces", "list", "--data", data);

        Assert.Equal(1, refused.Exit);
        Assert.Contains("3 faces; choose one with --face N: 1: ", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("0 face(s) added", refused.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, chosen.Exit);
        Assert.Contains("1 face(s) added", chosen.Stdout, StringComparison.Ordinal);
        Assert.Contains("ada has no student record", chosen.Stderr, StringComparison.Ordinal);
        Assert.Contains("ada", listed.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_given_with_the_face_silences_the_no_record_notice()
    {
        var (exit, _, stderr) = Cli("enroll", "--name", "ada", SamplePhotos.Path(1), "--face", "1", "--major", "math", "--year", "junior", "--data", Path.Combine(_folder, "data"));

        Assert.Equal(0, exit);
        Assert.DoesNotContain("no student record", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (int Exit, string Stdout, string Stderr) Cli(params string[] args) =>
        MediaFolder.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "classroom.dll"), .. args], _folder);
}
