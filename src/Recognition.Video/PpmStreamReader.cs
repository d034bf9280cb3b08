using System.Globalization;
using Classroom.Recognition.Imaging;

namespace Classroom.Recognition.Video;

/// <summary>
/// Reads a stream of binary PPM (P6) images, as ffmpeg's <c>-c:v ppm -f image2pipe</c> writes them: each frame is
/// raw RGB24 preceded by a tiny text header (<c>P6\n{width} {height}\n255\n</c>). The header carries each frame's size,
/// so no probe is needed before decoding and a mid-stream size change cannot shear the pixels.
/// </summary>
internal sealed class PpmStreamReader(Stream stream)
{
    /// <summary>ffmpeg's PPM encoder writes 8-bit samples (maxval 255) for rgb24.</summary>
    private const int ExpectedMaxValue = 255;

    /// <summary>Largest frame side accepted (ffmpeg's own limit for most codecs is 16384).</summary>
    private const int MaxSide = 16384;

    private readonly byte[] _one = new byte[1];

    /// <summary>The next frame, or null at the end of the stream. Throws <see cref="InvalidDataException"/> on a malformed or cut-off frame.</summary>
    public async ValueTask<RgbImage?> ReadAsync(CancellationToken cancellationToken)
    {
        var first = await ReadByteAsync(cancellationToken).ConfigureAwait(false);
        if (first < 0)
        {
            return null;
        }

        if (first != 'P' || await ReadByteAsync(cancellationToken).ConfigureAwait(false) != '6')
        {
            throw new InvalidDataException("Frame stream is not binary PPM (P6).");
        }

        var width = await ReadHeaderNumberAsync(cancellationToken).ConfigureAwait(false);
        var height = await ReadHeaderNumberAsync(cancellationToken).ConfigureAwait(false);
        var maxValue = await ReadHeaderNumberAsync(cancellationToken).ConfigureAwait(false);
        if (width is < 1 or > MaxSide || height is < 1 or > MaxSide || maxValue != ExpectedMaxValue)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Unexpected PPM header {width}x{height} maxval {maxValue}."));
        }

        // The header's last number is followed by exactly one whitespace byte, consumed by ReadHeaderNumberAsync.
        var pixels = new byte[width * height * 3];
        try
        {
            await stream.ReadExactlyAsync(pixels, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("Frame stream ended inside a frame.", e);
        }

        return new RgbImage(width, height, pixels);
    }

    private async ValueTask<int> ReadByteAsync(CancellationToken cancellationToken)
    {
        var n = await stream.ReadAsync(_one, cancellationToken).ConfigureAwait(false);
        return n == 0 ? -1 : _one[0];
    }

    /// <summary>Skips whitespace and # comments, reads a decimal number and the one whitespace byte after it.</summary>
    private async ValueTask<int> ReadHeaderNumberAsync(CancellationToken cancellationToken)
    {
        int b;
        while (true)
        {
            b = await ReadByteAsync(cancellationToken).ConfigureAwait(false);
            if (b == '#')
            {
                while (b is not ('\n' or -1))
                {
                    b = await ReadByteAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            else if (!IsSpace(b))
            {
                break;
            }
        }

        var value = 0;
        var digits = 0;
        while (b is >= '0' and <= '9')
        {
            value = checked((value * 10) + (b - '0'));
            digits++;
            if (digits > 6)
            {
                throw new InvalidDataException("PPM header number too long.");
            }

            b = await ReadByteAsync(cancellationToken).ConfigureAwait(false);
        }

        if (digits == 0 || !IsSpace(b))
        {
            throw new InvalidDataException("Malformed PPM header.");
        }

        return value;
    }

    private static bool IsSpace(int b) => b is ' ' or '\n' or '\r' or '\t';
}
