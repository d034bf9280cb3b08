using System.Diagnostics;
using Classroom.Recognition.Pipeline;

namespace Classroom.Cli.Batch;

/// <summary>One video's outcome in a batch: the result, how long it took, and the CSV written (if any; an error's file is not a CSV).</summary>
internal sealed record BatchItem(string Video, VideoResult Result, TimeSpan Elapsed, string? Csv);

/// <summary>
/// Runs the pipeline over many videos, a few at a time; results are handed on in input order. A failing video
/// becomes an error result (the batch goes on); only cancellation stops the batch.
/// </summary>
internal sealed class BatchRunner(IVideoProcessor processor, RecognitionMode mode, int parallel)
{
    /// <summary>Called with a video and the time of the frame just read (from the threads doing the work).</summary>
    public Action<string, TimeSpan>? OnProgress { get; init; }

    public async Task<IReadOnlyList<BatchItem>> RunAsync(
        IReadOnlyList<string> videos, Func<string, VideoResult, CancellationToken, Task<string?>> writeResult, Action<BatchItem> onItem, CancellationToken cancellationToken)
    {
        var results = new Task<BatchItem>[videos.Count];
        using var gate = new SemaphoreSlim(Math.Max(1, parallel));
        for (var i = 0; i < videos.Count; i++)
        {
            results[i] = RunOneAsync(videos[i], gate, writeResult, cancellationToken);
        }

        var items = new List<BatchItem>(videos.Count);
        foreach (var task in results)
        {
            var item = await task.ConfigureAwait(false);
            items.Add(item);
            onItem(item);
        }

        return items;
    }

    private async Task<BatchItem> RunOneAsync(string video, SemaphoreSlim gate, Func<string, VideoResult, CancellationToken, Task<string?>> writeResult, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var started = Stopwatch.GetTimestamp();
            VideoResult result;
            try
            {
                var progress = OnProgress is { } report ? new Reporter(time => report(video, time)) : null;
                result = await processor.ProcessAsync(video, mode, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                result = new VideoResult(video, VideoStatus.Error, [], 0, e.Message);
            }

            string? written = null;
            try
            {
                written = await writeResult(video, result, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // No CSV, no result: the students found are not reported as if they were written.
                result = ResultFile.IsError(result) ? result
                    : result with { Status = VideoStatus.Error, Students = [], Candidates = [], Error = "writing the CSV failed: " + e.Message };
            }

            var csv = ResultFile.IsError(result) ? null : written;
            return new BatchItem(video, result, Stopwatch.GetElapsedTime(started), csv);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Reports at once, on the reporting thread (Progress&lt;T&gt; would post each report to the thread pool, out of order).</summary>
    private sealed class Reporter(Action<TimeSpan> report) : IProgress<TimeSpan>
    {
        public void Report(TimeSpan value) => report(value);
    }
}
