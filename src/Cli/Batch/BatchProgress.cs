using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Classroom.Recognition.Pipeline;

namespace Classroom.Cli.Batch;

/// <summary>
/// What a batch says while it runs: each video as it finishes, and a video that takes long (<see cref="LongAfter"/>) its
/// position every <see cref="Every"/>: "lecture.mp4: 14:30 of video read in 0:50 (17× real time)". Plain lines for a
/// log (<paramref name="line"/>), or updates of a terminal's bar (<paramref name="bar"/>: done, the long video's position).
/// Thread-safe: videos run in parallel.
/// </summary>
internal sealed class BatchProgress(int total, Action<string>? line, Action<bool, string?>? bar)
{
    /// <summary>A video shows its position once it has taken this long: most clips are done well before.</summary>
    public static readonly TimeSpan LongAfter = TimeSpan.FromSeconds(5);

    /// <summary>How often a long video's position is said on a log: often enough to show it moves, rarely enough to read.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, (long Started, long Said)> reading = new(StringComparer.Ordinal);
    private int done;

    /// <summary>A sampled frame at <paramref name="time"/> of <paramref name="video"/> was read.</summary>
    public void Reading(string video, TimeSpan time)
    {
        var now = Stopwatch.GetTimestamp();
        var (started, said) = reading.GetOrAdd(video, _ => (now, now));
        var elapsed = Stopwatch.GetElapsedTime(started, now);
        if (elapsed < LongAfter || (line is not null && Stopwatch.GetElapsedTime(said, now) < Every && said != started))
        {
            return;
        }

        reading[video] = (started, now);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{TerminalText.Safe(VideoInputs.DisplayName(video))}: {Clock(time)} of video read in {Clock(elapsed)} ({time / elapsed:0.#}× real time)");
        line?.Invoke(text);
        bar?.Invoke(false, text);
    }

    /// <summary><paramref name="item"/> is finished.</summary>
    public void Done(BatchItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        reading.TryRemove(item.Video, out _);
        var n = Interlocked.Increment(ref done);
        if (line is not null && total > 1)
        {
            line(string.Create(CultureInfo.InvariantCulture,
                $"[{n}/{total}] {TerminalText.Safe(VideoInputs.DisplayName(item.Video))}: {ResultJson.StatusName(item.Result.Status)} ({item.Elapsed.TotalSeconds:F1} s)"));
        }

        bar?.Invoke(true, null);
    }

    private static string Clock(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
