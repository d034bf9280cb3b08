using System.Diagnostics;
using Azure.Storage.Blobs;
using Classroom.Cloud.Jobs;
using Classroom.FunctionApp;

namespace Classroom.HostConformance.Tests;

/// <summary>One invocation of the function as the host made it: which blob, when, how it ended.</summary>
public sealed record Attempt(string Container, string Blob, TimeSpan Started, TimeSpan Elapsed, VideoJobOutcome? Outcome, string? Error)
{
    public bool Failed => Error is not null;
}

/// <summary>
/// Counts what the host does with the function: every entry and exit, how many run at once (the most ever seen),
/// and each invocation's outcome or error. Thread-safe; waits are bounded.
/// </summary>
public sealed class InvocationProbe
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly List<Attempt> attempts = [];
    private readonly Lock gate = new();
    private int running;
    private int mostAtOnce;

    /// <summary>The most invocations that were inside the function at the same moment.</summary>
    public int MostAtOnce => Volatile.Read(ref mostAtOnce);

    public IReadOnlyList<Attempt> Attempts
    {
        get
        {
            lock (gate)
            {
                return [.. attempts];
            }
        }
    }

    public Entry Enter(BlobClient blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var now = Interlocked.Increment(ref running);
        for (var seen = Volatile.Read(ref mostAtOnce); now > seen; seen = Volatile.Read(ref mostAtOnce))
        {
            if (Interlocked.CompareExchange(ref mostAtOnce, now, seen) == seen)
            {
                break;
            }
        }

        return new Entry(blob.BlobContainerName, blob.Name, clock.Elapsed);
    }

    public void Exit(Entry entry, VideoJobOutcome? outcome, Exception? error)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Interlocked.Decrement(ref running);
        var attempt = new Attempt(entry.Container, entry.Blob, entry.Started, clock.Elapsed - entry.Started, outcome,
            error is null ? null : $"{error.GetType().Name}: {error.Message}");
        lock (gate)
        {
            attempts.Add(attempt);
        }
    }

    /// <summary>Waits until the finished attempts satisfy <paramref name="done"/>; a timeout names what was seen.</summary>
    public async Task<IReadOnlyList<Attempt>> WaitForAsync(Func<IReadOnlyList<Attempt>, bool> done, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(done);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var seen = Attempts;
            if (done(seen))
            {
                return seen;
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"{what}: not within {timeout.TotalSeconds:F0} s; {seen.Count} attempt(s): " +
                    string.Join("; ", seen.Select(a => $"{a.Blob} {a.Outcome?.ToString() ?? a.Error}")));
            }

            await Task.Delay(50);
        }
    }

    public sealed record Entry(string Container, string Blob, TimeSpan Started)
    {
        public string Id { get; } = Guid.NewGuid().ToString();
    }
}
