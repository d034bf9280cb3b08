namespace Classroom.Recognition.Detection;

/// <summary>Which face detector runs (setting <c>Classroom:Faces:Detector</c>).</summary>
public enum FaceDetectorKind
{
    /// <summary>SSD MobileNetV1 (face-api's default detector): the most accurate, 512×512 input.</summary>
    Ssd,

    /// <summary>face-api's Tiny face detector (Tiny YOLOv2 with separable convolutions): fastest, weaker on small or turned faces.</summary>
    Tiny,
}
