using Classroom.Recognition.Detection;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Hosting;
using Classroom.Recognition.Models;

namespace Classroom.Recognition.Tests.Detection;

/// <summary>What the default detector finds on real photos, on faceless images, and where its boxes land.</summary>
public sealed class SsdMobilenetV1DetectorTests(DetectorFixture detectors) : IClassFixture<DetectorFixture>
{
    [Theory]
    [InlineData(1, 3, "three women side by side, all faces frontal or three-quarter, none hidden")]
    [InlineData(2, 3, "three women on a sofa: the left one in near profile, the middle one looking down; all clearly visible")]
    [InlineData(3, 3, "three women on a bench, all frontal; the middle face is in shadow")]
    [InlineData(4, 4, "four women posing; the rightmost face is partly turned but fully visible")]
    [InlineData(5, 5, "five women on a staircase at different depths, all facing the camera")]
    [InlineData(6, 4, "four women standing close, all frontal")]
    public void Finds_every_face_a_person_would_count_in_the_demo_photos(int sample, int faces, string why)
    {
        var found = detectors.Ssd.Detect(SampleImages.Sample(sample));

        Assert.True(found.Count == faces, $"sample{sample}.jpg ({why}): expected {faces} faces, found {found.Count}.");
        // Distinct people, not one face found twice: the boxes do not overlap.
        foreach (var (a, i) in found.Select((b, i) => (b, i)))
        {
            Assert.All(found.Skip(i + 1), b => Assert.True(Overlap(a, b) < 0.1f, $"sample{sample}: two boxes overlap: {a} and {b}."));
            // A face in these 1920-px-wide group photos is 150-300 px across.
            Assert.InRange(a.Width, 100, 400);
            Assert.InRange(a.Height, 100, 400);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(128)]
    [InlineData(255)]
    [InlineData(null)]
    public void A_blank_or_noise_image_has_no_face(int? grey)
    {
        var image = DetectorFixture.Plain(1280, 720, (byte?)grey, seed: 5);

        Assert.Empty(detectors.Ssd.Detect(image));
    }

    [Fact]
    public void Boxes_are_in_image_pixels_whatever_the_image_size()
    {
        // The same photo at half size: every box halves. The net sees the photo letterboxed to 512 either way,
        // so its inputs differ only by resampling (measured: 0.8 %); 2 % of the face size allows that, and a
        // mapping slip (padding, aspect, scale) would be off by the whole box.
        var full = detectors.Ssd.Detect(SampleImages.Sample(1));
        var half = detectors.Ssd.Detect(SampleImages.Sample(1, "scale=960:640"));

        AssertSameFaces(full, half.Select(b => Scale(b, 2)).ToList(), 0.02f);
    }

    [Fact]
    public void Boxes_follow_the_face_when_the_photo_is_shifted_inside_a_larger_frame()
    {
        // The half-size photo (960x640) placed at (37, 190) in a black 1000x1000 frame: the net sees each face
        // at 0.96 of the size, at other positions relative to its anchor grid, with black above and left, yet
        // every box must come back shifted by exactly (37, 190). SSD's box regression moves by a few percent of
        // the face size with grid phase (measured: 3.0 %); allow 6 %. A slip in the offset, padding or scale
        // would be off by 20 % (the offset is 40 % of a face) to 100 %.
        var half = SampleImages.Sample(1, "scale=960:640");
        const int frame = 1000, left = 37, top = 190;
        var canvas = new byte[frame * frame * 3];
        for (var y = 0; y < half.Height; y++)
        {
            half.Pixels.AsSpan(y * half.Width * 3, half.Width * 3).CopyTo(canvas.AsSpan((((top + y) * frame) + left) * 3));
        }

        var alone = detectors.Ssd.Detect(half);
        var framed = detectors.Ssd.Detect(new RgbImage(frame, frame, canvas));

        AssertSameFaces(alone, [.. framed.Select(b => b with { X = b.X - left, Y = b.Y - top })], 0.06f);
    }

    [Theory]
    [InlineData(FaceDetectorKind.Ssd)]
    [InlineData(FaceDetectorKind.Tiny)]
    public void Every_box_lies_inside_the_image_even_at_the_lowest_confidence(FaceDetectorKind kind)
    {
        // A wide strip of a photo (mostly letterbox padding for the net) with a near-zero threshold: hundreds of
        // weak boxes, some at or beyond the edges or in the padding. Each must come back trimmed to the image
        // and non-empty, so later stages can crop it.
        var strip = SampleImages.Sample(1, "crop=1920:300:0:330");
        using var detector = FaceDetectors.Create(new FaceModelOptions { Detector = kind, MinConfidence = 0.001f });

        var boxes = detector.Detect(strip);

        Assert.True(boxes.Count > 10, $"only {boxes.Count} boxes at confidence 0.001");
        Assert.All(boxes, b =>
        {
            Assert.InRange(b.X, 0, strip.Width - 1);
            Assert.InRange(b.Y, 0, strip.Height - 1);
            Assert.InRange(b.X + b.Width, b.X + 1, strip.Width);
            Assert.InRange(b.Y + b.Height, b.Y + 1, strip.Height);
        });
    }

    [Fact]
    public void Min_confidence_and_max_results_are_applied()
    {
        var image = SampleImages.Sample(3);
        var all = detectors.Ssd.Detect(image);
        using var strict = new SsdMobilenetV1Detector(new FaceModelOptions { MinConfidence = 0.9f });
        using var one = new SsdMobilenetV1Detector(new FaceModelOptions { MaxResults = 1 });

        var confident = strict.Detect(image);
        var best = one.Detect(image);

        // sample3's middle face scores ~0.62 at the default 0.5; the other two above 0.9.
        Assert.Equal(all.Where(f => f.Score > 0.9f), confident);
        Assert.True(confident.Count < all.Count);
        Assert.Equal([all[0]], best);
        Assert.Equal(all.OrderByDescending(f => f.Score), all);
    }

    [Fact]
    public void The_factory_builds_the_configured_detector_and_checks_options()
    {
        using var ssd = FaceDetectors.Create(new FaceModelOptions());
        using var tiny = FaceDetectors.Create(new FaceModelOptions { Detector = FaceDetectorKind.Tiny, InputSize = 320 });

        Assert.IsType<SsdMobilenetV1Detector>(ssd);
        Assert.Equal(320, Assert.IsType<TinyFaceDetector>(tiny).InputSize);
        var validator = new OptionsRules<FaceModelOptions>();
        Assert.True(validator.Validate(null, new FaceModelOptions { MinConfidence = 1.5f }).Failed);
        Assert.True(validator.Validate(null, new FaceModelOptions { MaxResults = -1 }).Failed);
        Assert.True(validator.Validate(null, new FaceModelOptions { Detector = FaceDetectorKind.Tiny, InputSize = 100 }).Failed);
    }

    /// <summary>Same number of faces, matched by position; every edge within <paramref name="fraction"/> of the face's size.</summary>
    internal static void AssertSameFaces(IReadOnlyList<FaceBox> expected, IReadOnlyList<FaceBox> actual, float fraction)
    {
        Assert.Equal(expected.Count, actual.Count);
        var worst = 0f;
        foreach (var e in expected)
        {
            var a = actual.MinBy(b => MathF.Abs(b.X - e.X) + MathF.Abs(b.Y - e.Y));
            var (dx, dy) = (fraction * e.Width, fraction * e.Height);
            Assert.True(
                MathF.Abs(a.X - e.X) <= dx && MathF.Abs(a.Y - e.Y) <= dy &&
                MathF.Abs(a.X + a.Width - e.X - e.Width) <= dx && MathF.Abs(a.Y + a.Height - e.Y - e.Height) <= dy,
                $"Box {a} is not within {fraction:P0} of {e}.");
            worst = Math.Max(worst, Math.Max(
                Math.Max(MathF.Abs(a.X - e.X), MathF.Abs(a.X + a.Width - e.X - e.Width)) / e.Width,
                Math.Max(MathF.Abs(a.Y - e.Y), MathF.Abs(a.Y + a.Height - e.Y - e.Height)) / e.Height));
        }

        Console.WriteLine($"largest edge difference: {worst:P2} of the face size (tolerance {fraction:P0})");
    }

    private static FaceBox Scale(FaceBox b, float s) => b with { X = b.X * s, Y = b.Y * s, Width = b.Width * s, Height = b.Height * s };

    /// <summary>Intersection over the smaller box.</summary>
    private static float Overlap(FaceBox a, FaceBox b)
    {
        var w = Math.Max(0, Math.Min(a.X + a.Width, b.X + b.Width) - Math.Max(a.X, b.X));
        var h = Math.Max(0, Math.Min(a.Y + a.Height, b.Y + b.Height) - Math.Max(a.Y, b.Y));
        return w * h / Math.Min(a.Area, b.Area);
    }
}
