using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Classroom.Recognition.Video;

/// <summary>
/// The in-process decoder, <c>libclassroomvideo.so</c>: native/classroom_video.c, built at build time against the
/// system's libavformat/libavcodec/libavfilter (Debian's ffmpeg libraries) and copied next to this assembly.
/// </summary>
internal static partial class LibavNative
{
    private const string Library = "classroomvideo";
    private const int ErrorLength = 512;

    private static readonly Lazy<string?> LoadError = new(TryLoad);

    /// <summary>Null when the library and the ffmpeg libraries it links to load; else why not.</summary>
    public static string? UnavailableReason => LoadError.Value;

    /// <summary>
    /// Opens a video through its protocols only and as one of <see cref="VideoContainers.Whitelist"/>; null when it cannot
    /// be opened, with the code and why: a message (no video stream, unreadable data, …), or the refused demuxer's name
    /// when the code is <see cref="VideoContainers.RefusedCode"/>.
    /// </summary>
    public static LibavDecoderHandle? Open(VideoInput input, string filters, int threads, SamplingPlan plan, out int code, out string? error)
    {
        var buffer = new byte[ErrorLength];
        code = cv_open(input.Url, input.Protocols, VideoContainers.Whitelist, filters, threads, plan.KeyframesAfterMilliseconds, plan.KeyGapMilliseconds, out var handle, buffer, buffer.Length);
        if (code < 0 || handle.IsInvalid)
        {
            handle.Dispose();
            error = System.Text.Encoding.UTF8.GetString(buffer, 0, Math.Max(0, Array.IndexOf(buffer, (byte)0)));
            return null;
        }

        error = null;
        return handle;
    }

    public static string FormatName(LibavDecoderHandle decoder) => Marshal.PtrToStringUTF8(cv_format_name(decoder)) ?? string.Empty;

    public static string Error(LibavDecoderHandle decoder) => Marshal.PtrToStringUTF8(cv_error(decoder)) ?? "unknown error";

    /// <summary>1: a frame (valid until the next call), 0: end of video, negative: an error (see <see cref="Error"/>).</summary>
    public static int Next(LibavDecoderHandle decoder, out nint data, out int lineSize, out int width, out int height) =>
        cv_next(decoder, out data, out lineSize, out width, out height);

    /// <summary>Makes a blocked <see cref="Next"/> return (callable from any thread).</summary>
    public static void Interrupt(LibavDecoderHandle decoder) => cv_interrupt(decoder);

    private static string? TryLoad()
    {
        try
        {
            if (!OperatingSystem.IsLinux())
            {
                return "in-process decoding is built for Linux only";
            }

            return NativeLibrary.TryLoad(Library, typeof(LibavNative).Assembly, DllImportSearchPath.AssemblyDirectory, out _)
                ? null
                : $"lib{Library}.so or the ffmpeg libraries it needs (libavformat, libavcodec, libavfilter) could not be loaded";
        }
        catch (BadImageFormatException e)
        {
            return e.Message;
        }
    }

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int cv_open(string url, string protocols, string formats, string filters, int threads, int keyframesAfterMs, int keyGapMs, out LibavDecoderHandle decoder, [Out] byte[] error, int errorLength);

    [LibraryImport(Library)]
    private static partial int cv_next(LibavDecoderHandle decoder, out nint data, out int lineSize, out int width, out int height);

    [LibraryImport(Library)]
    private static partial nint cv_format_name(LibavDecoderHandle decoder);

    [LibraryImport(Library)]
    private static partial nint cv_error(LibavDecoderHandle decoder);

    [LibraryImport(Library)]
    private static partial void cv_interrupt(LibavDecoderHandle decoder);

    [LibraryImport(Library)]
    internal static partial void cv_close(nint decoder);
}

/// <summary>An open native decoder; disposing it frees the decoder (after any call in flight on it has returned).</summary>
internal sealed class LibavDecoderHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public LibavDecoderHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibavNative.cv_close(handle);
        return true;
    }
}
