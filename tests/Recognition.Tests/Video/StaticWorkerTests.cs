using Classroom.Recognition.Tests.Support;
using Classroom.Recognition.Video;

namespace Classroom.Recognition.Tests.Video;

/// <summary>
/// With a static FFmpeg there (./test.sh always builds it), the worker every Worker test here runs is the one the
/// deployment package carries: linked against it, needing nothing beyond glibc, so a host without the ffmpeg
/// libraries (Azure's Functions image) runs it. The frames it gives are checked against the ffmpeg command line's by
/// <see cref="CodecCoverageTests"/> and <see cref="DecoderParityTests"/>.
/// </summary>
public sealed class StaticWorkerTests
{
    [StaticDecoderFact]
    public void The_worker_loads_no_ffmpeg_library_and_nothing_beyond_glibc()
    {
        var worker = Path.Combine(AppContext.BaseDirectory, WorkerFrameSource.WorkerFileName);
        Assert.True(File.Exists(worker), $"{worker} was not built");

        var libraries = StaticDecoder.SharedLibraries(worker);

        Assert.Contains("libc.so.6", libraries);
        Assert.DoesNotContain(libraries, l => l.StartsWith("libav", StringComparison.Ordinal) || l.StartsWith("libsw", StringComparison.Ordinal));
        var beyond = libraries.Where(l => !StaticDecoder.Glibc.Contains(l)).ToList();
        Assert.True(beyond.Count == 0, $"{worker} loads libraries beyond glibc: {string.Join(", ", beyond)}");
    }

    [StaticDecoderFact]
    public void The_worker_passes_its_check_and_so_Auto_picks_it()
    {
        Assert.Null(WorkerFrameSource.WhyUnavailable());
    }
}
