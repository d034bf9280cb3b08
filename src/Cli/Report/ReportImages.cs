using Classroom.Recognition.Faces;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Video;
using SkiaSharp;

namespace Classroom.Cli.Report;

/// <summary>A face to show: its label, when and where it was first seen.</summary>
internal sealed record ReportFace(string Label, TimeSpan Time, FaceBox Box, bool Known);

/// <summary>The pictures of one video's faces: the frame each was decided on (scaled, its box drawn) and a crop of the face, as JPEG.</summary>
internal sealed record ReportPictures(IReadOnlyDictionary<ReportFace, (byte[] Frame, byte[] Crop)> Faces);

/// <summary>
/// Reads a video again for its report: the sampled frames at the times its faces were first seen (the same sampling as
/// the run, so the same frames), each scaled to <see cref="FrameWidth"/> with the face's box drawn, and the face cropped
/// with a margin. Reading stops after the last frame needed.
/// </summary>
internal static class ReportImages
{
    /// <summary>Wide enough to see a face, small enough that a page of many videos stays light.</summary>
    public const int FrameWidth = 480;

    /// <summary>Face thumbnails' side.</summary>
    public const int CropSide = 112;

    /// <param name="sampling">As the video was read for its result, so each face is drawn on the very frame it was seen in.</param>
    public static async Task<ReportPictures> ReadAsync(IVideoFrameSource frames, string video, VideoSampling sampling, IReadOnlyList<ReportFace> faces, CancellationToken cancellationToken)
    {
        var pictures = new Dictionary<ReportFace, (byte[], byte[])>();
        if (faces.Count == 0)
        {
            return new ReportPictures(pictures);
        }

        var last = faces.Max(f => f.Time);
        var nearest = new Dictionary<ReportFace, (TimeSpan Gap, RgbImage Image)>();
        await foreach (var frame in frames.ReadFramesAsync(video, sampling, cancellationToken).ConfigureAwait(false))
        {
            RgbImage? copy = null; // one copy per frame, shared by the faces it is nearest to (a source may reuse its buffers)
            foreach (var face in faces)
            {
                var gap = (frame.Time - face.Time).Duration();
                if (!nearest.TryGetValue(face, out var best) || gap < best.Gap)
                {
                    copy ??= new RgbImage(frame.Image.Width, frame.Image.Height, (byte[])frame.Image.Pixels.Clone());
                    nearest[face] = (gap, copy);
                }
            }

            if (frame.Time > last + TimeSpan.FromSeconds(1))
            {
                break;
            }
        }

        foreach (var (face, (_, image)) in nearest)
        {
            pictures[face] = (Frame(image, face), Crop(image, face.Box));
        }

        return new ReportPictures(pictures);
    }

    private static byte[] Frame(RgbImage image, ReportFace face)
    {
        using var bitmap = ToBitmap(image);
        var scale = Math.Min(1f, (float)FrameWidth / image.Width);
        var info = new SKImageInfo(Math.Max(1, (int)(image.Width * scale)), Math.Max(1, (int)(image.Height * scale)), SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        using var picture = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(picture, new SKRect(0, 0, info.Width, info.Height), new SKSamplingOptions(SKFilterMode.Linear), null);
        using var stroke = new SKPaint { Style = SKPaintStyle.Stroke, StrokeWidth = 3, Color = face.Known ? new SKColor(0x2e, 0xa0, 0x43) : new SKColor(0xd9, 0x7a, 0x00), IsAntialias = true };
        canvas.DrawRect(face.Box.X * scale, face.Box.Y * scale, face.Box.Width * scale, face.Box.Height * scale, stroke);
        return Encode(surface);
    }

    private static byte[] Crop(RgbImage image, FaceBox box)
    {
        using var bitmap = ToBitmap(image);
        // A quarter of the box around it, as a person would frame a face; clipped to the frame.
        var grow = Math.Max(box.Width, box.Height) * 0.25f;
        var source = SKRect.Create(box.X - grow, box.Y - grow, box.Width + (2 * grow), box.Height + (2 * grow));
        source.Intersect(SKRect.Create(0, 0, image.Width, image.Height));
        var info = new SKImageInfo(CropSide, CropSide, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var surface = SKSurface.Create(info);
        surface.Canvas.Clear(SKColors.Black);
        if (source.Width >= 1 && source.Height >= 1)
        {
            var fit = Math.Min(CropSide / source.Width, CropSide / source.Height);
            var (w, h) = (source.Width * fit, source.Height * fit);
            using var picture = SKImage.FromBitmap(bitmap);
            surface.Canvas.DrawImage(picture, source, SKRect.Create((CropSide - w) / 2, (CropSide - h) / 2, w, h), new SKSamplingOptions(SKFilterMode.Linear), null);
        }

        return Encode(surface);
    }

    private static SKBitmap ToBitmap(RgbImage image)
    {
        var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgba = ImageFiles.Rgba(image);
        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        return bitmap;
    }

    private static byte[] Encode(SKSurface surface)
    {
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Jpeg, 82);
        return data.ToArray();
    }
}
