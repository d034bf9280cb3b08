using Classroom.Recognition.Detection;
using Classroom.Recognition.Imaging;

namespace Classroom.Recognition.Tests.Detection;

public sealed class LetterboxResizeTests
{
    [Fact]
    public void Pads_at_the_bottom_samples_like_tensorflow_legacy_bilinear_and_normalises()
    {
        // A 2x1 image (red 100, red 200) padded to a 2x2 square (black second row), resized to 4x4:
        // source position = destination x 2/4, so columns sample 0, 0.5, 1, 1.5 (clamped to the last pixel).
        var image = new RgbImage(2, 1, [100, 10, 0, 200, 20, 0]);
        var planes = new float[3 * 16];

        LetterboxResize.ToPlanar(image, 4, 0.5f, [1, 2, 3], planes);

        float[] row0 = [100, 150, 200, 200];
        float[] expectedRed =
        [
            .. row0,
            .. row0.Select(v => v / 2), // halfway to the black padding row
            0, 0, 0, 0,                 // rows 2 and 3 sample the padding only
            0, 0, 0, 0,
        ];
        Assert.Equal(expectedRed.Select(v => (v * 0.5f) + 1), planes[..16]);
        Assert.Equal((15 * 0.5f) + 2, planes[16 + 1]); // green (10, 20) at column 0.5
        Assert.All(planes[32..], v => Assert.Equal(3f, v)); // blue is 0 everywhere: only the offset
    }

    [Fact]
    public void A_tall_image_is_padded_on_the_right()
    {
        var image = new RgbImage(1, 2, [50, 50, 50, 90, 90, 90]);
        var planes = new float[3 * 4];

        LetterboxResize.ToPlanar(image, 2, 1, [0, 0, 0], planes);

        Assert.Equal(new float[] { 50, 0, 90, 0 }, planes[..4]);
    }
}
