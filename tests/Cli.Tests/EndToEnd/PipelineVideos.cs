using Classroom.Cli.Demo;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Models;
using Classroom.Recognition.Pipeline;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Tests.Support;
using Classroom.Recognition.Video;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Classroom.Cli.Tests.EndToEnd;

/// <summary>
/// The real face engine, a cast from face-api's sample photos (the demo's), and videos made from them with ffmpeg
/// into a temp folder: made once for every end-to-end test.
/// </summary>
public sealed class PipelineVideos : IDisposable
{
    private readonly MediaFolder _media = new();
    private readonly FaceEngine _engine;

    public PipelineVideos()
    {
        _engine = FaceEngine.Create(new FaceModelOptions());
        Engine = _engine;
        var cast = DemoCast.Build(_engine, DemoCast.FindPhotoFolder(), CancellationToken.None);
        Cast = cast;
        Frames = new FFmpegFrameSource(Options.Create(new VideoOptions()), NullLogger<FFmpegFrameSource>.Instance);

        var jobs = new List<Task>
        {
            Make("enrolled.mp4", [cast.Student("ada").Shot(2)]),
            Make("unknown.mp4", [cast.Visitor.Shot(2)]),
            Make("no-face.mp4", [Shot.Black(2)]),
            Make("no-record.mp4", [cast.Student("barbara").Shot(2)]),
            Make("second-after-1s.mp4", [cast.Student("ada").Shot(1), cast.Student("grace").Shot(1.5)]),
            Make("vp9.webm", [cast.Student("grace").Shot(2)], format: SampleFormat.WebmVp9),
            Make("phone.mp4", [cast.Student("hedy").Shot(2)], width: 720, height: 1280, phone: true),
            Make("black-first-second.mp4", [Shot.Black(1), cast.Student("katherine").Shot(1.5)]),
        };
        Task.WaitAll([.. jobs]);

        Empty = _media.PathOf("empty.mp4");
        File.WriteAllBytes(Empty, []);
        var whole = File.ReadAllBytes(PathOf("enrolled.mp4"));
        Truncated = _media.PathOf("truncated.mp4");
        File.WriteAllBytes(Truncated, whole[..(whole.Length / 2)]);
        RandomBytes = _media.PathOf("random.mp4");
        var noise = new byte[100_000];
        new Random(546).NextBytes(noise);
        File.WriteAllBytes(RandomBytes, noise);
        ImageAsVideo = _media.PathOf("photo.mp4");
        File.Copy(cast.Student("ada").Photo, ImageAsVideo);
        AudioOnly = MediaFolder.Ffmpeg("-f", "lavfi", "-i", "sine=d=1", "-c:a", "aac", _media.PathOf("audio-only.mp4"));
        Missing = _media.PathOf("not-there.mp4");
        Unicode = _media.PathOf("Vorlesung 3 – Çalışma ☺.mp4");
        File.Copy(PathOf("enrolled.mp4"), Unicode);
    }

    public IFaceEngine Engine { get; }

    internal DemoCast Cast { get; }

    public IVideoFrameSource Frames { get; }

    public string Empty { get; }
    public string Truncated { get; }
    public string RandomBytes { get; }
    public string ImageAsVideo { get; }
    public string AudioOnly { get; }
    public string Missing { get; }
    public string Unicode { get; }

    public string PathOf(string name) => _media.PathOf(name);

    /// <summary>
    /// A processor over the cast: every student's face known (but <paramref name="notEnrolled"/>'s), records for those who
    /// have one; ffmpeg decodes unless <paramref name="frames"/> is given.
    /// </summary>
    public VideoProcessor Processor(double tolerance = 0.6, IVideoFrameSource? frames = null, string? notEnrolled = null) => new(
        frames ?? Frames, Engine,
        new InMemoryKnownFaceStore(Cast.Students.Where(s => s.Name != notEnrolled).Select(s => new KnownFace(s.Name, s.Descriptor))),
        new InMemoryStudentRecords(Cast.Students.Where(s => s.Record is not null).Select(s => s.Record!)),
        Options.Create(new MatchingOptions { Tolerance = tolerance }), NullLogger<VideoProcessor>.Instance);

    /// <summary>A processor for the original's workload: its encoding.dat and student_data.json.</summary>
    public VideoProcessor WorkloadProcessor() => new(
        Frames, Engine,
        new InMemoryKnownFaceStore(KnownFacesFile.Read(SharedWorkload.PathOf("encoding.dat"))),
        new InMemoryStudentRecords(StudentRecordsFile.Read(SharedWorkload.PathOf("student_data.json"))),
        Options.Create(new MatchingOptions()), NullLogger<VideoProcessor>.Instance);

    private Task Make(string name, Shot[] shots, int width = 1280, int height = 720, SampleFormat format = SampleFormat.Mp4H264, bool phone = false) =>
        SampleVideos.MakeAsync("ffmpeg", _media.PathOf(name), shots, width, height, format, phone);

    public void Dispose()
    {
        _engine.Dispose();
        _media.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class PipelineTestGroup : ICollectionFixture<PipelineVideos>
{
    public const string Name = "pipeline end to end";
}
