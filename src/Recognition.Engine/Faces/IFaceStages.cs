using Classroom.Recognition.Imaging;

namespace Classroom.Recognition.Faces;

/// <summary>Finds face boxes in an image. Empty image content in, empty list out.</summary>
public interface IFaceDetector : IDisposable
{
    IReadOnlyList<FaceBox> Detect(RgbImage image);

    /// <summary>Boxes scoring above <paramref name="minConfidence"/> instead of the configured threshold (a second, more willing look).</summary>
    IReadOnlyList<FaceBox> Detect(RgbImage image, float minConfidence);
}

/// <summary>Locates the 68 facial landmarks of one detected face, in image pixels.</summary>
public interface IFaceLandmarker : IDisposable
{
    IReadOnlyList<Point2> Locate(RgbImage image, FaceBox box);

    /// <summary>The landmarks of several faces of one image (an implementation may run them as one batch).</summary>
    IReadOnlyList<IReadOnlyList<Point2>> Locate(RgbImage image, IReadOnlyList<FaceBox> boxes) =>
        [.. boxes.Select(b => Locate(image, b))];
}

/// <summary>Cuts the aligned face chip the descriptor network expects out of an image.</summary>
public interface IFaceAligner
{
    RgbImage Align(RgbImage image, IReadOnlyList<Point2> landmarks68);
}

/// <summary>Computes the 128-d descriptor of an aligned face chip.</summary>
public interface IFaceDescriptorExtractor : IDisposable
{
    float[] Describe(RgbImage alignedChip);

    /// <summary>The descriptors of several chips (an implementation may run them as one batch).</summary>
    IReadOnlyList<float[]> Describe(IReadOnlyList<RgbImage> alignedChips) => [.. alignedChips.Select(Describe)];
}

/// <summary>The whole chain: detect, locate landmarks, align, describe. Faces come most confident first (then largest).</summary>
public interface IFaceEngine
{
    IReadOnlyList<DetectedFace> FindFaces(RgbImage image, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="FindFaces(RgbImage, CancellationToken)"/>, keeping detections above <paramref name="minConfidence"/> instead of the configured threshold.</summary>
    IReadOnlyList<DetectedFace> FindFaces(RgbImage image, float minConfidence, CancellationToken cancellationToken = default) => FindFaces(image, cancellationToken);

    /// <summary>A cheaper, less thorough look, for following faces already known to be there (the full look where there is no cheaper one).</summary>
    IReadOnlyList<DetectedFace> FindFacesQuickly(RgbImage image, CancellationToken cancellationToken = default) => FindFaces(image, cancellationToken);
}
