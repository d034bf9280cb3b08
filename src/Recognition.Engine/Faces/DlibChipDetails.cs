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

    /// <summary>dlib's mean face shape, x and y of points 17..67 (interpolation.h mean_face_shape_x/y).</summary>
    private static readonly double[] MeanFaceX =
    [
        0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991, 0.98004, 0.490127,
        0.490127, 0.490127, 0.490127, 0.36688, 0.426036, 0.490127, 0.554217, 0.613373, 0.121737, 0.187122, 0.265825,
        0.334606, 0.260918, 0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335, 0.254149, 0.340985,
        0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721, 0.490127, 0.423532, 0.338094, 0.290379,
        0.428096, 0.490127, 0.552157, 0.689874, 0.553364, 0.490127, 0.42689,
    ];

    private static readonly double[] MeanFaceY =
    [
        0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915, 0.106454,
        0.203352, 0.307009, 0.409805, 0.515625, 0.587326, 0.609345, 0.628106, 0.609345, 0.587326, 0.216423, 0.178758,
        0.179852, 0.231733, 0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423, 0.244077, 0.245099, 0.780233,
        0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805, 0.902192, 0.909281, 0.902192, 0.864805,
        0.784792, 0.778746, 0.785343, 0.778746, 0.784792, 0.824182, 0.831803, 0.824182,
    ];

    /// <summary>The 68-point indices get_face_chip_details fits: 27..67 without the lower lip (55-59, 65-67).</summary>
    internal static readonly int[] Template68Indices =
        Enumerable.Range(27, 41).Where(i => i is not (>= 55 and <= 59) and not (>= 65 and <= 67)).ToArray();

    private static readonly (double X, double Y)[] Template68 =
        Array.ConvertAll(Template68Indices, i => (MeanFaceX[i - 17], MeanFaceY[i - 17]));

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

        return Fit(points, Template5, size, padding);
    }

    /// <summary>
    /// get_face_chip_details for a 68-point detection: dlib's mean face (points 17-67) without the eyebrows (17-26)
    /// and the lower lip (55-59, 65-67), fitted the same way.
    /// </summary>
    public static DlibChipDetails FromSixtyEightPoints(ReadOnlySpan<Point2> points, int size, double padding)
    {
        if (points.Length != 68)
        {
            throw new ArgumentException($"Expected 68 points, got {points.Length}.", nameof(points));
        }

        var used = new Point2[Template68Indices.Length];
        for (var i = 0; i < used.Length; i++)
        {
            used[i] = points[Template68Indices[i]];
        }

        return Fit(used, Template68, size, padding);
    }

    private static DlibChipDetails Fit(ReadOnlySpan<Point2> points, (double X, double Y)[] template, int size, double padding)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        var chip = new (double X, double Y)[template.Length];
        var image = new (double X, double Y)[template.Length];
        for (var i = 0; i < chip.Length; i++)
        {
            chip[i] = ((padding + template[i].X) / ((2 * padding) + 1) * size, (padding + template[i].Y) / ((2 * padding) + 1) * size);
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
