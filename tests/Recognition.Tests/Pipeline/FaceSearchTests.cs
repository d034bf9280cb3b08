using System.Runtime.CompilerServices;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Pipeline;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Video;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Classroom.Recognition.Tests.Pipeline.Descriptors;

namespace Classroom.Recognition.Tests.Pipeline;

/// <summary>The second looks, with an engine double that sees a face only where a marker pixel says the frame is upright.</summary>
public sealed class FaceSearchTests
{
    private const int W = 8, H = 6;

    /// <summary>Finds ada's face (a box in the top-left quarter) when pixel (0,0) is the white marker, and in no other image.</summary>
    private sealed class UprightOnlyEngine : IFaceEngine
    {
        public int Calls { get; private set; }

        public IReadOnlyList<DetectedFace> FindFaces(RgbImage image, CancellationToken cancellationToken = default)
        {
            Calls++;
            return image.Pixels[0] == 255 && image.Pixels[1] == 255
                ? [new DetectedFace(new FaceBox(0, 0, image.Width / 2f, image.Height / 2f, 0.9f), [], [], Person(0))]
                : [];
        }
    }

    /// <summary>
    /// Frames stored a quarter turn clockwise without metadata: the marker sits at the top right, where a clockwise turn of
    /// (0,0) lands (or, <paramref name="upright"/>, frames stored upright: the marker at (0,0)).
    /// </summary>
    private sealed class SidewaysFrames(int count, bool upright = false) : IVideoFrameSource
    {
        public async IAsyncEnumerable<VideoFrame> ReadFramesAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            for (var k = 0; k < count; k++)
            {
                var pixels = new byte[W * H * 3];
                for (var i = 0; i < pixels.Length; i++)
                {
                    pixels[i] = (byte)(100 + (i % 97)); // texture, well lit: not a blank frame, not a dim one
                }

                var marker = upright ? 0 : (W - 1) * 3;
                pixels[marker] = pixels[marker + 1] = pixels[marker + 2] = 255;
                yield return new VideoFrame(k, TimeSpan.FromSeconds(k / 2.0), new RgbImage(W, H, pixels));
            }
        }
    }

    private static VideoProcessor Processor(IFaceEngine engine, FaceSearchOptions search, bool upright = false, KnownFace? bob = null) => new(
        new SidewaysFrames(6, upright), engine, new InMemoryKnownFaceStore([Known("ada", 0), bob ?? Known("bob", 1)]),
        new InMemoryStudentRecords([new StudentRecord("ada", "math", "junior", 1)]),
        Options.Create(new MatchingOptions()), NullLogger<VideoProcessor>.Instance, Options.Create(search));

    [Fact]
    public async Task A_sideways_video_is_read_turned_back_and_the_box_is_given_in_the_frame_as_stored()
    {
        var engine = new UprightOnlyEngine();

        var result = await Processor(engine, new FaceSearchOptions()).ProcessAsync("v.mp4", RecognitionMode.All, CancellationToken.None);

        var ada = Assert.Single(result.Students);
        Assert.Equal("ada", ada.Name);
        Assert.Equal(TimeSpan.Zero, ada.Time);
        // Upright the face is the top-left quarter (3×4 of the 6×8 upright frame); stored, that is the top-right 4×3 corner.
        Assert.Equal(new FaceBox(W / 2f, 0, W / 2f, H / 2f, 0.9f), ada.Box);
        // Once the turn is settled on the first frame, each later frame is one look: 4 looks for the first, 1 for the other 5 (+ no mirror: ada is decisive).
        Assert.Equal(4 + 5, engine.Calls);
    }

    [Fact]
    public async Task Without_turns_and_mirror_the_sideways_video_shows_nobody()
    {
        // (The mirror alone would find this face: the double's marker is mirrored to the top left too.)
        var result = await Processor(new UprightOnlyEngine(), new FaceSearchOptions { Turns = false, Mirror = false }).ProcessAsync("v.mp4", RecognitionMode.First, CancellationToken.None);

        Assert.Equal(VideoStatus.NoFace, result.Status);
    }

    /// <summary>
    /// Sees one face in every turn, the whole image: read upright (marker at (0,0)) it is 0.55 from ada — a name, but not
    /// a decisive one, so no turn settles — and in any other turn a misaligned read near the other misreads, far from
    /// everyone, which the detector scores higher.
    /// </summary>
    private sealed class MisreadsInEveryTurnEngine : IFaceEngine
    {
        public IReadOnlyList<DetectedFace> FindFaces(RgbImage image, CancellationToken cancellationToken = default)
        {
            var marker = Enumerable.Range(0, image.Width * image.Height).First(p => image.Pixels[p * 3] == 255 && image.Pixels[(p * 3) + 1] == 255);
            return marker == 0
                ? [new DetectedFace(new FaceBox(0, 0, image.Width, image.Height, 0.7f), [], [], Person(0, nudge: 0.39f))]
                : [new DetectedFace(new FaceBox(0, 0, image.Width, image.Height, 0.95f), [], [], Person(5, nudge: 0.05f + (0.01f * (marker % 5))))];
        }
    }

    [Fact]
    public async Task When_no_turn_names_anyone_decisively_the_read_that_stands_apart_from_the_misreads_is_the_upright_one()
    {
        // The detector's confidence would pick a misread turn (0.95 against 0.7) and name nobody; the upright read lies
        // ~1.3 from the misreads, which lie within 0.1 of each other (the margin here is far wider than the clips' 0.06 or more).
        var result = await Processor(new MisreadsInEveryTurnEngine(), new FaceSearchOptions { Mirror = false }).ProcessAsync("v.mp4", RecognitionMode.All, CancellationToken.None);

        Assert.Equal(VideoStatus.Recognized, result.Status);
        Assert.Equal("ada", Assert.Single(result.Students).Name);
        Assert.Equal(0, result.UnknownFaces);
    }

    /// <summary>
    /// An upright video whose face reads blurred: upright between ada and a bob who resembles her (0.28 and 0.35: ambiguous,
    /// so no turn settles), scored 0.6; upside down a misread that stands 0.04 farther apart from the two quarter-turn
    /// misreads than the upright read does, scored 0.95.
    /// </summary>
    private sealed class BlurredUprightEngine : IFaceEngine
    {
        public IReadOnlyList<DetectedFace> FindFaces(RgbImage image, CancellationToken cancellationToken = default)
        {
            var pixels = image.Width * image.Height;
            var marker = Enumerable.Range(0, pixels).First(p => image.Pixels[p * 3] == 255 && image.Pixels[(p * 3) + 1] == 255);
            var (descriptor, score) = marker switch
            {
                0 => (Person(0, nudge: 0.2f), 0.6f), // upright: 1.259 from the quarter-turn misreads, 1.296 from the upside-down one
                _ when marker == pixels - 1 => (Person(7), 0.95f), // upside down: 1.380 from the quarter-turn misreads
                _ => (Person(5, nudge: 0.05f + (0.01f * (marker % 5))), 0.8f), // the quarter turns: within 0.02 of each other
            };
            return [new DetectedFace(new FaceBox(0, 0, image.Width, image.Height, score), [], [], descriptor)];
        }
    }

    [Fact]
    public async Task A_blurred_upright_read_keeps_its_turn_when_a_misread_stands_apart_by_less_than_the_margin()
    {
        // Both the upright read and the upside-down misread stand apart (within 0.1 of each other): the turn looked at first
        // keeps its place, and the face is the ada-or-bob it is; the most apart read alone, or the detector's confidence,
        // would read the video upside down, where the face is nobody.
        var result = await Processor(new BlurredUprightEngine(), new FaceSearchOptions { Mirror = false }, upright: true, bob: new KnownFace("bob", Person(0, nudge: 0.45f)))
            .ProcessAsync("v.mp4", RecognitionMode.All, CancellationToken.None);

        Assert.Equal(VideoStatus.Ambiguous, result.Status);
        Assert.Equal(["ada", "bob"], result.Candidates!.Select(c => c.Name));
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(4, 0)]
    public void Out_of_range_search_settings_are_refused_with_the_setting_named(int opening, int retryEvery)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new FaceSearchOptions { OpeningFrames = opening, RetryEvery = retryEvery }.Validate());
        Assert.Contains(FaceSearchOptions.SectionName, e.Message, StringComparison.Ordinal);
    }
}
