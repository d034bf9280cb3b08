namespace Classroom.Recognition.Detection;

/// <summary>Which face detector runs (setting <c>Classroom:Faces:Detector</c>).</summary>
public enum FaceDetectorKind
{
    /// <summary>SSD MobileNetV1 (face-api's default detector): the most accurate, 512×512 input.</summary>
    Ssd,

    /// <summary>face-api's Tiny face detector (Tiny YOLOv2 with separable convolutions): fastest, weaker on small or turned faces.</summary>
    Tiny,
}

/// <summary>
/// How faces are detected; bound from section <c>Classroom:Faces</c> (see docs/settings.md). Unset values
/// take face-api's defaults, which are the values its own options classes use.
/// </summary>
public sealed class FaceDetectorOptions
{
    public const string SectionName = "Classroom:Faces";

    /// <summary>face-api src/ssdMobilenetv1/SsdMobilenetv1Options.ts line 14: minConfidence || 0.5.</summary>
    public const float DefaultSsdMinConfidence = 0.5f;

    /// <summary>face-api src/ssdMobilenetv1/SsdMobilenetv1Options.ts line 15: maxResults || 100.</summary>
    public const int DefaultMaxResults = 100;

    /// <summary>face-api src/tinyYolov2/TinyYolov2Options.ts line 15: scoreThreshold || 0.5.</summary>
    public const float DefaultTinyMinConfidence = 0.5f;

    /// <summary>face-api src/tinyYolov2/TinyYolov2Options.ts line 14: inputSize || 416.</summary>
    public const int DefaultTinyInputSize = 416;

    /// <summary>The detector; face-api's default is SSD MobileNetV1.</summary>
    public FaceDetectorKind Detector { get; set; } = FaceDetectorKind.Ssd;

    /// <summary>Faces scoring at or below this are dropped, in (0, 1); 0 means the detector's face-api default (0.5).</summary>
    public float MinConfidence { get; set; }

    /// <summary>At most this many faces per image, most confident first; 0 means face-api's default (100).</summary>
    public int MaxResults { get; set; }

    /// <summary>
    /// Tiny only: the square network input in pixels, a multiple of 32 (face-api suggests 128–608; larger finds
    /// smaller faces, slower); 0 means face-api's default (416). SSD's input is fixed at 512.
    /// </summary>
    public int InputSize { get; set; }

    /// <summary>Checks the values and fills in the defaults of the chosen detector.</summary>
    public FaceDetectorOptions Resolve()
    {
        var minConfidence = MinConfidence == 0
            ? (Detector == FaceDetectorKind.Ssd ? DefaultSsdMinConfidence : DefaultTinyMinConfidence)
            : MinConfidence;
        if (!(minConfidence > 0 && minConfidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinConfidence), MinConfidence, "MinConfidence must be between 0 and 1 (exclusive).");
        }

        var maxResults = MaxResults == 0 ? DefaultMaxResults : MaxResults;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxResults, nameof(MaxResults));

        var inputSize = InputSize == 0 ? DefaultTinyInputSize : InputSize;
        if (Detector == FaceDetectorKind.Tiny && (inputSize < 32 || inputSize > 2048 || inputSize % 32 != 0))
        {
            throw new ArgumentOutOfRangeException(nameof(InputSize), InputSize, "InputSize must be a multiple of 32 between 32 and 2048 (face-api: 128 to 608).");
        }

        if (!Enum.IsDefined(Detector))
        {
            throw new ArgumentOutOfRangeException(nameof(Detector), Detector, "Detector must be Ssd or Tiny.");
        }

        return new FaceDetectorOptions { Detector = Detector, MinConfidence = minConfidence, MaxResults = maxResults, InputSize = inputSize };
    }
}
