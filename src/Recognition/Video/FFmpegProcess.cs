using System.ComponentModel;
using System.Diagnostics;

namespace Classroom.Recognition.Video;

/// <summary>
/// One ffmpeg process whose stdout is read as a stream (an anonymous pipe: no files, no sockets). Stopping is
/// immediate: cancellation or disposal kills the process (SIGKILL) and waits for it, so it never outlives its reader.
/// The last lines of stderr are kept for error messages.
/// </summary>
internal sealed class FFmpegProcess : IAsyncDisposable
{
    private const int KeptErrorLines = 20;
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly Queue<string> _errors = new();
    private CancellationTokenRegistration _killOnCancel;

    private FFmpegProcess(Process process)
    {
        _process = process;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_errors)
            {
                _errors.Enqueue(e.Data);
                if (_errors.Count > KeptErrorLines)
                {
                    _errors.Dequeue();
                }
            }
        };
        Output = Stream.Null;
    }

    /// <summary>The process's standard output.</summary>
    public Stream Output { get; private set; }

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The last lines ffmpeg wrote to stderr.</summary>
    public IReadOnlyList<string> ErrorLines
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    public static FFmpegProcess Start(string executable, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var wrapper = new FFmpegProcess(new Process { StartInfo = info });
        try
        {
            wrapper._process.Start();
        }
        catch (Win32Exception e)
        {
            wrapper._process.Dispose();
            throw new InvalidOperationException(
                $"Cannot run '{executable}': {e.Message}. Install ffmpeg (e.g. apt-get install ffmpeg) or set Classroom:Video:FFmpegDirectory.", e);
        }

        wrapper._process.StandardInput.Close();
        wrapper._process.BeginErrorReadLine();
        wrapper.Output = new BufferedStream(wrapper._process.StandardOutput.BaseStream, 1 << 16);
        wrapper._killOnCancel = cancellationToken.Register(static p => ((FFmpegProcess)p!).Kill(), wrapper);
        return wrapper;
    }

    /// <summary>Waits for ffmpeg to exit (after its output was read to the end) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await _killOnCancel.DisposeAsync().ConfigureAwait(false);
        Kill();
        using (var wait = new CancellationTokenSource(ExitWait))
        {
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A process that ignores SIGKILL for 10 s is beyond our reach; the OS reaps it when it finally goes.
            }
        }

        await Output.DisposeAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited between the check and the kill.
        }
    }
}
