using Classroom.FaceModels;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Models;
using Microsoft.ML.OnnxRuntime;

namespace Classroom.Recognition.Detection;

/// <summary>
/// face-api's Tiny face detector (src/tinyFaceDetector/, src/tinyYolov2/TinyYolov2Base.ts) on ONNX Runtime:
/// letterbox to the input size, (x - mean RGB) / 255, the network, then YOLO decoding with face-api's anchors
/// and its NMS (IoU 0.4) in C#. Faster than SSD, weaker on small and turned faces. Boxes in image pixels.
/// </summary>
public sealed class TinyFaceDetector : IFaceDetector
{
    /// <summary>src/tinyFaceDetector/const.ts line 3: IOU_THRESHOLD = 0.4.</summary>
    public const float IouThreshold = 0.4f;

    /// <summary>src/tinyYolov2/TinyYolov2Base.ts line 97: batchTensor.div(255).</summary>
    private const float PixelScale = 1 / 255f;

    /// <summary>src/tinyFaceDetector/const.ts lines 5-11: BOX_ANCHORS (width, height) in cells.</summary>
    private static readonly (float W, float H)[] Anchors =
        [(1.603231f, 2.094468f), (6.041143f, 7.080126f), (2.882459f, 3.518061f), (4.266906f, 5.178857f), (9.041765f, 10.66308f)];

    /// <summary>src/tinyFaceDetector/const.ts line 13: MEAN_RGB = [117.001, 114.697, 97.404], subtracted before / 255.</summary>
    private static readonly float[] PixelOffsets = [-117.001f / 255, -114.697f / 255, -97.404f / 255];

    private static readonly string[] OutputNames = ["output"];

    private readonly InferenceSession _session;
    private readonly float _minConfidence;
    private readonly int _maxResults;
    private readonly int _inputSize;
    private readonly int _cells;

    /// <summary>
    /// Loads the graph of the options' InputSize (<c>tiny_face_detector_416.onnx</c>); takes MinConfidence, MaxResults and
    /// InputSize as they are (validated at start). Its output, [1, cells, cells, 25], gives the cells per side.
    /// </summary>
    public TinyFaceDetector(FaceModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _minConfidence = options.MinConfidence;
        _maxResults = options.MaxResults;
        _inputSize = options.InputSize;
        _session = OnnxSessions.Open(options, FaceModelFiles.Tiny(_inputSize));
        _cells = _session.OutputMetadata[OutputNames[0]].Dimensions[1];
    }

    /// <summary>The square network input size in pixels.</summary>
    public int InputSize => _inputSize;

    public IReadOnlyList<FaceBox> Detect(RgbImage image) => Detect(image, _minConfidence);

    public IReadOnlyList<FaceBox> Detect(RgbImage image, float minConfidence)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var outputs = DetectorModel.Run(_session, OutputNames, _inputSize, input => LetterboxResize.ToPlanar(image, _inputSize, PixelScale, PixelOffsets, input));
        var grid = outputs[0].GetTensorDataAsSpan<float>();

        // TinyYolov2Base.extractBoxes: boxes relative to the image, corrected for the letterbox padding.
        var longest = Math.Max(image.Width, image.Height);
        var resizedWidth = Math.Round(image.Width * (double)_inputSize / longest, MidpointRounding.AwayFromZero);
        var resizedHeight = Math.Round(image.Height * (double)_inputSize / longest, MidpointRounding.AwayFromZero);
        var correctX = Math.Max(resizedWidth, resizedHeight) / resizedWidth;
        var correctY = Math.Max(resizedWidth, resizedHeight) / resizedHeight;
        var cells = _cells;
        var candidates = new List<Candidate>();
        for (var cell = 0; cell < cells * cells; cell++)
        {
            var (row, col) = Math.DivRem(cell, cells);
            for (var anchor = 0; anchor < Anchors.Length; anchor++)
            {
                var e = grid.Slice(((cell * Anchors.Length) + anchor) * 5, 5);
                var score = Sigmoid(e[4]);
                if (score <= minConfidence)
                {
                    continue;
                }

                var centreX = (col + Sigmoid(e[0])) / cells * correctX;
                var centreY = (row + Sigmoid(e[1])) / cells * correctY;
                var width = Math.Exp(e[2]) * Anchors[anchor].W / cells * correctX;
                var height = Math.Exp(e[3]) * Anchors[anchor].H / cells * correctY;
                var left = centreX - (width / 2);
                var top = centreY - (height / 2);
                candidates.Add(new Candidate((float)left, (float)top, (float)(left + width), (float)(top + height), (float)score, candidates.Count));
            }
        }

        // TinyYolov2Base.detect: NMS on these image-relative boxes (face-api rescales them uniformly first,
        // which leaves IoU unchanged), then ObjectDetection rescales them to the image size.
        var kept = GreedyNms.Run(candidates, IouThreshold, _maxResults);
        var faces = new List<FaceBox>(kept.Count);
        foreach (var c in kept)
        {
            var box = ToImageBox(c, image.Width, image.Height);
            if (box.Width >= 1 && box.Height >= 1)
            {
                faces.Add(box); // a box wholly in the letterbox padding trims to nothing: not a face in the image
            }
        }

        return faces;
    }

    /// <summary>Runs the network alone on a normalised [1, 3, size, size] input: face-api forwardInput's output tensor.</summary>
    internal float[] RunNetwork(ReadOnlySpan<float> normalizedInput)
    {
        var copy = normalizedInput.ToArray();
        using var outputs = DetectorModel.Run(_session, OutputNames, _inputSize, input => copy.CopyTo(input));
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public void Dispose() => _session.Dispose();

    private static double Sigmoid(float x) => 1 / (1 + Math.Exp(-x));

    /// <summary>Relative box to pixels, trimmed to the image (face-api lets it run past the edges).</summary>
    private static FaceBox ToImageBox(Candidate c, int width, int height)
    {
        var left = Math.Clamp(c.Left * width, 0, width);
        var top = Math.Clamp(c.Top * height, 0, height);
        var right = Math.Clamp(c.Right * width, 0, width);
        var bottom = Math.Clamp(c.Bottom * height, 0, height);
        return new FaceBox(left, top, right - left, bottom - top, c.Score);
    }
}
