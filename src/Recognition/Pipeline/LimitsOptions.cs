using System.Globalization;
using Classroom.Recognition.Hosting;

namespace Classroom.Recognition.Pipeline;

/// <summary>
/// What one video may cost (section "Classroom:Limits"). A video over a limit gets its own error result naming the
/// limit (a host does not retry it: the same bytes would fail the same way) and a batch goes on.
/// </summary>
public sealed class LimitsOptions : IValidatedOptions
{
    public const string SectionName = "Classroom:Limits";

    /// <summary>Longest video read (3 h: a long lecture or a double session). Reading stops there and the result is an error.</summary>
    public double MaxVideoSeconds { get; set; } = 3 * 3600;

    /// <summary>Largest video file (4 GiB: three hours of 1080p at 3 Mbit/s). Checked before decoding (the function: before downloading).</summary>
    public long MaxVideoBytes { get; set; } = 4L << 30;

    /// <summary>
    /// Longest time one video may take (30 min: a three-hour lecture in all mode on two cores, with room). The function app
    /// defaults it to <see cref="FunctionDefaultTimeout"/>, inside host.json's functionTimeout, so a slow video gets an error
    /// result instead of being cut off by the host and retried.
    /// </summary>
    public TimeSpan VideoTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The function app's default: two minutes inside host.json's ten-minute functionTimeout for the download and the result.</summary>
    public static readonly TimeSpan FunctionDefaultTimeout = TimeSpan.FromMinutes(8);

    public void Validate()
    {
        if (!(MaxVideoSeconds is > 0 and <= 7 * 24 * 3600))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxVideoSeconds), MaxVideoSeconds, $"{SectionName}:MaxVideoSeconds must be between 0 and a week (604800).");
        }

        if (MaxVideoBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxVideoBytes), MaxVideoBytes, $"{SectionName}:MaxVideoBytes must be positive.");
        }

        if (VideoTimeout <= TimeSpan.Zero || VideoTimeout > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(VideoTimeout), VideoTimeout, $"{SectionName}:VideoTimeout must be between 0 and a day (e.g. 00:30:00).");
        }
    }

    /// <summary>The error of a video of <paramref name="bytes"/> bytes, or null within the limit.</summary>
    public string? TooLarge(long bytes) => bytes <= MaxVideoBytes ? null
        : $"the video is {Size(bytes)}, over the limit of {Size(MaxVideoBytes)} ({SectionName}:MaxVideoBytes)";

    /// <summary>The error of a video read past <see cref="MaxVideoSeconds"/>.</summary>
    public string TooLong() => string.Create(CultureInfo.InvariantCulture, $"the video is longer than the limit of {MaxVideoSeconds:0.#} s ({SectionName}:MaxVideoSeconds)");

    /// <summary>The error of a video that took longer than <see cref="VideoTimeout"/>.</summary>
    public string TimedOut() => string.Create(CultureInfo.InvariantCulture, $"processing took longer than the limit of {VideoTimeout} ({SectionName}:VideoTimeout)");

    private static string Size(long bytes) => bytes >= 1 << 30
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 30):0.##} GiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 20):0.##} MiB");
}
