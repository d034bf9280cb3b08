using System.Text.RegularExpressions;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Tests.Support;
using SkiaSharp;

namespace Classroom.Cli.Tests.EndToEnd;

/// <summary>Runs only where Debian's chromium is installed (./test.sh installs it), reported as skipped with the reason otherwise.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public static string? Chromium { get; } = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    public ChromiumFactAttribute()
    {
        if (Chromium is null)
        {
            Skip = "chromium is not installed (scripts/setup.sh --test-tools installs it): the report's rendering is not checked";
        }
    }
}

/// <summary><c>process --report</c>: one self-contained page of the decisions with the faces, that a browser renders cleanly.</summary>
[Collection(PipelineTestGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // chromium is Debian's: Linux only
public sealed class CliReportTests(PipelineVideos videos) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("classroom-cli-report-").FullName;

    [ChromiumFact]
    public void The_report_shows_each_decision_with_its_faces_inline_and_renders_without_errors()
    {
        var (faces, students) = RosterFiles();
        var report = Path.Combine(_folder, "report.html");

        var run = MediaFolder.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "classroom.dll"), "process",
            videos.PathOf("enrolled.mp4"), videos.PathOf("unknown.mp4"), videos.PathOf("no-face.mp4"), "--mode", "all",
            "--faces", faces, "--students", students, "--report", report, "--out", Path.Combine(_folder, "csv")], _folder);

        Assert.Equal(0, run.Exit);
        var html = File.ReadAllText(report);
        Assert.Contains("biometric data", html, StringComparison.Ordinal);
        Assert.Contains(">ada<", html, StringComparison.Ordinal); // enrolled.mp4's student, named in its table
        Assert.Contains("Faces nobody was named for", html, StringComparison.Ordinal); // unknown.mp4's visitor
        Assert.Contains("no_face: no face found", html, StringComparison.Ordinal);
        // Three pictures at least: ada's crop and frame, the visitor's crop; every one inline, nothing fetched.
        Assert.True(Regex.Count(html, "src=\"data:image/jpeg;base64,") >= 3, "inline images missing");
        Assert.DoesNotMatch("src=\"(?!data:)", html);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(report)); // it holds faces

        var screenshot = Path.Combine(_folder, "report.png");
        var chrome = MediaFolder.Run(ChromiumFactAttribute.Chromium!, ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
            $"--screenshot={screenshot}", "--window-size=1200,1600", new Uri(report).AbsoluteUri], _folder);

        Assert.True(File.Exists(screenshot), chrome.Stderr);
        // The page's own console (script errors, CSP refusals) reaches chromium's log as CONSOLE lines; none is expected.
        Assert.DoesNotMatch("CONSOLE|Refused to", chrome.Stderr);
        using var bitmap = SKBitmap.Decode(screenshot);
        var pixels = bitmap.Pixels;
        var inked = pixels.Count(p => p.Red < 200 || p.Green < 200 || p.Blue < 200);
        // A blank (white) page has no ink; text and the inline pictures give well over 2 % of the first screen.
        Assert.True(inked > pixels.Length / 50, $"the screenshot is nearly blank: {inked} of {pixels.Length} pixels inked");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (string Faces, string Students) RosterFiles()
    {
        var faces = Path.Combine(_folder, "faces.json");
        KnownFacesFile.Write(faces, videos.Cast.Students.Select(s => new KnownFace(s.Name, s.Descriptor)));
        var students = Path.Combine(_folder, "students.json");
        using (var stream = File.Create(students))
        {
            StudentRecordsFile.Write(stream, videos.Cast.Students.Where(s => s.Record is not null).Select(s => s.Record!));
        }

        return (faces, students);
    }
}
