using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Classroom.Recognition.Processes;

/// <summary>How a <see cref="ChildProcess"/> is started.</summary>
public sealed record ChildProcessSettings
{
    /// <summary>The child's working directory; null: this process's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Whether stdin stays open for <see cref="ChildProcess.Input"/>; otherwise it is closed at once (the child reads end of file).</summary>
    public bool KeepInput { get; init; }

    /// <summary>Whether stdout is a log (a server's), kept with stderr's lines; otherwise the caller reads <see cref="ChildProcess.Output"/>.</summary>
    public bool OutputIsLog { get; init; }

    /// <summary>How many of the child's last lines <see cref="ChildProcess.ErrorLines"/> keeps.</summary>
    public int KeptLines { get; init; } = 20;

    /// <summary>What to do when the program cannot be started (say, how to install it), added to that error.</summary>
    public string? Hint { get; init; }
}

/// <summary>
/// A child process, started the one way the product starts them: the program itself, never a shell; the arguments as a
/// list, never one joined string; stdin, stdout and stderr redirected, the last lines of stderr kept for the error text.
/// Cancellation and disposal kill it with its whole process tree, and disposal waits for it, so no child outlives its owner.
/// </summary>
public sealed class ChildProcess : IDisposable, IAsyncDisposable
{
    private static readonly ChildProcessSettings Defaults = new();
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly int _keptLines;
    private readonly Queue<string> _lines = new();
    private CancellationTokenRegistration _killOnCancel;
    private volatile bool _killed;

    private ChildProcess(Process process, int keptLines)
    {
        _process = process;
        _keptLines = keptLines;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Whether <see cref="Kill"/> was called (by cancellation, say).</summary>
    public bool WasKilled => _killed;

    /// <summary>The exit code once it has exited; 128 + N when signal N ended it.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The child's stdin (with <see cref="ChildProcessSettings.KeepInput"/>).</summary>
    public Stream Input => _process.StandardInput.BaseStream;

    /// <summary>The child's stdout, as bytes.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>The last lines the child wrote to stderr (and to stdout, when it is a log), blank lines left out.</summary>
    public IReadOnlyList<string> ErrorLines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Starts <paramref name="executable"/>; <paramref name="cancellationToken"/> kills it.</summary>
    /// <exception cref="InvalidOperationException">The program cannot be run (not found, not executable).</exception>
    public static ChildProcess Start(string executable, IEnumerable<string> arguments, ChildProcessSettings? settings = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executable);
        ArgumentNullException.ThrowIfNull(arguments);
        settings ??= Defaults;
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            WorkingDirectory = settings.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var child = new ChildProcess(new Process { StartInfo = info }, settings.KeptLines);
        try
        {
            child._process.Start();
        }
        catch (Win32Exception e)
        {
            child._process.Dispose();
            throw new InvalidOperationException($"Cannot run '{executable}': {e.Message}.{(settings.Hint is { } hint ? " " + hint : string.Empty)}", e);
        }

        if (!settings.KeepInput)
        {
            child._process.StandardInput.Close();
        }

        child._process.ErrorDataReceived += child.Keep;
        child._process.BeginErrorReadLine();
        if (settings.OutputIsLog)
        {
            child._process.OutputDataReceived += child.Keep;
            child._process.BeginOutputReadLine();
        }

        child._killOnCancel = cancellationToken.Register(static c => ((ChildProcess)c!).Kill(), child);
        return child;
    }

    /// <summary>All the child writes to stdout, as text, up to its end.</summary>
    public Task<string> ReadOutputAsync(CancellationToken cancellationToken) => _process.StandardOutput.ReadToEndAsync(cancellationToken);

    /// <summary>Waits for the child to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Whether the child exited within <paramref name="timeout"/>.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>Ends the child's stdin: a child that reads it to its end then exits by itself.</summary>
    public void CloseInput()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Its end of the pipe is already closed.
        }
    }

    /// <summary>Kills the child and every process it started (SIGKILL).</summary>
    public void Kill()
    {
        _killed = true;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Already gone.
        }
    }

    /// <summary>
    /// Asks the child to end as an operator would (SIGTERM: a server saves its state on the way out), and kills it with
    /// its tree if it has not ended within <paramref name="grace"/>.
    /// </summary>
    public void Terminate(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var signal = Start("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]))
        {
            signal.WaitForExit(grace);
        }

        if (!_process.WaitForExit(grace))
        {
            Kill();
        }
    }

    public void Dispose()
    {
        _killOnCancel.Dispose();
        if (!_process.HasExited)
        {
            Kill();
            _process.WaitForExit(ExitWait);
        }

        _process.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _killOnCancel.DisposeAsync().ConfigureAwait(false);
        if (!_process.HasExited)
        {
            Kill();
            using var wait = new CancellationTokenSource(ExitWait);
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A process that ignores SIGKILL for 10 s is beyond our reach; the OS reaps it when it finally goes.
            }
        }

        _process.Dispose();
    }

    private void Keep(object sender, DataReceivedEventArgs e)
    {
        if (string.IsNullOrWhiteSpace(e.Data))
        {
            return;
        }

        lock (_lines)
        {
            _lines.Enqueue(e.Data);
            while (_lines.Count > _keptLines)
            {
                _lines.Dequeue();
            }
        }
    }
}
