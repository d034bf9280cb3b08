using System.Diagnostics;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Tests.Support;

namespace Classroom.Cli.Tests.EndToEnd;

/// <summary>A batch shows itself as it goes: JSON lines on stdout and progress lines on a piped stderr as each video finishes.</summary>
[Collection(PipelineTestGroup.Name)]
public sealed class CliStreamingTests(PipelineVideos videos) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("classroom-cli-stream-").FullName;

    [Fact]
    public async Task The_first_json_line_arrives_while_the_last_video_is_still_being_read()
    {
        // 90 s of test pattern in all mode: 180 sampled frames, seconds of work after the short clip's line is out.
        var longVideo = Path.Combine(_folder, "z-long.mp4");
        MediaFolder.Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=5", "-t", "90", "-c:v", "libx264", "-pix_fmt", "yuv420p", longVideo);
        var faces = Path.Combine(_folder, "faces.json");
        KnownFacesFile.Write(faces, [new KnownFace("someone", [.. Enumerable.Repeat(0.088f, 128)])]);
        var students = Path.Combine(_folder, "students.json");
        using (var stream = File.Create(students))
        {
            StudentRecordsFile.Write(stream, [new StudentRecord("someone", "math", "junior")]);
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "classroom.dll"), "process", videos.PathOf("no-face.mp4"), longVideo,
                     "--mode", "all", "--json", "--parallel", "1", "--faces", faces, "--students", students, "--out", Path.Combine(_folder, "out") })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        var first = await process.StandardOutput.ReadLineAsync();
        var firstAt = clock.Elapsed;
        var rest = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var exitAt = clock.Elapsed;

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("no-face.mp4", first, StringComparison.Ordinal);
        Assert.Contains("z-long.mp4", rest, StringComparison.Ordinal);
        // The long video alone takes seconds (180 frames through the engine); a line held back to the end would arrive within
        // a few milliseconds of the exit. One second is far above pipe latency and far below the long video's work.
        Assert.True(exitAt - firstAt > TimeSpan.FromSeconds(1), $"first line at {firstAt.TotalSeconds:F1} s, exit at {exitAt.TotalSeconds:F1} s");
        var progress = (await stderr).Split('\n').Where(l => l.StartsWith('[')).ToList();
        Assert.Equal(2, progress.Count);
        Assert.StartsWith("[1/2] no-face.mp4: no_face", progress[0], StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
