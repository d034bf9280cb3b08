using System.Buffers.Binary;
using System.Text;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Processes;

namespace Classroom.Recognition.Video;

/// <summary>
/// One <c>classroom-video-worker</c> process (native/classroom_video_worker.c) and its protocol: open a video, read
/// its frames, close it, and again for the next video. Not thread-safe: one video at a time. A worker that dies
/// (a crash in the ffmpeg libraries, or a kill on cancellation) makes the next call throw <see cref="WorkerDiedException"/>.
/// </summary>
internal sealed class DecoderWorker : IDisposable
{
    private const int MaxText = 1 << 20;

    /// <summary>Its stdin is the request pipe; the loader's last lines on stderr say why it does not run.</summary>
    private static readonly ChildProcessSettings Launch = new() { KeepInput = true, KeptLines = 5 };

    private readonly ChildProcess _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly byte[] _header = new byte[12];

    private DecoderWorker(ChildProcess process)
    {
        _process = process;
        _input = process.Input;
        _output = process.Output;
    }

    public int ProcessId => _process.Id;

    /// <summary>False once the worker was killed or has ended: it is then never given another video.</summary>
    public bool IsUsable => !_process.WasKilled && !_process.HasExited;

    /// <summary>The last lines the worker wrote to stderr (e.g. the loader's "cannot open shared object file").</summary>
    public string ErrorText => string.Join(" ", _process.ErrorLines);

    public static DecoderWorker Start(string executable) => new(ChildProcess.Start(executable, [], Launch));

    /// <summary>
    /// A worker that runs here (it and the ffmpeg libraries it needs load: it answers a ping), or null and why not.
    /// </summary>
    public static DecoderWorker? StartChecked(out string? reason)
    {
        reason = null;
        if (!OperatingSystem.IsLinux())
        {
            reason = "the decoder worker is built for Linux only";
            return null;
        }

        var path = ExecutablePath();
        if (!File.Exists(path))
        {
            reason = $"{WorkerFrameSource.WorkerFileName} was not built (native/build.sh needs gcc and the ffmpeg development files)";
            return null;
        }

        DecoderWorker worker;
        try
        {
            worker = Start(path);
        }
        catch (InvalidOperationException e)
        {
            reason = e.Message;
            return null;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            worker.PingAsync(timeout.Token).GetAwaiter().GetResult();
            return worker;
        }
        catch (Exception e) when (e is WorkerDiedException or OperationCanceledException)
        {
            reason = $"{WorkerFrameSource.WorkerFileName} does not run ({worker.DescribeExit()}): {worker.ErrorText}".TrimEnd(' ', ':');
            worker.Kill();
            worker.Dispose();
            return null;
        }
    }

    /// <summary>The worker's file, next to the app (a single-file host) or else next to this assembly.</summary>
    public static string ExecutablePath() => Path.Combine(AppContext.BaseDirectory, WorkerFrameSource.WorkerFileName) is var inBase && File.Exists(inBase)
        ? inBase
        : Path.Combine(Path.GetDirectoryName(typeof(DecoderWorker).Assembly.Location) ?? AppContext.BaseDirectory, WorkerFrameSource.WorkerFileName);

    /// <summary>Answers once the worker runs (it and the ffmpeg libraries loaded); throws <see cref="WorkerDiedException"/> if it did not.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await SendAsync([(byte)'P'], cancellationToken).ConfigureAwait(false);
        _ = await ReadInt32Async(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens a video through its protocols only and as one of <see cref="VideoContainers.Whitelist"/>: (code ≥ 0, demuxer
    /// name), (negative code, why not), or (<see cref="VideoContainers.RefusedCode"/>, the refused demuxer's name).
    /// </summary>
    public async Task<(int Code, string Text)> OpenAsync(VideoInput input, string filters, int threads, SamplingPlan plan, CancellationToken cancellationToken)
    {
        string[] texts = [DecoderInputs.Protocols, VideoContainers.Whitelist, filters, input.FullPath];
        var bytes = texts.Select(Encoding.UTF8.GetBytes).ToArray();
        var request = new byte[1 + 12 + bytes.Sum(b => 4 + b.Length)];
        request[0] = (byte)'O';
        BinaryPrimitives.WriteInt32LittleEndian(request.AsSpan(1), threads);
        BinaryPrimitives.WriteInt32LittleEndian(request.AsSpan(5), plan.KeyframesAfterMilliseconds);
        BinaryPrimitives.WriteInt32LittleEndian(request.AsSpan(9), plan.KeyGapMilliseconds);
        var at = 13;
        foreach (var text in bytes)
        {
            BinaryPrimitives.WriteInt32LittleEndian(request.AsSpan(at), text.Length);
            text.CopyTo(request, at + 4);
            at += 4 + text.Length;
        }

        await SendAsync(request, cancellationToken).ConfigureAwait(false);
        var code = await ReadInt32Async(cancellationToken).ConfigureAwait(false);
        return (code, ReadText());
    }

    /// <summary>The next frame; null at the end of the video; a decoding error as (null, error).</summary>
    public async Task<(RgbImage? Frame, string? Error)> NextAsync(CancellationToken cancellationToken)
    {
        await SendAsync([(byte)'N'], cancellationToken).ConfigureAwait(false);
        var code = await ReadInt32Async(cancellationToken).ConfigureAwait(false);
        if (code < 0)
        {
            return (null, ReadText());
        }

        if (code == 0)
        {
            return (null, null);
        }

        ReadRest(_header.AsSpan(0, 8));
        var width = BinaryPrimitives.ReadInt32LittleEndian(_header);
        var height = BinaryPrimitives.ReadInt32LittleEndian(_header.AsSpan(4));
        if (width is <= 0 or > 16384 || height is <= 0 or > 16384)
        {
            throw new InvalidDataException($"The video decoder worker sent a {width}x{height} frame.");
        }

        var pixels = GC.AllocateUninitializedArray<byte>(width * height * 3);
        ReadRest(pixels);
        return (new RgbImage(width, height, pixels), null);
    }

    /// <summary>Closes the open video; the worker is then ready for the next one.</summary>
    public Task CloseAsync(CancellationToken cancellationToken) => SendAsync([(byte)'C'], cancellationToken);

    /// <summary>How the worker ended, for the error message (its exit code, or the signal that ended it).</summary>
    public string DescribeExit()
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            return "it stopped answering";
        }

        var code = _process.ExitCode;
        return code > 128 ? $"signal {code - 128}" : $"exit code {code}";
    }

    public void Kill() => _process.Kill();

    public void Dispose()
    {
        _process.CloseInput(); // end of stdin: the worker exits by itself
        if (!_process.WaitForExit(TimeSpan.FromSeconds(2)))
        {
            Kill();
        }

        _process.Dispose();
    }

    private async Task SendAsync(byte[] request, CancellationToken cancellationToken)
    {
        try
        {
            await _input.WriteAsync(request, cancellationToken).ConfigureAwait(false);
            await _input.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new WorkerDiedException(e);
        }
    }

    private async Task<int> ReadInt32Async(CancellationToken cancellationToken)
    {
        await ReadExactlyAsync(_header.AsMemory(0, 4), cancellationToken).ConfigureAwait(false);
        return BinaryPrimitives.ReadInt32LittleEndian(_header);
    }

    private string ReadText()
    {
        ReadRest(_header.AsSpan(0, 4));
        var length = BinaryPrimitives.ReadInt32LittleEndian(_header);
        if (length is < 0 or > MaxText)
        {
            throw new InvalidDataException($"The video decoder worker sent a text of {length} bytes.");
        }

        var bytes = new byte[length];
        ReadRest(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>
    /// Waits for an answer (the worker decoding) without holding a thread; the first bytes are the answer's code.
    /// </summary>
    private async Task ReadExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            await _output.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            throw new WorkerDiedException(e);
        }
    }

    /// <summary>
    /// Reads the rest of an answer, which the worker writes all at once right after its code: a blocking read of data
    /// already on its way (a frame: ~3 pipe buffers) saves the thread-pool hop an async pipe read makes per chunk
    /// (docs/pipeline.md has the figures). Cancellation kills the worker, which ends the read.
    /// </summary>
    private void ReadRest(Span<byte> buffer)
    {
        try
        {
            _output.ReadExactly(buffer);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            throw new WorkerDiedException(e);
        }
    }
}

/// <summary>The worker process ended in the middle of a request.</summary>
internal sealed class WorkerDiedException : Exception
{
    public WorkerDiedException()
    {
    }

    public WorkerDiedException(string message)
        : base(message)
    {
    }

    public WorkerDiedException(Exception innerException)
        : base("The video decoder worker ended.", innerException)
    {
    }

    public WorkerDiedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
