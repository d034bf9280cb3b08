using System.Runtime.CompilerServices;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Video;

namespace Classroom.Recognition.Tests.Pipeline;

/// <summary>
/// Test double for the face engine: each frame's first pixel's red value is a frame number, and the script says
/// which faces (descriptors) that frame holds; its quick look sees the same faces. Lets the processor's logic be
/// tested without models.
/// </summary>
internal sealed class ScriptedFaceEngine(IReadOnlyDictionary<int, float[][]> facesByFrame) : IFaceEngine
{
    /// <summary>Full looks.</summary>
    public int Calls { get; private set; }

    public int QuickLooks { get; private set; }

    public IReadOnlyList<DetectedFace> FindFaces(RgbImage image, CancellationToken cancellationToken = default)
    {
        Calls++;
        return Script(image);
    }

    public IReadOnlyList<DetectedFace> FindFacesQuickly(RgbImage image, CancellationToken cancellationToken = default)
    {
        QuickLooks++;
        return Script(image);
    }

    private DetectedFace[] Script(RgbImage image)
    {
        var frame = image.Pixels[0];
        return facesByFrame.TryGetValue(frame, out var faces)
            ? [.. faces.Select((d, i) => new DetectedFace(new FaceBox(10 * i, 0, 100 - i, 100 - i, 0.9f), [], [], d))]
            : [];
    }
}

/// <summary>
/// Test double for the frame source: n tiny frames at 2 per second, every byte of frame k = k (so a turned or mirrored
/// copy is the same frame, and the flat frame gets no brightened look); or a decode error.
/// </summary>
internal sealed class ScriptedFrameSource(int frames, string? failWith = null) : IVideoFrameSource
{
    public int Produced { get; private set; }

    public async IAsyncEnumerable<VideoFrame> ReadFramesAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (failWith is not null)
        {
            throw new VideoDecodeException(path, failWith);
        }

        for (var k = 0; k < frames; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Produced++;
            var pixels = new byte[2 * 2 * 3];
            Array.Fill(pixels, (byte)k);
            yield return new VideoFrame(k, TimeSpan.FromSeconds(k / 2.0), new RgbImage(2, 2, pixels));
        }
    }
}

/// <summary>Descriptors for the scripts: unit vectors along an axis, nudged by a small offset (distance = offset·√2 between nudges).</summary>
internal static class Descriptors
{
    public static float[] Person(int axis, float nudge = 0)
    {
        var d = new float[128];
        d[axis] = 1 - nudge;
        d[(axis + 64) % 128] = nudge;
        return d;
    }

    public static KnownFace Known(string name, int axis) => new(name, Person(axis));
}
