using Classroom.FaceModels;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Models;
using Microsoft.ML.OnnxRuntime;

namespace Classroom.Recognition.Detection;

/// <summary>
/// face-api's default face detector, SSD MobileNetV1 (src/ssdMobilenetv1/SsdMobilenetv1.ts), on ONNX Runtime:
/// letterbox to 512×512, x / 127.5 - 1, the network with anchor decoding and sigmoid in the graph, then
/// face-api's NMS (IoU 0.5, min confidence, max results) in C#. Boxes come back in image pixels.
/// </summary>
public sealed class SsdMobilenetV1Detector : IFaceDetector
{
    /// <summary>src/ssdMobilenetv1/SsdMobilenetv1.ts line 48: iouThreshold = 0.5.</summary>
    public const float IouThreshold = 0.5f;

    /// <summary>src/ssdMobilenetv1/SsdMobilenetv1.ts line 25: toBatchTensor(512, false), the graph's input side.</summary>
    private const int InputSize = 512;

    /// <summary>src/ssdMobilenetv1/SsdMobilenetv1.ts line 26: x / 127.5 - 1 (input normalised to -1..1).</summary>
    private const float PixelScale = 1 / 127.5f;

    private static readonly float[] PixelOffsets = [-1f, -1f, -1f];
    private static readonly string[] OutputNames = ["boxes", "scores"];

    private readonly InferenceSession _session;
    private readonly float _minConfidence;
    private readonly int _maxResults;

    /// <summary>Loads <c>ssd_mobilenetv1.onnx</c>; takes the options' MinConfidence and MaxResults as they are (validated at start).</summary>
    public SsdMobilenetV1Detector(FaceModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _minConfidence = options.MinConfidence;
        _maxResults = options.MaxResults;
        _session = OnnxSessions.Open(options, FaceModelFiles.Ssd);
    }

    public IReadOnlyList<FaceBox> Detect(RgbImage image) => Detect(image, _minConfidence);

    public IReadOnlyList<FaceBox> Detect(RgbImage image, float minConfidence)
    {
        ArgumentNullException.ThrowIfNull(image);
        const int size = InputSize;
        using var outputs = DetectorModel.Run(_session, OutputNames, size, input => LetterboxResize.ToPlanar(image, size, PixelScale, PixelOffsets, input));
        var boxes = outputs[0].GetTensorDataAsSpan<float>();
        var scores = outputs[1].GetTensorDataAsSpan<float>();

        // nonMaxSuppression.ts: candidates score > minConfidence; IOU on the raw (ymin, xmin, ymax, xmax) boxes.
        var candidates = new List<Candidate>();
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i] > minConfidence)
            {
                var b = boxes.Slice(4 * i, 4);
                candidates.Add(new Candidate(Math.Min(b[1], b[3]), Math.Min(b[0], b[2]), Math.Max(b[1], b[3]), Math.Max(b[0], b[2]), scores[i], i));
            }
        }

        var kept = GreedyNms.Run(candidates, IouThreshold, _maxResults);
        var faces = new List<FaceBox>(kept.Count);
        foreach (var c in kept)
        {
            var box = ToImageBox(boxes.Slice(4 * c.Index, 4), c.Score, image.Width, image.Height);
            if (box.Width >= 1 && box.Height >= 1)
            {
                faces.Add(box); // a box wholly in the letterbox padding trims to nothing: not a face in the image
            }
        }

        return faces;
    }

    /// <summary>Runs the network alone on a normalised [1, 3, 512, 512] input: face-api forwardInput's boxes and scores.</summary>
    internal (float[] Boxes, float[] Scores) RunNetwork(ReadOnlySpan<float> normalizedInput)
    {
        var copy = normalizedInput.ToArray();
        using var outputs = DetectorModel.Run(_session, OutputNames, InputSize, input => copy.CopyTo(input));
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[1].GetTensorDataAsSpan<float>().ToArray());
    }

    public void Dispose() => _session.Dispose();

    /// <summary>
    /// SsdMobilenetv1.ts lines 50-69: clip to the padded square's [0, 1], undo the padding with face-api's
    /// rounded resized size (512 / round(side · 512 / longest side)), scale to pixels; then trimmed to the
    /// image as face_recognition's _trim_css_to_bounds does (face-api would let a box run into the padding).
    /// </summary>
    private static FaceBox ToImageBox(ReadOnlySpan<float> b, float score, int width, int height)
    {
        const int size = InputSize;
        var scale = (double)size / Math.Max(width, height);
        var padX = size / Math.Round(width * scale, MidpointRounding.AwayFromZero);
        var padY = size / Math.Round(height * scale, MidpointRounding.AwayFromZero);
        var top = Math.Max(0, b[0]) * padY * height;
        var bottom = Math.Min(Math.Min(1, b[2]) * padY * height, height);
        var left = Math.Max(0, b[1]) * padX * width;
        var right = Math.Min(Math.Min(1, b[3]) * padX * width, width);
        return new FaceBox((float)left, (float)top, (float)Math.Max(0, right - left), (float)Math.Max(0, bottom - top), score);
    }
}
