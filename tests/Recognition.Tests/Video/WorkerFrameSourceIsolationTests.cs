using System.Diagnostics;
using Classroom.Recognition.Video;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Tests.Video;

/// <summary>What a process of its own buys the decoder: a crash costs one video, not the batch.</summary>
public sealed class WorkerFrameSourceIsolationTests(FrameSourceVideos videos) : IClassFixture<FrameSourceVideos>
{
    [Fact]
    public async Task A_worker_that_crashes_fails_that_video_only_and_the_next_video_gets_a_fresh_worker()
    {
        using var source = new WorkerFrameSource(Options.Create(new VideoOptions { FramesPerSecond = 10 }), NullLogger<WorkerFrameSource>.Instance);
        var read = 0;
        var e = await Assert.ThrowsAsync<VideoDecodeException>(async () =>
        {
            await foreach (var frame in source.ReadFramesAsync(videos.LongClip, CancellationToken.None))
            {
                if (++read == 1)
                {
                    // As a segmentation fault in the ffmpeg libraries would end it.
                    using var kill = Process.Start("kill", ["-SEGV", source.WorkerProcessIds.Single().ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                    await kill.WaitForExitAsync();
                    Assert.Equal(0, kill.ExitCode);
                }
            }
        });
        Assert.Equal("the decoder crashed on this video (signal 11)", e.Reason);
        Assert.Equal(videos.LongClip, e.Video);
        Assert.Empty(source.WorkerProcessIds);

        var frames = await FrameSourceContract.ReadAll(source, videos.Small);
        Assert.NotEmpty(frames);
    }

    [Fact]
    public async Task Workers_are_reused_from_video_to_video()
    {
        using var source = new WorkerFrameSource(Options.Create(new VideoOptions()), NullLogger<WorkerFrameSource>.Instance);
        await FrameSourceContract.ReadAll(source, videos.Small);
        var first = source.WorkerProcessIds.Single();

        // Stopping early (first mode), stopping mid-video, a bad file, and a whole video: still the same worker.
        await foreach (var frame in source.ReadFramesAsync(videos.Bars1080, CancellationToken.None))
        {
            break;
        }

        // Stopping after the third frame, with the fourth already asked for (prefetched): that frame is drained first.
        var seen = 0;
        await foreach (var frame in source.ReadFramesAsync(videos.Bars1080, CancellationToken.None))
        {
            Assert.Equal(seen, frame.Index);
            if (++seen == 3)
            {
                break;
            }
        }

        await Assert.ThrowsAsync<VideoDecodeException>(() => FrameSourceContract.ReadAll(source, videos.Random));
        await FrameSourceContract.ReadAll(source, videos.Webm);
        Assert.Equal(first, source.WorkerProcessIds.Single());
    }
}
