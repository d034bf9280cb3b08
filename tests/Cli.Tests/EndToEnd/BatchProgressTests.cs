using Classroom.Cli.Batch;

namespace Classroom.Cli.Tests.EndToEnd;

/// <summary>A long video's progress line: its position, its length and the time left once the length is known.</summary>
public sealed class BatchProgressTests
{
    [Fact]
    public void Position_with_a_length_says_the_time_left_at_the_speed_so_far()
    {
        // 80 s of video in 5 s is 16x real time; the remaining 520 s at that speed take 32.5 s (shown to the second, truncated).
        var text = BatchProgress.Position("/videos/lecture.mp4", TimeSpan.FromSeconds(80), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10));
        Assert.Equal("lecture.mp4: 1:20 of 10:00 read in 0:05 (16× real time, about 0:32 left)", text);
    }

    [Fact]
    public void Position_without_a_length_says_only_where_it_is()
    {
        Assert.Equal("lecture.mp4: 1:20 of video read in 0:05 (16× real time)",
            BatchProgress.Position("lecture.mp4", TimeSpan.FromSeconds(80), TimeSpan.FromSeconds(5), null));
        // A container's length shorter than the position read (a wrong header) is not believed.
        Assert.Equal("lecture.mp4: 1:20 of video read in 0:05 (16× real time)",
            BatchProgress.Position("lecture.mp4", TimeSpan.FromSeconds(80), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void A_long_video_is_said_from_LongAfter_on_every_Every_with_its_length_asked_once()
    {
        var clock = new ManualClock();
        var lines = new List<string>();
        var asked = new List<string>();
        var progress = new BatchProgress(2, lines.Add, null, video =>
        {
            asked.Add(video);
            return Task.FromResult<TimeSpan?>(TimeSpan.FromHours(1));
        }, clock);

        progress.Reading("a.mp4", TimeSpan.Zero);
        clock.Advance(BatchProgress.LongAfter - TimeSpan.FromSeconds(1));
        progress.Reading("a.mp4", TimeSpan.FromSeconds(60));
        Assert.Empty(lines); // most clips finish before they are long: nothing is said of them

        clock.Advance(TimeSpan.FromSeconds(1));
        progress.Reading("a.mp4", TimeSpan.FromSeconds(75)); // 75 s in 5 s: 15x, 3525 s left at 15x = 3:55
        clock.Advance(BatchProgress.Every / 2);
        progress.Reading("a.mp4", TimeSpan.FromSeconds(150)); // too soon after the last line on a log
        clock.Advance(BatchProgress.Every / 2);
        progress.Reading("a.mp4", TimeSpan.FromSeconds(225)); // 225 s in 15 s: 15x, 3375 s left = 3:45

        Assert.Equal(["a.mp4: 1:15 of 1:00:00 read in 0:05 (15× real time, about 3:55 left)",
            "a.mp4: 3:45 of 1:00:00 read in 0:15 (15× real time, about 3:45 left)"], lines);
        Assert.Equal(["a.mp4"], asked);
    }

    /// <summary>A clock the test moves by hand: the progress rules are about elapsed time, which a test must not wait for.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long now = 1;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => now;

        public void Advance(TimeSpan by) => now += by.Ticks;
    }
}
