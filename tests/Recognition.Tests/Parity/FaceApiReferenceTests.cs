using System.Diagnostics;
using System.Text;
using Classroom.Recognition.Imaging;

namespace Classroom.Recognition.Tests.Parity;

/// <summary>The parity harness itself works end to end: shapes, determinism, layouts, image preprocessing.</summary>
public sealed class FaceApiReferenceTests
{
    [FaceApiFact]
    public void Descriptor_runs_batched_and_is_deterministic_in_either_input_layout()
    {
        var input = FaceApiReference.RandomPixels(seed: 7, 2, 150, 150, 3);

        var first = FaceApiReference.Run(FaceApiNet.Descriptor, input);
        var again = FaceApiReference.Run(FaceApiNet.Descriptor, input.ToNchw());

        Assert.Equal([2, 128], first["descriptor"].Shape);
        Assert.Equal(input.Data, first["input"].Data);
        // Same tensor, same single-threaded WASM kernels: bit-identical, whichever layout it travelled in.
        Assert.Equal(first["descriptor"].Data, again["descriptor"].Data);
        // Two different random inputs must not collapse to one output.
        Assert.NotEqual(first["descriptor"].Data.Take(128), first["descriptor"].Data.Skip(128));
    }

    [FaceApiFact]
    public void Ssd_raw_heads_decode_to_face_apis_boxes_with_the_documented_formula()
    {
        var r = FaceApiReference.Run(FaceApiNet.Ssd, FaceApiReference.RandomPixels(seed: 3, 1, 512, 512, 3));

        Assert.Equal([1, 5118, 1, 4], r["boxEncodings"].Shape);
        Assert.Equal([1, 5118, 3], r["classLogits"].Shape);
        Assert.Equal([1, 5118], r["scores"].Shape);
        var (enc, anchors, logits) = (r["boxEncodings"].Data, r["anchors"].Data, r["classLogits"].Data);
        var expected = new float[enc.Length];
        var scores = new float[5118];
        for (var i = 0; i < 5118; i++)
        {
            // face-api outputLayer: anchor (y0, x0, y1, x1) -> centre/size; offsets scaled by 10 (centre) and 5 (log size).
            var (h, w) = (anchors[4 * i + 2] - anchors[4 * i], anchors[4 * i + 3] - anchors[4 * i + 1]);
            var (cy, cx) = (anchors[4 * i] + h / 2, anchors[4 * i + 1] + w / 2);
            var (y, x) = (enc[4 * i] / 10 * h + cy, enc[4 * i + 1] / 10 * w + cx);
            var (hh, hw) = (MathF.Exp(enc[4 * i + 2] / 5) * h / 2, MathF.Exp(enc[4 * i + 3] / 5) * w / 2);
            (expected[4 * i], expected[4 * i + 1], expected[4 * i + 2], expected[4 * i + 3]) = (y - hh, x - hw, y + hh, x + hw);
            scores[i] = 1 / (1 + MathF.Exp(-logits[3 * i + 1]));
        }

        // Boxes are fractions of the 512 square; 1e-5 is ~100 float32 ulps there: rounding, not a formula slip.
        FaceApiReference.AssertClose(r["boxes"].Data, expected, 1e-5f, "decoded boxes");
        FaceApiReference.AssertClose(r["scores"].Data, scores, 1e-6f, "scores");
    }

    [FaceApiFact]
    public void An_image_is_preprocessed_by_face_api_and_its_input_tensor_reproduces_the_output()
    {
        var pixels = new byte[64 * 48 * 3];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i * 7 % 251);
        }

        var fromImage = FaceApiReference.Run(FaceApiNet.Tiny, new RgbImage(64, 48, pixels), new FaceApiOptions(InputSize: 224));
        var fromTensor = FaceApiReference.Run(FaceApiNet.Tiny, fromImage["input"], new FaceApiOptions(InputSize: 224));

        Assert.Equal([1, 224, 224, 3], fromImage["input"].Shape);
        Assert.Equal([1, 7, 7, 25], fromImage["grid"].Shape);
        // Detectors pad at the bottom: the last rows of the resized 64x48 image are zeros.
        Assert.All(fromImage["input"].Data.Skip(224 * 3 * 200), v => Assert.Equal(0f, v));
        Assert.Equal(fromImage["grid"].Data, fromTensor["grid"].Data);
    }

    [FaceApiFact]
    public void The_whole_face_api_pipeline_returns_faces_with_68_landmarks_and_a_descriptor_each()
    {
        var image = DecodeWithFfmpeg(Path.Combine(FaceApiReference.RepositoryRoot!, "node_modules/@vladmandic/face-api/demo/sample1.jpg"));

        var faces = FaceApiReference.RunChain(image);
        var blank = FaceApiReference.RunChain(new RgbImage(320, 240, new byte[320 * 240 * 3]));

        // sample1.jpg is a group photo of three people, all facing the camera.
        Assert.Equal(3, faces.Count);
        Assert.Empty(blank);
        Assert.All(faces, f =>
        {
            Assert.Equal(68, f.Landmarks.Count);
            Assert.Equal(128, f.Descriptor.Length);
            var d = f.Detection;
            Assert.InRange(d.Score, 0.5, 1.0);
            // Landmarks lie in (or within a few pixels of) the detected box: the same face in the same coordinates.
            Assert.All(f.Landmarks, p => Assert.InRange(p.X, d.X - 0.25 * d.Width, d.X + 1.25 * d.Width));
            Assert.All(f.Landmarks, p => Assert.InRange(p.Y, d.Y - 0.25 * d.Height, d.Y + 1.25 * d.Height));
        });
    }

    /// <summary>An image file as RGB24 via ffmpeg's binary PPM output (its header carries the size).</summary>
    private static RgbImage DecodeWithFfmpeg(string file)
    {
        var start = new ProcessStartInfo("ffmpeg", ["-v", "error", "-i", file, "-f", "image2pipe", "-c:v", "ppm", "-"])
        {
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        using var ppm = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(ppm);
        process.WaitForExit();
        var bytes = ppm.ToArray();
        var header = Encoding.ASCII.GetString(bytes, 0, 32).Split((char[])[' ', '\n'], 5);
        Assert.Equal("P6", header[0]);
        var (width, height) = (int.Parse(header[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(header[2], System.Globalization.CultureInfo.InvariantCulture));
        return new RgbImage(width, height, bytes[^(width * height * 3)..]);
    }
}
