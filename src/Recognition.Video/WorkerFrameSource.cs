using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using FFMpegCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Video;

/// <summary>
/// Frames from <c>classroom-video-worker</c> processes (native/classroom_video_worker.c over the ffmpeg libraries): the
/// same demuxing, autorotation and filter chain as <see cref="FFmpegFrameSource"/>'s ffmpeg command line, in long-lived
/// processes of their own, one per video being decoded at a time, kept for the next video: a worker reuses its memory
/// and loads the ffmpeg libraries once, and a video that crashes the libraries ends that worker only — the video gets
/// an error result, the next video a fresh worker. Cancellation kills the worker.
/// </summary>
public sealed partial class WorkerFrameSource : IVideoFrameSource, IDisposable
{
    /// <summary>The worker's file name, next to this assembly (built by native/build.sh).</summary>
    public const string WorkerFileName = "classroom-video-worker";

    private readonly VideoOptions _options;
    private readonly ILogger<WorkerFrameSource> _logger;
    private readonly FFOptions _ffOptions;
    private readonly ConcurrentBag<DecoderWorker> _idle = [];
    private readonly ConcurrentDictionary<int, DecoderWorker> _all = new();
    private bool _disposed;

    /// <summary>Starts a worker and checks that it runs here; throws with the reason when it does not.</summary>
    public WorkerFrameSource(IOptions<VideoOptions> options, ILogger<WorkerFrameSource> logger)
        : this(options, logger, DecoderWorker.StartChecked(out var reason) ?? throw Unavailable(reason))
    {
    }

    /// <summary>With a worker already checked (<see cref="DecoderWorker.StartChecked"/>), the first one of its pool.</summary>
    internal WorkerFrameSource(IOptions<VideoOptions> options, ILogger<WorkerFrameSource> logger, DecoderWorker checkedWorker)
    {
        ArgumentNullException.ThrowIfNull(checkedWorker);
        try
        {
            (_options, _ffOptions) = DecoderInputs.Settings(options);
        }
        catch
        {
            checkedWorker.Dispose();
            throw;
        }

        _logger = logger;
        _all[checkedWorker.ProcessId] = checkedWorker;
        _idle.Add(checkedWorker);
    }

    /// <summary>Null when decoder workers run on this machine (one is started and ended to see); else why not.</summary>
    public static string? WhyUnavailable()
    {
        using var worker = DecoderWorker.StartChecked(out var reason);
        return reason;
    }

    /// <summary>The process ids of the workers alive now (for tests).</summary>
    internal IReadOnlyCollection<int> WorkerProcessIds => [.. _all.Keys];

    public IAsyncEnumerable<VideoFrame> ReadFramesAsync(string path, CancellationToken cancellationToken) =>
        ReadFramesAsync(path, VideoSampling.Uniform, cancellationToken);

    public async IAsyncEnumerable<VideoFrame> ReadFramesAsync(string path, VideoSampling sampling, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var plan = SamplingPlan.For(_options, sampling);
        var input = DecoderInputs.Resolve(path);
        cancellationToken.ThrowIfCancellationRequested();
        var worker = Rent();
        Task<(Imaging.RgbImage? Frame, string? Error)>? pending = null;
        try
        {
            using var kill = cancellationToken.Register(static w => ((DecoderWorker)w!).Kill(), worker);
            var (code, text) = await Call(() => worker.OpenAsync(input, DecoderInputs.FilterChain(_options, plan), _options.DecoderThreads, plan, cancellationToken), worker, path, cancellationToken).ConfigureAwait(false);
            if (code < 0)
            {
                throw await DecoderInputs.ExplainOpenFailureAsync(input, code, text, _ffOptions, cancellationToken).ConfigureAwait(false);
            }

            LogOpened(_logger, path, text, worker.ProcessId);
            var index = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested(); // a prefetched frame is not handed out after cancellation
                var request = pending ?? worker.NextAsync(cancellationToken);
                pending = null;
                var (frame, error) = await Call(() => request, worker, path, cancellationToken).ConfigureAwait(false);
                if (error is not null)
                {
                    throw await DecoderInputs.ExplainAsync(input, "decoding failed (" + error + ")", _ffOptions, cancellationToken).ConfigureAwait(false);
                }

                if (frame is null)
                {
                    break;
                }

                // From the second frame on the consumer is scanning the video (no face in the first frame, or `all` mode):
                // ask for the next frame now, so the worker decodes it while the consumer works on this one. Not for the
                // first frame: `first` mode usually stops there, and would wait for a frame it never uses.
                if (index >= 1)
                {
                    pending = worker.NextAsync(cancellationToken);
                }

                yield return new VideoFrame(index, plan.TimeOf(index), frame);
                index++;
            }

            if (index == 0)
            {
                throw await DecoderInputs.ExplainAsync(input, "no video frames could be decoded", _ffOptions, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (pending is not null)
            {
                // The consumer stopped with a frame on its way: take it off the pipe, so the worker can close and be reused.
                try
                {
                    await pending.ConfigureAwait(false);
                }
                catch (Exception e) when (e is WorkerDiedException or InvalidDataException or OperationCanceledException)
                {
                    worker.Kill(); // dead already, or out of step: not reused
                }
            }

            // A worker that died, was killed (cancellation, protocol error) or was cancelled mid-request is not reused;
            // one whose video failed or whose consumer stopped early is.
            await ReturnAsync(worker, !cancellationToken.IsCancellationRequested).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var worker in _all.Values)
        {
            worker.Dispose();
        }

        _all.Clear();
        _idle.Clear();
    }

    /// <summary>Runs one request; a worker that died meanwhile becomes the video's error (or the cancellation it was).</summary>
    private static async Task<T> Call<T>(Func<Task<T>> request, DecoderWorker worker, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await request().ConfigureAwait(false);
        }
        catch (WorkerDiedException e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new VideoDecodeException(path, $"the decoder crashed on this video ({worker.DescribeExit()})", e);
        }
        catch (InvalidDataException e)
        {
            worker.Kill(); // out of step with its protocol: never reused
            throw new VideoDecodeException(path, "the decoder worker answered out of protocol: " + e.Message, e);
        }
    }

    private DecoderWorker Rent()
    {
        while (_idle.TryTake(out var idle))
        {
            if (idle.IsUsable)
            {
                return idle;
            }

            Forget(idle);
        }

        var worker = DecoderWorker.Start(DecoderWorker.ExecutablePath());
        _all[worker.ProcessId] = worker;
        LogStarted(_logger, worker.ProcessId);
        return worker;
    }

    private async Task ReturnAsync(DecoderWorker worker, bool healthy)
    {
        if (healthy && !_disposed && worker.IsUsable)
        {
            try
            {
                await worker.CloseAsync(CancellationToken.None).ConfigureAwait(false);
                _idle.Add(worker);
                return;
            }
            catch (WorkerDiedException)
            {
                // Gone after all: forget it below.
            }
        }

        Forget(worker);
    }

    private void Forget(DecoderWorker worker)
    {
        _all.TryRemove(worker.ProcessId, out _);
        worker.Kill();
        worker.Dispose();
    }

    /// <summary>The error for a worker asked for where it does not run.</summary>
    internal static InvalidOperationException Unavailable(string? reason) =>
        new($"The video decoder worker is not available: {reason}. Set {VideoOptions.SectionName}:Decoder to FFmpeg (or Auto).");

    [LoggerMessage(Level = LogLevel.Debug, Message = "video decoder worker {Pid} started")]
    private static partial void LogStarted(ILogger logger, int pid);

    [LoggerMessage(Level = LogLevel.Debug, Message = "decoding {Video} ({Format}) in worker {Pid}")]
    private static partial void LogOpened(ILogger logger, string video, string format, int pid);
}
