using System.Diagnostics;

namespace Classroom.Recognition.Tests.Support;

/// <summary>
/// The minimal static FFmpeg that classroom-video-worker is linked against when it is there (native/build.sh):
/// CLASSROOM_STATIC_FFMPEG, else the cache folder `scripts/setup.sh --static-decoder` builds, which ./test.sh always
/// asks for. Also compiled into Classroom.FunctionApp.Tests (the packaged worker).
/// </summary>
internal static class StaticDecoder
{
    private static readonly Lazy<string?> Found = new(Find);

    /// <summary>The libraries a worker that needs nothing beyond glibc may load (x86-64 and arm64 loaders).</summary>
    public static readonly IReadOnlySet<string> Glibc = new HashSet<string>(StringComparer.Ordinal)
    {
        "linux-vdso.so.1", "linux-gate.so.1", "libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1",
    };

    /// <summary>The static FFmpeg's folder, or null when there is none (the worker is then linked dynamically).</summary>
    public static string? Prefix => Found.Value;

    /// <summary>Why a test of the static worker does not run here, or null when it does.</summary>
    public static string? SkipReason => !OperatingSystem.IsLinux()
        ? "the decoder worker is built for Linux only"
        : Prefix is null ? "no static FFmpeg (scripts/setup.sh --static-decoder; ./test.sh always builds it)" : null;

    /// <summary>The file names of the shared libraries <paramref name="executable"/> loads, as ldd lists them.</summary>
    public static IReadOnlyList<string> SharedLibraries(string executable)
    {
        var (exit, stdout, stderr) = Run("ldd", executable);
        Assert.True(exit == 0, $"ldd {executable} exited {exit}: {stderr}{stdout}");

        // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)", "/lib64/ld-linux-x86-64.so.2 (0x…)", "linux-vdso.so.1 (0x…)"
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => Path.GetFileName(line.Split(' ')[0]))];
    }

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("CLASSROOM_STATIC_FFMPEG") is { Length: > 0 } given)
        {
            return File.Exists(Path.Combine(given, "lib", "libavcodec.a")) ? given : null;
        }

        var root = RepositoryRoot();
        if (root is null || !OperatingSystem.IsLinux())
        {
            return null;
        }

        var (exit, stdout, _) = Run("bash", Path.Combine(root, "native", "static-ffmpeg.sh"), "--default-prefix");
        var prefix = stdout.Trim();
        return exit == 0 && File.Exists(Path.Combine(prefix, ".complete")) ? prefix : null;
    }

    private static (int Exit, string Stdout, string Stderr) Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Classroom.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}

/// <summary>A fact about the statically linked worker: skipped only where there is no static FFmpeg (<see cref="StaticDecoder"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StaticDecoderFactAttribute : FactAttribute
{
    public StaticDecoderFactAttribute()
    {
        if (StaticDecoder.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
