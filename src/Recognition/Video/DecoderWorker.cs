using System.Buffers.Binary;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Classroom.Recognition.Imaging;

namespace Classroom.Recognition.Video;

/// <summary>
/// One <c>classroom-video-worker</c> process (native/classroom_video_worker.c) and its protocol: open a video, read
/// its frames, close it, and again for the next video. Not thread-safe: one video at a time. A worker that dies
/// (a crash in the ffmpeg libraries, or a kill on cancellation) makes the next call throw <see cref="WorkerDiedException"/>.
/// </summary>
internal sealed class DecoderWorker : IDisposable
{
    private const int MaxText = 1 << 20;
    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly byte[] _header = new byte[12];
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _errors = new();
    private volatile bool _killed;

    private DecoderWorker(Process process)
    {
        _process = process;
        _input = process.StandardInput.BaseStream;
        _output = process.StandardOutput.BaseStream;
    }

    public int ProcessId => _process.Id;

    /// <summary>False once the worker was killed or has ended: it is then never given another video.</summary>
    public bool IsUsable => !_killed && !_process.HasExited;

    public static DecoderWorker Start(string executable)
    {
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"Cannot run the video decoder worker '{executable}': {e.Message}.", e);
        }

        var worker = new DecoderWorker(process);
        process.ErrorDataReceived += (_, e) => // the libraries log nothing (AV_LOG_QUIET); the loader may
        {
            if (e.Data is { Length: > 0 } line)
            {
                worker._errors.Enqueue(line);
                while (worker._errors.Count > 5 && worker._errors.TryDequeue(out string? _))
                {
                }
            }
        };
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>The last lines the worker wrote to stderr (e.g. the loader's "cannot open shared object file").</summary>
    public string ErrorText => string.Join(" ", _errors);

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
        string[] texts = [input.Protocols, VideoContainers.Whitelist, filters, input.Url];
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

    public void Kill()
    {
        _killed = true;
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        try
        {
            _input.Dispose(); // end of stdin: the worker exits by itself
        }
        catch (IOException)
        {
            // Its end of the pipe is already closed.
        }

        if (!_process.WaitForExit(TimeSpan.FromSeconds(2)))
        {
            Kill();
            _process.WaitForExit(TimeSpan.FromSeconds(5));
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
    /// already on its way (a frame: ~3 pipe buffers) saves the thread-pool hop an async pipe read makes per chunk,
    /// ~10-30 ms a frame here. Cancellation kills the worker, which ends the read.
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
