using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using FFMpegCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Video;

/// <summary>
/// Frames from <c>classroom-video-worker</c> processes: the decoder of <see cref="LibavFrameSource"/> (the same frames,
/// byte for byte) in long-lived processes of their own, one per video being decoded at a time, kept for the next
/// video. As fast as in-process decoding (a worker reuses its memory and loads the ffmpeg libraries once), and as
/// safe as an ffmpeg process: a video that crashes the libraries ends that worker only — the video gets an error
/// result, the next video a fresh worker. Cancellation kills the worker.
/// </summary>
public sealed partial class WorkerFrameSource : IVideoFrameSource, IDisposable
{
    /// <summary>The worker's file name, next to this assembly (built by native/build.sh).</summary>
    public const string WorkerFileName = "classroom-video-worker";

    private static readonly Lazy<string?> Unavailable = new(CheckWorker);

    /// <summary>The worker started to check that workers run, handed to the first frame source's pool (saves a start).</summary>
    private static DecoderWorker? s_checked;

    private readonly VideoOptions _options;
    private readonly ILogger<WorkerFrameSource> _logger;
    private readonly FFOptions _ffOptions;
    private readonly ConcurrentBag<DecoderWorker> _idle = [];
    private readonly ConcurrentDictionary<int, DecoderWorker> _all = new();
    private bool _disposed;

    public WorkerFrameSource(IOptions<VideoOptions> options, ILogger<WorkerFrameSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _options.Validate();
        _logger = logger;
        if (UnavailableReason is { } reason)
        {
            throw new InvalidOperationException($"The video decoder worker is not available: {reason}. Set {VideoOptions.SectionName}:Decoder to FFmpeg (or Auto).");
        }

        _ffOptions = VideoInputs.FFOptions(_options);
        if (Interlocked.Exchange(ref s_checked, null) is { } adopted)
        {
            _all[adopted.ProcessId] = adopted;
            _idle.Add(adopted);
        }
    }

    /// <summary>Null when the worker runs on this machine (it and the ffmpeg libraries it needs are there); else why not.</summary>
    public static string? UnavailableReason => Unavailable.Value;

    /// <summary>The process ids of the workers alive now (for tests).</summary>
    internal IReadOnlyCollection<int> WorkerProcessIds => [.. _all.Keys];

    public IAsyncEnumerable<VideoFrame> ReadFramesAsync(string path, CancellationToken cancellationToken) =>
        ReadFramesAsync(path, VideoSampling.Uniform, cancellationToken);

    public async IAsyncEnumerable<VideoFrame> ReadFramesAsync(string path, VideoSampling sampling, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var plan = SamplingPlan.For(_options, sampling);
        var input = VideoInputs.Resolve(path);
        cancellationToken.ThrowIfCancellationRequested();
        var worker = Rent();
        Task<(Imaging.RgbImage? Frame, string? Error)>? pending = null;
        try
        {
            using var kill = cancellationToken.Register(static w => ((DecoderWorker)w!).Kill(), worker);
            var (code, text) = await Call(() => worker.OpenAsync(input, VideoInputs.FilterChain(_options, plan), _options.DecoderThreads, plan, cancellationToken), worker, path, cancellationToken).ConfigureAwait(false);
            if (code < 0)
            {
                throw await VideoInputs.ExplainOpenFailureAsync(input, path, code, text, _ffOptions, cancellationToken).ConfigureAwait(false);
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
                    throw await VideoInputs.ExplainAsync(input, path, "decoding failed (" + error + ")", _ffOptions, cancellationToken).ConfigureAwait(false);
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
                throw await VideoInputs.ExplainAsync(input, path, "no video frames could be decoded", _ffOptions, cancellationToken).ConfigureAwait(false);
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

        var worker = DecoderWorker.Start(WorkerPath());
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

    private static string WorkerPath() => Path.Combine(AppContext.BaseDirectory, WorkerFileName) is var inBase && File.Exists(inBase)
        ? inBase
        : Path.Combine(Path.GetDirectoryName(typeof(WorkerFrameSource).Assembly.Location) ?? AppContext.BaseDirectory, WorkerFileName);

    /// <summary>
    /// Starts a worker once and pings it: it answers when it and the ffmpeg libraries load. That worker is kept for
    /// the first frame source, so checking costs no extra process start.
    /// </summary>
    private static string? CheckWorker()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the decoder worker is built for Linux only";
        }

        var path = WorkerPath();
        if (!File.Exists(path))
        {
            return $"{WorkerFileName} was not built (native/build.sh needs gcc and the ffmpeg development files)";
        }

        DecoderWorker worker;
        try
        {
            worker = DecoderWorker.Start(path);
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            worker.PingAsync(timeout.Token).GetAwaiter().GetResult();
            s_checked = worker;
            return null;
        }
        catch (Exception e) when (e is WorkerDiedException or OperationCanceledException)
        {
            var reason = $"{WorkerFileName} does not run ({worker.DescribeExit()}): {worker.ErrorText}".TrimEnd(' ', ':');
            worker.Kill();
            worker.Dispose();
            return reason;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "video decoder worker {Pid} started")]
    private static partial void LogStarted(ILogger logger, int pid);

    [LoggerMessage(Level = LogLevel.Debug, Message = "decoding {Video} ({Format}) in worker {Pid}")]
    private static partial void LogOpened(ILogger logger, string video, string format, int pid);
}
