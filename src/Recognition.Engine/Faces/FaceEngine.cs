using Classroom.Recognition.Detection;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Models;

namespace Classroom.Recognition.Faces;

/// <summary>
/// The whole chain: detect → 68 landmarks → dlib chip → 128-d descriptor. Faces come most confident first, equal
/// scores largest first: a confident detection is a clear, frontal face, the one worth recognising (a larger face
/// seen from the side, like the child in cse546's test_5, scores lower). Empty image content in, empty list out.
/// Thread-safe.
/// </summary>
public sealed class FaceEngine : IFaceEngine, IDisposable
{
    private readonly IFaceDetector _detector;
    private readonly IFaceLandmarker _landmarker;
    private readonly IFaceAligner _aligner;
    private readonly IFaceDescriptorExtractor _descriptor;
    private readonly bool _ownsStages;
    private readonly Lazy<IFaceDetector>? _quick;

    /// <summary>Composes stages owned by someone else (e.g. the DI container); disposing the engine leaves them alone.</summary>
    /// <param name="quickDetector">The detector of <see cref="FindFacesQuickly"/>, made on first use (none: the main one).</param>
    public FaceEngine(IFaceDetector detector, IFaceLandmarker landmarker, IFaceAligner aligner, IFaceDescriptorExtractor descriptor, Lazy<IFaceDetector>? quickDetector = null)
        : this(detector, landmarker, aligner, descriptor, ownsStages: false, quickDetector)
    {
    }

    private FaceEngine(IFaceDetector detector, IFaceLandmarker landmarker, IFaceAligner aligner, IFaceDescriptorExtractor descriptor, bool ownsStages, Lazy<IFaceDetector>? quickDetector)
    {
        _quick = quickDetector;
        _detector = detector ?? throw new ArgumentNullException(nameof(detector));
        _landmarker = landmarker ?? throw new ArgumentNullException(nameof(landmarker));
        _aligner = aligner ?? throw new ArgumentNullException(nameof(aligner));
        _descriptor = descriptor ?? throw new ArgumentNullException(nameof(descriptor));
        _ownsStages = ownsStages;
    }

    /// <summary>Loads the models (the .onnx files the build makes) and returns an engine that owns them.</summary>
    public static FaceEngine Create(FaceModelOptions models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var stages = new List<IDisposable>();
        try
        {
            var detector = FaceDetectors.Create(models);
            stages.Add(detector);
            var landmarker = new FaceLandmark68Net(models);
            stages.Add(landmarker);
            var descriptor = new DlibResNetDescriptor(models);
            return new FaceEngine(detector, landmarker, new DlibFaceChipAligner(), descriptor, ownsStages: true, new Lazy<IFaceDetector>(() => new TinyFaceDetector(models.ForQuickDetector())));
        }
        catch
        {
            stages.ForEach(s => s.Dispose());
            throw;
        }
    }

    public IReadOnlyList<DetectedFace> FindFaces(RgbImage image, CancellationToken cancellationToken = default) =>
        Describe(image, _detector.Detect(image ?? throw new ArgumentNullException(nameof(image))), cancellationToken);

    public IReadOnlyList<DetectedFace> FindFaces(RgbImage image, float minConfidence, CancellationToken cancellationToken = default) =>
        Describe(image, _detector.Detect(image ?? throw new ArgumentNullException(nameof(image)), minConfidence), cancellationToken);

    /// <summary>The chain with the quick detector (face-api's Tiny: ~8× less work than SSD, fewer small or turned faces found).</summary>
    public IReadOnlyList<DetectedFace> FindFacesQuickly(RgbImage image, CancellationToken cancellationToken = default) =>
        _quick is null ? FindFaces(image, cancellationToken) : Describe(image, _quick.Value.Detect(image ?? throw new ArgumentNullException(nameof(image))), cancellationToken);

    private DetectedFace[] Describe(RgbImage image, IReadOnlyList<FaceBox> detected, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var boxes = detected
            .Where(b => b.Width > 0 && b.Height > 0)
            .OrderByDescending(b => b.Score).ThenByDescending(b => b.Area)
            .ToList();
        if (boxes.Count == 0)
        {
            return [];
        }

        cancellationToken.ThrowIfCancellationRequested();
        var landmarks = _landmarker.Locate(image, boxes);

        var located = new List<(FaceBox Box, IReadOnlyList<Point2> Landmarks)>(boxes.Count);
        for (var i = 0; i < boxes.Count; i++)
        {
            if (landmarks[i].Count > 0)
            {
                located.Add((boxes[i], landmarks[i]));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var chips = located.Select(f => _aligner.Align(image, f.Landmarks)).ToList();
        var descriptors = _descriptor.Describe(chips);

        var faces = new DetectedFace[located.Count];
        for (var i = 0; i < faces.Length; i++)
        {
            faces[i] = new DetectedFace(located[i].Box, located[i].Landmarks, DlibFaceChipAligner.FivePointsFrom68(located[i].Landmarks), descriptors[i]);
        }

        return faces;
    }

    public void Dispose()
    {
        if (_ownsStages)
        {
            if (_quick is { IsValueCreated: true })
            {
                _quick.Value.Dispose();
            }

            _detector.Dispose();
            _landmarker.Dispose();
            _descriptor.Dispose();
        }
    }
}
