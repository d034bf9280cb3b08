using Classroom.Recognition.Pipeline;

namespace Classroom.Cli.Tests.EndToEnd;

/// <summary>
/// The whole pipeline on generated videos. Distance bounds: the videos show the very photo each student was enrolled
/// from, re-encoded and zoomed, so the right match is near (measured ≈0.06–0.15; bound 0.35, well under the 0.6
/// tolerance), and the cast is picked so different people are more than 0.65 apart.
/// </summary>
[Collection(PipelineTestGroup.Name)]
public sealed class PipelineEndToEndTests(PipelineVideos videos)
{
    private const double SamePhotoBound = 0.35;

    private Task<VideoResult> Run(string file, RecognitionMode mode = RecognitionMode.First) =>
        videos.Processor().ProcessAsync(videos.PathOf(file), mode, CancellationToken.None);

    [Theory]
    [InlineData(RecognitionMode.First)]
    [InlineData(RecognitionMode.All)]
    public async Task An_enrolled_face_is_recognised_with_the_right_record(RecognitionMode mode)
    {
        var result = await Run("enrolled.mp4", mode);

        Assert.Equal(VideoStatus.Recognized, result.Status);
        var student = Assert.Single(result.Students);
        Assert.Equal(("ada", "computer_science", "junior"), (student.Name, student.Major, student.Year));
        Assert.InRange(student.Distance, 0, SamePhotoBound);
        Assert.Equal(TimeSpan.Zero, student.Time);
        Assert.Equal("name,major,year\r\nada,computer_science,junior\r\n", ResultCsv.ToText(result));
    }

    [Fact]
    public async Task An_unknown_face_is_an_unknown_person()
    {
        var result = await Run("unknown.mp4", RecognitionMode.All);

        Assert.Equal(VideoStatus.UnknownPerson, result.Status);
        Assert.Empty(result.Students);
        Assert.Equal(1, result.UnknownFaces); // one stranger, seen in every frame, counted once
    }

    [Fact]
    public async Task A_video_without_faces_is_no_face()
    {
        var result = await Run("no-face.mp4", RecognitionMode.All);

        Assert.Equal((VideoStatus.NoFace, 0, 0), (result.Status, result.Students.Count, result.UnknownFaces));
    }

    [Fact]
    public async Task An_enrolled_face_without_a_record_is_no_record_and_named()
    {
        var result = await Run("no-record.mp4");

        Assert.Equal(VideoStatus.NoRecord, result.Status);
        var student = Assert.Single(result.Students);
        Assert.Equal(("barbara", null, null), (student.Name, student.Major, student.Year));
    }

    [Fact]
    public async Task All_mode_finds_a_second_student_who_appears_after_one_second()
    {
        var result = await Run("second-after-1s.mp4", RecognitionMode.All);

        Assert.Equal(VideoStatus.Recognized, result.Status);
        Assert.Equal(["ada", "grace"], result.Students.Select(s => s.Name));
        Assert.Equal(TimeSpan.Zero, result.Students[0].Time);

        // grace's shot starts at 1.0 s; at 2 samples per second she is first sampled at 1.0 s (0.5 s grace for the cut).
        Assert.InRange(result.Students[1].Time.TotalSeconds, 1.0, 1.5);
    }

    [Fact]
    public async Task First_mode_answers_with_the_first_student_and_stops()
    {
        var result = await Run("second-after-1s.mp4");

        Assert.Equal("ada", Assert.Single(result.Students).Name);
    }

    [Fact]
    public async Task A_webm_vp9_video_is_recognised()
    {
        var result = await Run("vp9.webm");

        Assert.Equal("grace", Assert.Single(result.Students).Name);
    }

    [Fact]
    public async Task A_phone_video_stored_sideways_with_rotation_metadata_is_recognised_upright()
    {
        await foreach (var frame in videos.Frames.ReadFramesAsync(videos.PathOf("phone.mp4"), CancellationToken.None))
        {
            Assert.Equal((720, 1280), (frame.Image.Width, frame.Image.Height)); // stored 1280x720, shown portrait
            break;
        }

        var result = await Run("phone.mp4");

        // Sideways faces are not found by the detector: recognising hedy proves the frames were turned upright.
        Assert.Equal("hedy", Assert.Single(result.Students).Name);
    }

    [Fact]
    public async Task A_video_whose_first_second_is_black_is_recognised_from_the_first_frame_with_a_face()
    {
        var result = await Run("black-first-second.mp4");

        var student = Assert.Single(result.Students);
        Assert.Equal("katherine", student.Name);
        Assert.InRange(student.Time.TotalSeconds, 1.0, 1.5);
    }

    [Fact]
    public async Task A_stricter_tolerance_turns_a_match_into_an_unknown_person()
    {
        // The enrolled photo's own video matches at ≈0.1; a tolerance of 0.01 is below that.
        var result = await videos.Processor(tolerance: 0.01).ProcessAsync(videos.PathOf("enrolled.mp4"), RecognitionMode.First, CancellationToken.None);

        Assert.Equal(VideoStatus.UnknownPerson, result.Status);
    }
}
