using Classroom.FaceModels;
using Classroom.Recognition.Detection;
using Classroom.Recognition.Hosting;

namespace Classroom.Recognition.Models;

/// <summary>How ONNX Runtime rewrites a graph when it loads it (its GraphOptimizationLevel).</summary>
public enum OnnxOptimization
{
    /// <summary>Everything, including the CPU's blocked (NCHWc) convolution layout: fastest to run, slowest to load.</summary>
    All,

    /// <summary>Node fusions without the layout change.</summary>
    Extended,

    /// <summary>Constant folding and redundant-node removal only.</summary>
    Basic,

    /// <summary>The graph as built.</summary>
    None,
}

/// <summary>
/// The face engine's settings, section <c>Classroom:Faces</c> (docs/settings.md): where the models are, which detector
/// runs with which limits, and how ONNX Runtime runs them. Checked once at start (<see cref="Validate"/>); the stages
/// take the values as they are.
/// </summary>
public sealed class FaceModelOptions : IValidatedOptions
{
    public const string SectionName = "Classroom:Faces";

    /// <summary>The folder of the .onnx files the build makes from face-api's weights (tools/ModelBuilder): <c>models/</c> beside the app.</summary>
    public string ModelDirectory { get; set; } = Path.Combine(AppContext.BaseDirectory, "models");

    /// <summary>The detector; face-api's default is SSD MobileNetV1.</summary>
    public FaceDetectorKind Detector { get; set; } = FaceDetectorKind.Ssd;

    /// <summary>
    /// Faces scoring at or below this are dropped, in (0, 1). Both face-api detectors default to 0.5:
    /// src/ssdMobilenetv1/SsdMobilenetv1Options.ts line 14 (minConfidence || 0.5), src/tinyYolov2/TinyYolov2Options.ts
    /// line 15 (scoreThreshold || 0.5).
    /// </summary>
    public float MinConfidence { get; set; } = 0.5f;

    /// <summary>At most this many faces per image, most confident first: face-api SsdMobilenetv1Options.ts line 15, maxResults || 100.</summary>
    public int MaxResults { get; set; } = 100;

    /// <summary>
    /// Tiny only: the square network input in pixels, one of the sizes the build makes (128, 160, 224, 320, 416, 512,
    /// 608; larger finds smaller faces, slower); face-api's default 416 (src/tinyYolov2/TinyYolov2Options.ts line 14).
    /// SSD's input is fixed at 512.
    /// </summary>
    public int InputSize { get; set; } = 416;

    /// <summary>ONNX Runtime intra-op threads per session; 0 is ORT's own default (one per core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Graph optimisation at load; <c>classroom bench engine --ort</c> compares the levels (docs/face-engine.md).</summary>
    public OnnxOptimization Optimization { get; set; } = OnnxOptimization.All;

    /// <summary>
    /// Whether idle intra-op threads spin waiting for work (ORT's default) instead of sleeping at once. Off: on shared
    /// cores spinning threads steal the core the busy one needs (docs/face-engine.md, "Speed").
    /// </summary>
    public bool ThreadSpinning { get; set; }

    /// <summary>ONNX Runtime's CPU memory arena (reuses activation buffers between runs; ORT's default).</summary>
    public bool MemoryArena { get; set; } = true;

    public void Validate()
    {
        Check(!string.IsNullOrWhiteSpace(ModelDirectory), nameof(ModelDirectory), "must name the folder of the .onnx models", ModelDirectory);
        Check(Enum.IsDefined(Detector), nameof(Detector), "must be Ssd or Tiny", Detector);
        Check(MinConfidence is > 0 and < 1, nameof(MinConfidence), "must be between 0 and 1 (exclusive)", MinConfidence);
        Check(MaxResults > 0, nameof(MaxResults), "must be positive", MaxResults);
        Check(Detector != FaceDetectorKind.Tiny || FaceModelFiles.TinyInputSizes.Contains(InputSize), nameof(InputSize),
            $"must be one of {string.Join(", ", FaceModelFiles.TinyInputSizes)}", InputSize);
        Check(IntraOpThreads >= 0, nameof(IntraOpThreads), "must be 0 (one per core) or more", IntraOpThreads);
        Check(Enum.IsDefined(Optimization), nameof(Optimization), "must be All, Extended, Basic or None", Optimization);
    }

    /// <summary>The engine's quick detector: these models and ONNX Runtime settings, face-api's Tiny defaults otherwise.</summary>
    public FaceModelOptions ForQuickDetector() => new()
    {
        ModelDirectory = ModelDirectory,
        Detector = FaceDetectorKind.Tiny,
        IntraOpThreads = IntraOpThreads,
        Optimization = Optimization,
        ThreadSpinning = ThreadSpinning,
        MemoryArena = MemoryArena,
    };

    private static void Check(bool good, string key, string rule, object? value)
    {
        if (!good)
        {
            throw new ArgumentOutOfRangeException(key, value, $"{SectionName}:{key} {rule}");
        }
    }
}
