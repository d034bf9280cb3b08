using System.Collections.Concurrent;
using System.Globalization;
using Classroom.Recognition.Pipeline;

namespace Classroom.Cli.Batch;

/// <summary>
/// What a batch says while it runs: each video as it finishes, and a video that takes long (<see cref="LongAfter"/>) its
/// position every <see cref="Every"/>: "lecture.mp4: 14:30 of 1:00:00 read in 0:50 (17× real time, about 2:46 left)". Plain
/// lines for a log (<paramref name="line"/>), or updates of a terminal's bar (<paramref name="bar"/>: done, the long
/// video's position). A long video's length is asked of <paramref name="duration"/> once (it answers asynchronously); until it
/// answers (or when it cannot tell) the line goes without the length and the time left. Thread-safe: videos run in parallel.
/// </summary>
internal sealed class BatchProgress(int total, Action<string>? line, Action<bool, string?>? bar,
    Func<string, Task<TimeSpan?>>? duration = null, TimeProvider? clock = null)
{
    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    /// <summary>A video shows its position once it has taken this long: most clips are done well before.</summary>
    public static readonly TimeSpan LongAfter = TimeSpan.FromSeconds(5);

    /// <summary>How often a long video's position is said on a log: often enough to show it moves, rarely enough to read.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, (long Started, long Said)> reading = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<TimeSpan?>> lengths = new(StringComparer.Ordinal);
    private int done;

    /// <summary>A sampled frame at <paramref name="time"/> of <paramref name="video"/> was read.</summary>
    public void Reading(string video, TimeSpan time)
    {
        var now = clock.GetTimestamp();
        var (started, said) = reading.GetOrAdd(video, _ => (now, now));
        var elapsed = clock.GetElapsedTime(started, now);
        if (elapsed < LongAfter || (line is not null && clock.GetElapsedTime(said, now) < Every && said != started))
        {
            return;
        }

        reading[video] = (started, now);
        var length = duration is null ? null : lengths.GetOrAdd(video, duration);
        var text = Position(video, time, elapsed, length is { IsCompletedSuccessfully: true } ? length.Result : null);
        line?.Invoke(text);
        bar?.Invoke(false, text);
    }

    /// <summary>"name: 1:20 of 10:00 read in 0:05 (16× real time, about 0:33 left)"; without a length, "1:20 of video read …".</summary>
    internal static string Position(string video, TimeSpan time, TimeSpan elapsed, TimeSpan? length)
    {
        var speed = time / elapsed;
        var name = TerminalText.Safe(VideoInputs.DisplayName(video));
        if (length is not { } total || total < time || speed <= 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{name}: {Clock(time)} of video read in {Clock(elapsed)} ({speed:0.#}× real time)");
        }

        var left = (total - time) / speed;
        return string.Create(CultureInfo.InvariantCulture, $"{name}: {Clock(time)} of {Clock(total)} read in {Clock(elapsed)} ({speed:0.#}× real time, about {Clock(left)} left)");
    }

    /// <summary><paramref name="item"/> is finished.</summary>
    public void Done(BatchItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        reading.TryRemove(item.Video, out _);
        lengths.TryRemove(item.Video, out _);
        var n = Interlocked.Increment(ref done);
        if (line is not null && total > 1)
        {
            line(string.Create(CultureInfo.InvariantCulture,
                $"[{n}/{total}] {TerminalText.Safe(VideoInputs.DisplayName(item.Video))}: {item.Result.Status.ToName()} ({item.Elapsed.TotalSeconds:F1} s)"));
        }

        bar?.Invoke(true, null);
    }

    private static string Clock(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
