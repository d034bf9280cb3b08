using Classroom.ModelBuilder.Graphs;
using Classroom.Recognition.Detection;
using Classroom.Recognition.Models;

namespace Classroom.Recognition.Tests.Detection;

/// <summary>The Tiny detector: its graphs at several input sizes, faceless images, and faces it does find.</summary>
public sealed class TinyFaceDetectorTests(DetectorFixture detectors) : IClassFixture<DetectorFixture>
{
    [Theory]
    [InlineData(320, 10)]
    [InlineData(416, 13)]
    [InlineData(608, 19)]
    public void The_graph_for_each_input_size_gives_one_cell_per_32_pixels(int inputSize, int cells)
    {
        using var tiny = new TinyFaceDetector(new FaceModelOptions { InputSize = inputSize });

        var grid = tiny.RunNetwork(new float[3 * inputSize * inputSize]);

        Assert.Equal(cells * cells * TinyFaceDetectorGraph.Channels, grid.Length);
        Assert.All(grid, v => Assert.True(float.IsFinite(v)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(128)]
    [InlineData(255)]
    [InlineData(null)]
    public void A_blank_or_noise_image_has_no_face(int? grey)
    {
        Assert.Empty(detectors.Tiny.Detect(DetectorFixture.Plain(1280, 720, (byte?)grey, seed: 9)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void It_finds_the_faces_ssd_finds_on_photos_where_face_api_tiny_finds_them_all(int sample)
    {
        // At 416, face-api's Tiny misses turned or shadowed faces in samples 2, 3 and 4 (its recall is the
        // reason SSD is the default); on samples 1 and 5 it finds every face. Its boxes are larger and
        // squarer than SSD's, so a face counts as found when SSD's box centre lies inside a Tiny box.
        var image = SampleImages.Sample(sample);
        var ssd = detectors.Ssd.Detect(image);
        var tiny = detectors.Tiny.Detect(image);

        Assert.Equal(ssd.Count, tiny.Count);
        Assert.All(ssd, face =>
        {
            var (cx, cy) = (face.X + (face.Width / 2), face.Y + (face.Height / 2));
            Assert.Contains(tiny, t => cx >= t.X && cx <= t.X + t.Width && cy >= t.Y && cy <= t.Y + t.Height);
        });
    }

    [Fact]
    public void Boxes_are_in_image_pixels_whatever_the_image_size()
    {
        // As for SSD: half the photo, half the boxes. Tiny sees faces at ~65 px in its 416 input on a 32-px
        // grid, so resampling moves its edges more than SSD's (measured: up to 2.3 %); allow 5 % — a mapping
        // slip would be off by half a face or more.
        var full = detectors.Tiny.Detect(SampleImages.Sample(1));
        var half = detectors.Tiny.Detect(SampleImages.Sample(1, "scale=960:640"));

        SsdMobilenetV1DetectorTests.AssertSameFaces(full, [.. half.Select(b => b with { X = 2 * b.X, Y = 2 * b.Y, Width = 2 * b.Width, Height = 2 * b.Height })], 0.05f);
    }
}
