using Classroom.FaceModels;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Models;
using Microsoft.ML.OnnxRuntime;

namespace Classroom.Recognition.Faces;

/// <summary>
/// face-api's 68-point landmark net (face_landmark_68_model) on ONNX Runtime. The detected box is cut out as face-api
/// does (src/dom/extractFaceTensors.ts: clipped at the image borders, floored), padded to a square and resized to
/// 112x112 (<see cref="FaceApiInput"/>); outputs map back through that padding to image pixels. Thread-safe.
/// </summary>
public sealed class FaceLandmark68Net : IFaceLandmarker
{
    /// <summary>face-api src/faceFeatureExtractor/FaceFeatureExtractor.ts forwardInput: toBatchTensor(112, true).</summary>
    private const int Size = 112;
    private const int FaceFloats = 3 * Size * Size;
    private const int PointCount = 68;

    private readonly InferenceSession _session;

    /// <summary>Loads <c>face_landmark_68.onnx</c>.</summary>
    public FaceLandmark68Net(FaceModelOptions options)
    {
        _session = OnnxSessions.Open(options, FaceModelFiles.Landmarks68);
    }

    /// <summary>The 68 landmarks in image pixels; empty when the box has no area inside the image.</summary>
    public IReadOnlyList<Point2> Locate(RgbImage image, FaceBox box) => Locate(image, [box])[0];

    /// <summary>The landmarks of several boxes of one image in one run; empty in, empty out.</summary>
    public IReadOnlyList<IReadOnlyList<Point2>> Locate(RgbImage image, IReadOnlyList<FaceBox> boxes)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(boxes);
        var crops = boxes.Select(b => Crop(b, image.Width, image.Height)).ToArray();
        var valid = crops.Where(c => c is not null).Select(c => c!.Value).ToArray();
        var result = new IReadOnlyList<Point2>[boxes.Count];
        Array.Fill(result, []);
        if (valid.Length == 0)
        {
            return result;
        }

        var input = new float[valid.Length * FaceFloats];
        for (var i = 0; i < valid.Length; i++)
        {
            FaceApiInput.Write(image, valid[i], Size, input.AsSpan(i * FaceFloats, FaceFloats));
        }

        var output = Run(input, valid.Length);
        for (int i = 0, v = 0; i < crops.Length; i++)
        {
            if (crops[i] is { } crop)
            {
                result[i] = ToImagePoints(output.AsSpan(v++ * PointCount * 2, PointCount * 2), crop);
            }
        }

        return result;
    }

    /// <summary>Box.clipAtImageBorders (src/classes/Box.ts): clip to the image, then floor; null when nothing is left.</summary>
    internal static (int X, int Y, int Width, int Height)? Crop(FaceBox box, int imageWidth, int imageHeight)
    {
        var x = Math.Max(box.X, 0f);
        var y = Math.Max(box.Y, 0f);
        var width = Math.Min(box.X + box.Width - x, imageWidth - x);
        var height = Math.Min(box.Y + box.Height - y, imageHeight - y);
        var crop = ((int)MathF.Floor(x), (int)MathF.Floor(y), (int)MathF.Floor(width), (int)MathF.Floor(height));
        return crop.Item3 > 0 && crop.Item4 > 0 && crop.Item1 < imageWidth && crop.Item2 < imageHeight ? crop : null;
    }

    /// <summary>
    /// FaceLandmark68NetBase.postProcess plus the shift by the box: network output × 112 is a position in the padded,
    /// resized square; undo the resize and the padding, then add the crop's origin. (face-api subtracts half the
    /// padding even when the odd pixel went after, and shifts by the unclipped box; we use the real offsets.)
    /// </summary>
    private static Point2[] ToImagePoints(ReadOnlySpan<float> output, (int X, int Y, int Width, int Height) crop)
    {
        var pad = FaceApiInput.PadToSquare(crop.Width, crop.Height);
        var toSquare = (float)pad.Side / Size;
        var points = new Point2[PointCount];
        for (var i = 0; i < points.Length; i++)
        {
            var x = (output[2 * i] * Size * toSquare) - pad.OffsetX + crop.X;
            var y = (output[(2 * i) + 1] * Size * toSquare) - pad.OffsetY + crop.Y;
            points[i] = new Point2(x, y);
        }

        return points;
    }

    /// <summary>Runs the network on raw planar input [count,3,112,112] (0..255), returning [count,136] flat.</summary>
    internal float[] Run(float[] input, int count)
    {
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [count, 3, Size, Size]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, ["face"], [tensor], ["landmarks"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public void Dispose() => _session.Dispose();
}
