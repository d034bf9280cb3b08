using Classroom.Cli.Demo;
using Classroom.Recognition.Pipeline;
using Classroom.Recognition.Roster;
using Classroom.Cli.Tests.EndToEnd;
using Classroom.Recognition.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Classroom.Cli.Tests.Robustness;

/// <summary>
/// Issue 9's degradation suite (late start, 360p, low-bitrate webm, mirrored, dark, sideways, black lead-in, two
/// students, beside a stranger, a crowd of strangers) through the real pipeline, graded as <c>bench robustness</c>
/// grades it, in the mode of each kind and again all in all mode. A wrong name fails either test outright.
/// </summary>
[Collection(PipelineTestGroup.Name)]
public sealed class DegradationSuiteTests(PipelineVideos videos, ITestOutputHelper output)
{
    [Fact]
    public async Task The_suite_from_the_package_photos_names_nobody_wrongly_enrolled_or_not_and_at_least_95_percent_rightly()
    {
        // Three of the demo cast's students (30 videos keep the test under a minute); the strangers are the cast's.
        using var folder = new MediaFolder();
        var students = videos.Cast.Students.Take(3).ToList();
        var clips = new List<SuiteClip>();
        foreach (var s in students)
        {
            var clip = new SuiteClip(folder.PathOf(s.Name + ".mp4"), s.Name);
            await SampleVideos.MakeAsync("ffmpeg", clip.Path, [s.Shot(2)], 1280, 720);
            clips.Add(clip);
        }

        var strangers = videos.Cast.Strangers.Select(s => new Still(s.Photo, s.Region)).ToList();
        var suite = await DegradationSuite.BuildAsync("ffmpeg", clips, strangers, folder.PathOf("suite"), DegradationSuite.AllKinds, CancellationToken.None);

        // 95 %: issue 9's goal; on these photos it is met with room (the cse546 suite below is the harder one).
        await AssertGradedAsync(videos.Processor(), suite, minimumRight: 0.95);

        // A student who is not enrolled is named as nobody else (in the mode of each kind; bench robustness adds all mode).
        foreach (var (student, leftOut) in DegradationSuite.NotEnrolled(suite))
        {
            var graded = await DegradationSuite.RunAsync(videos.Processor(notEnrolled: student), leftOut, 2, CancellationToken.None);
            Assert.Empty(graded.Where(g => g.Outcome == SuiteOutcome.WrongName).Select(g => $"{student} not enrolled: {Path.GetFileName(g.Video.Path)}: {ResultJson.ToJson(g.Result)}"));
        }
    }

    [AcceptanceFact]
    public async Task The_suite_from_the_original_clips_names_nobody_wrongly()
    {
        var known = KnownFacesFile.Read(SharedWorkload.PathOf("encoding.dat"));
        var clips = DegradationSuite.Cse546Clips(SharedWorkload.Folder!);
        var strangers = DegradationSuite.StrangersFor(videos.Engine, known, DemoCast.FindPhotoFolder(), CancellationToken.None);
        using var folder = new MediaFolder();
        var suite = await DegradationSuite.BuildAsync("ffmpeg", clips, strangers, folder.Root, DegradationSuite.AllKinds, CancellationToken.None);
        var processor = new VideoProcessor(videos.Frames, videos.Engine, new InMemoryKnownFaceStore(known),
            new InMemoryStudentRecords(StudentRecordsFile.Read(SharedWorkload.PathOf("student_data.json"))),
            Options.Create(new MatchingOptions()), NullLogger<VideoProcessor>.Instance);

        // Issue 9's goal, 95 %: 76 of 80, what the pipeline reaches in either mode (docs/face-engine.md), so a change that
        // loses a right answer fails here; a wrong name fails whatever the count.
        await AssertGradedAsync(processor, suite, minimumRight: 0.95);
    }

    private async Task AssertGradedAsync(IVideoProcessor processor, IReadOnlyList<SuiteVideo> suite, double minimumRight)
    {
        foreach (var (title, videosToRun) in new[] { ("as graded", suite), ("all mode", [.. suite.Select(v => v with { Mode = RecognitionMode.All })]) })
        {
            var graded = await DegradationSuite.RunAsync(processor, videosToRun, 2, CancellationToken.None);
            foreach (var g in graded.Where(g => g.Outcome != SuiteOutcome.Right))
            {
                output.WriteLine($"{title}: {g.Outcome} {Path.GetFileName(g.Video.Path)}: {ResultJson.ToJson(g.Result)}");
            }

            var right = graded.Count(g => g.Outcome == SuiteOutcome.Right);
            output.WriteLine($"{title}: {right}/{graded.Count} right");
            Assert.Empty(graded.Where(g => g.Outcome == SuiteOutcome.WrongName).Select(g => $"{Path.GetFileName(g.Video.Path)}: {ResultJson.ToJson(g.Result)}"));
            Assert.True(right >= minimumRight * graded.Count, $"{title}: {right}/{graded.Count} right, fewer than {minimumRight:P0}");
        }
    }
}
