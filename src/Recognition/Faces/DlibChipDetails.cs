namespace Classroom.Recognition.Faces;

/// <summary>
/// Where dlib cuts a face chip out of an image: a rectangle (double corners, dlib's drectangle with inclusive
/// right/bottom) rotated by <see cref="Angle"/> about its centre, sampled to Rows x Cols pixels.
/// Mirrors dlib's chip_details (dlib/image_transforms/interpolation.h).
/// </summary>
public readonly record struct DlibChipDetails(double Left, double Top, double Right, double Bottom, double Angle, int Rows, int Cols)
{
    /// <summary>
    /// dlib's 5-point chip template on the unit square (get_face_chip_details in dlib/image_transforms/interpolation.h,
    /// the branch for shape_predictor_5_face_landmarks): both corners of the image-right eye (outer, inner), both
    /// corners of the image-left eye (outer, inner), the base of the nose.
    /// </summary>
    internal static readonly (double X, double Y)[] Template5 =
    [
        (0.8595674595992, 0.2134981538014),
        (0.6460604764104, 0.2289674387677),
        (0.1205750620789, 0.2137274526848),
        (0.3340850613712, 0.2290642403242),
        (0.4901123135679, 0.6277975316475),
    ];

    /// <summary>
    /// get_face_chip_details(det, size, padding) for a 5-point detection: fit the least-squares similarity transform
    /// from the padded template (chip pixels) to the landmarks (image pixels), then express it as chip_details'
    /// point-correspondence constructor does: angle and scale from M·(1,0), a size*scale square centred on the
    /// image of the chip centre (centered_drect, whose right = left + width - 1).
    /// </summary>
    public static DlibChipDetails FromFivePoints(ReadOnlySpan<Point2> points, int size, double padding)
    {
        if (points.Length != Template5.Length)
        {
            throw new ArgumentException($"Expected 5 points, got {points.Length}.", nameof(points));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        var chip = new (double X, double Y)[Template5.Length];
        var image = new (double X, double Y)[Template5.Length];
        for (var i = 0; i < chip.Length; i++)
        {
            chip[i] = ((padding + Template5[i].X) / ((2 * padding) + 1) * size, (padding + Template5[i].Y) / ((2 * padding) + 1) * size);
            image[i] = (points[i].X, points[i].Y);
        }

        var (a, b, tx, ty) = Similarity.LeastSquares(chip, image);
        var angle = Math.Atan2(b, a);
        var scale = Math.Sqrt((a * a) + (b * b));
        var half = size / 2.0;
        var cx = (a * half) - (b * half) + tx;
        var cy = (b * half) + (a * half) + ty;
        var extent = (size * scale) - 1;
        return new DlibChipDetails(cx - (extent / 2), cy - (extent / 2), cx + (extent / 2), cy + (extent / 2), angle, size, size);
    }

    /// <summary>drectangle::width(): right - left + 1 (0 when empty).</summary>
    public double Width => Right < Left ? 0 : Right - Left + 1;

    public double Height => Bottom < Top ? 0 : Bottom - Top + 1;

    public double Area => Width * Height;

    public (double X, double Y) Center => ((Left + Right) / 2, (Top + Bottom) / 2);
}

/// <summary>Least-squares similarity transforms (uniform scale, rotation, translation; no reflection).</summary>
internal static class Similarity
{
    /// <summary>
    /// The (a, b, tx, ty) of x' = a·x − b·y + tx, y' = b·x + a·y + ty minimising Σ|T(from) − to|²; the same optimum as
    /// dlib's find_similarity_transform (Umeyama), obtained in closed form from the centred point sets.
    /// </summary>
    public static (double A, double B, double Tx, double Ty) LeastSquares(ReadOnlySpan<(double X, double Y)> from, ReadOnlySpan<(double X, double Y)> to)
    {
        double fx = 0, fy = 0, gx = 0, gy = 0;
        for (var i = 0; i < from.Length; i++)
        {
            fx += from[i].X;
            fy += from[i].Y;
            gx += to[i].X;
            gy += to[i].Y;
        }

        fx /= from.Length;
        fy /= from.Length;
        gx /= from.Length;
        gy /= from.Length;
        double dot = 0, cross = 0, norm = 0;
        for (var i = 0; i < from.Length; i++)
        {
            var (px, py) = (from[i].X - fx, from[i].Y - fy);
            var (qx, qy) = (to[i].X - gx, to[i].Y - gy);
            dot += (px * qx) + (py * qy);
            cross += (px * qy) - (py * qx);
            norm += (px * px) + (py * py);
        }

        if (norm == 0)
        {
            throw new ArgumentException("The source points coincide; no similarity transform fits them.", nameof(from));
        }

        var a = dot / norm;
        var b = cross / norm;
        return (a, b, gx - ((a * fx) - (b * fy)), gy - ((b * fx) + (a * fy)));
    }
}
