using System.Runtime.CompilerServices;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Pipeline;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Video;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Classroom.Recognition.Tests.Pipeline.Descriptors;

namespace Classroom.Recognition.Tests.Pipeline;

/// <summary>A video over a limit (length, size, time taken) is its own error result naming the limit; the caller's own cancellation still throws.</summary>
public sealed class VideoLimitsTests
{
    private static VideoProcessor Build(IVideoFrameSource frames, LimitsOptions limits) =>
        new(frames, new ScriptedFaceEngine(new Dictionary<int, float[][]>()), new InMemoryKnownFaceStore([Known("ada", 0)]), new InMemoryStudentRecords([]),
            Options.Create(new MatchingOptions()), NullLogger<VideoProcessor>.Instance, limits: Options.Create(limits));

    [Fact]
    public async Task Reading_stops_at_the_longest_video_allowed()
    {
        var frames = new ScriptedFrameSource(1000); // 500 s at 2 frames a second, nobody in it
        var result = await Build(frames, new LimitsOptions { MaxVideoSeconds = 10 }).ProcessAsync("long.mp4", RecognitionMode.First, CancellationToken.None);

        Assert.Equal(VideoStatus.Error, result.Status);
        Assert.Contains("Classroom:Limits:MaxVideoSeconds", result.Error, StringComparison.Ordinal);
        Assert.Equal(22, frames.Produced); // frames at 0…10 s read (21), the first past the limit seen and refused
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_before_decoding()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, new byte[4096]);
            var frames = new ScriptedFrameSource(10);
            var result = await Build(frames, new LimitsOptions { MaxVideoBytes = 4095 }).ProcessAsync(file, RecognitionMode.All, CancellationToken.None);

            Assert.Equal(VideoStatus.Error, result.Status);
            Assert.Contains("Classroom:Limits:MaxVideoBytes", result.Error, StringComparison.Ordinal);
            Assert.Equal(0, frames.Produced);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_video_taking_longer_than_the_timeout_is_an_error_result_and_a_cancelled_caller_still_gets_the_cancellation()
    {
        var limits = new LimitsOptions { VideoTimeout = TimeSpan.FromMilliseconds(300) };
        var timedOut = await Build(new EndlessFrames(), limits).ProcessAsync("slow.mp4", RecognitionMode.All, CancellationToken.None);

        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var cancelled = Build(new EndlessFrames(), new LimitsOptions()).ProcessAsync("slow.mp4", RecognitionMode.All, caller.Token);

        Assert.Equal(VideoStatus.Error, timedOut.Status);
        Assert.Contains("Classroom:Limits:VideoTimeout", timedOut.Error, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
    }

    [Theory]
    [InlineData(0, 1L, "00:01:00")]
    [InlineData(60, 0L, "00:01:00")]
    [InlineData(60, 1L, "00:00:00")]
    public void Limits_out_of_range_are_refused_with_the_setting_named(double seconds, long bytes, string timeout)
    {
        var limits = new LimitsOptions { MaxVideoSeconds = seconds, MaxVideoBytes = bytes, VideoTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) };

        var e = Assert.Throws<ArgumentOutOfRangeException>(limits.Validate);
        Assert.StartsWith("Classroom:Limits:", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A decoder that never ends and is slow about it (20 frames a second of wall time).</summary>
    private sealed class EndlessFrames : IVideoFrameSource
    {
        public async IAsyncEnumerable<VideoFrame> ReadFramesAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            for (var k = 0; ; k++)
            {
                await Task.Delay(50, cancellationToken);
                yield return new VideoFrame(k, TimeSpan.FromSeconds(k / 2.0), new RgbImage(2, 2, new byte[12]));
            }
        }
    }
}
