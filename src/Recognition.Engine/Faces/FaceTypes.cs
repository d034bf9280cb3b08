namespace Classroom.Recognition.Faces;

/// <summary>A point in image pixel coordinates.</summary>
public readonly record struct Point2(float X, float Y);

/// <summary>A detected face: box in image pixels (top-left, size) and the detector's confidence in [0,1].</summary>
public readonly record struct FaceBox(float X, float Y, float Width, float Height, float Score)
{
    public float Area => Width * Height;
}

/// <summary>One face found by the engine, ready for matching.</summary>
/// <param name="Box">The detector's box.</param>
/// <param name="Landmarks">The 68 landmarks in image pixels (iBUG 300-W order, as dlib and face-api use).</param>
/// <param name="Landmarks5">dlib's 5-point layout derived from the 68 (eye corners, nose base).</param>
/// <param name="Descriptor">The 128-d face descriptor (dlib ResNet metric space).</param>
public sealed record DetectedFace(FaceBox Box, IReadOnlyList<Point2> Landmarks, IReadOnlyList<Point2> Landmarks5, float[] Descriptor);
