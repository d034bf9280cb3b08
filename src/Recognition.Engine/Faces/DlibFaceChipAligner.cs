using Classroom.Recognition.Imaging;

namespace Classroom.Recognition.Faces;

/// <summary>
/// Cuts the face chip dlib's ResNet was trained on, as Python face_recognition's face_encodings does
/// (model="small": the 5-point landmarks, then dlib's compute_face_descriptor with a 150x150 chip, padding 0.25,
/// num_jitters = 1, i.e. no jitter). The 5 points are taken from the 68 (<see cref="FivePointsFrom68"/>); the chip
/// geometry is dlib's get_face_chip_details and the sampling dlib's extract_image_chip
/// (<see cref="DlibChipExtractor"/>).
/// </summary>
public sealed class DlibFaceChipAligner : IFaceAligner
{
    /// <summary>face_recognition_model_v1::compute_face_descriptor (dlib/tools/python/src/face_recognition.cpp): 150.</summary>
    public const int ChipSize = 150;

    /// <summary>The same function's default padding: 0.25.</summary>
    public const double ChipPadding = 0.25;

    /// <summary>
    /// iBUG 68-point indices of dlib's 5 points, in shape_predictor_5_face_landmarks' order: image-right eye outer (45)
    /// and inner (42) corner, image-left eye outer (36) and inner (39) corner, nose base (33). The 5-point template's
    /// coordinates match dlib's 68-point mean face at exactly these indices (interpolation.h's mean_face_shape_x/y).
    /// </summary>
    public static readonly int[] FivePointIndices = [45, 42, 36, 39, 33];

    /// <summary>dlib's 5 landmarks from the 68 (or the 5 themselves when given 5).</summary>
    public static Point2[] FivePointsFrom68(IReadOnlyList<Point2> landmarks)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        return landmarks.Count switch
        {
            5 => [.. landmarks],
            68 => Array.ConvertAll(FivePointIndices, i => landmarks[i]),
            _ => throw new ArgumentException($"Expected 68 (or 5) landmarks, got {landmarks.Count}.", nameof(landmarks)),
        };
    }

    /// <summary>The chip geometry for a face's landmarks (68 or 5).</summary>
    public static DlibChipDetails ChipDetails(IReadOnlyList<Point2> landmarks) =>
        DlibChipDetails.FromFivePoints(FivePointsFrom68(landmarks), ChipSize, ChipPadding);

    /// <summary>The 150x150 aligned chip; empty landmarks are an error (there is no face to align).</summary>
    public RgbImage Align(RgbImage image, IReadOnlyList<Point2> landmarks68)
    {
        ArgumentNullException.ThrowIfNull(image);
        return DlibChipExtractor.Extract(image, ChipDetails(landmarks68));
    }
}
