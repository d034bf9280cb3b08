using Classroom.Recognition.Pipeline;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Classroom.Cloud.Storage;
using Xunit.Abstractions;

namespace Classroom.FunctionApp.Tests;

/// <summary>
/// The function's job under load and faults, invoked as the host does: four at once (host.json's maxDegreeOfParallelism is 2 per instance; two instances' worth here),
/// a failed invocation retried up to poisonBlobThreshold (5) times. Figures (processed, retried, failed, wall time) are
/// printed: <c>dotnet test tests/FunctionApp.Tests --filter FullyQualifiedName~BurstAndFault --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class BurstAndFaultTests(FaultLab lab, ITestOutputHelper output) : IClassFixture<FaultLab>
{
    private const int HostParallelism = 4;
    private const int HostAttempts = 5;
    private const string Header = "name,major,year\r\n";

    [Fact]
    public async Task A_burst_of_300_uploads_gives_exactly_one_right_result_each()
    {
        var expected = await UploadBurstAsync("burst", 300);

        var run = await InvokeAllAsync(expected.Keys);

        Report("burst of 300", run);
        Assert.Equal(0, run.Failed);
        await AssertResultsAsync("burst/", expected);
    }

    [Fact]
    public async Task The_same_blob_delivered_twice_at_once_gives_one_result()
    {
        await lab.Harness.UploadAsync(Clip(1, "twice.mp4"), "twice/alice.mp4");

        await Task.WhenAll(lab.Harness.InvokeAsync("twice/alice.mp4"), lab.Harness.InvokeAsync("twice/alice.mp4"));

        await AssertResultsAsync("twice/", new Dictionary<string, string> { ["twice/alice.mp4"] = Header + "alice,physics,junior\r\n" });
    }

    [Fact]
    public async Task Storage_stopped_and_restarted_mid_run_loses_nothing_after_the_retries()
    {
        var expected = await UploadBurstAsync("outage", 40);
        var (done, retries) = (0, 0);
        var run = InvokeAllAsync(expected.Keys, onDone: () => Interlocked.Increment(ref done), onRetry: () => Interlocked.Increment(ref retries));
        await WaitUntilAsync(() => Volatile.Read(ref done) >= 10);
        lab.StopAzurite();
        await Task.Delay(OutageLongerThanTheSdkRetries);
        // Storage comes back only once the outage has failed an invocation: on a loaded machine the invocations in
        // flight may still be decoding when the 10 s are up (seen once in CI: none had reached storage yet).
        await WaitUntilAsync(() => Volatile.Read(ref retries) > 0);
        lab.StartAzuriteAgain();

        var figures = await run;

        Report("storage outage", figures);
        Assert.Equal(0, figures.Failed);
        Assert.True(figures.Retried > 0, "the outage should have failed some invocations");
        await AssertResultsAsync("outage/", expected);
    }

    [Fact]
    public async Task Cosmos_throttling_or_down_fails_the_invocation_without_a_csv_and_the_retry_writes_the_right_one()
    {
        await lab.Harness.UploadAsync(Clip(1, "throttled.mp4"), "cosmos/throttled.mp4");
        await lab.Harness.UploadAsync(Clip(1, "down.mp4"), "cosmos/down.mp4");

        lab.Throttle(1000); // more than the SDK's own nine retries absorb
        var throttled = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<Exception>(() => lab.Harness.InvokeAsync("cosmos/throttled.mp4"));
        output.WriteLine($"throttled: the invocation threw after {throttled.Elapsed.TotalSeconds:F1} s");
        lab.Throttle(0);
        Assert.DoesNotContain("cosmos/throttled.csv", await lab.Harness.OutputNamesAsync());
        await lab.Harness.InvokeAsync("cosmos/throttled.mp4");

        lab.StopCosmos();
        var down = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<Exception>(() => lab.Harness.InvokeAsync("cosmos/down.mp4"));
        output.WriteLine($"Cosmos down: the invocation threw after {down.Elapsed.TotalSeconds:F1} s");
        Assert.DoesNotContain("cosmos/down.csv", await lab.Harness.OutputNamesAsync());
        await lab.StartCosmosAgainAsync();
        await lab.Harness.InvokeAsync("cosmos/down.mp4");

        var alice = Header + "alice,physics,junior\r\n";
        await AssertResultsAsync("cosmos/", new Dictionary<string, string> { ["cosmos/throttled.mp4"] = alice, ["cosmos/down.mp4"] = alice });
    }

    [Fact]
    public async Task A_corrupt_roster_is_a_clear_error_and_no_result_is_written()
    {
        await lab.Harness.UploadAsync(Clip(1, "roster.mp4"), "roster/alice.mp4");
        var good = (await lab.Harness.Roster.DownloadContentAsync()).Value.Content;
        await lab.Harness.Roster.UploadAsync(BinaryData.FromString("{\"faces\": [{\"name\": 1, \"encoding\": \"x\"}"), overwrite: true);
        try
        {
            var e = await Assert.ThrowsAnyAsync<Exception>(() => lab.Harness.InvokeAsync("roster/alice.mp4"));

            output.WriteLine($"corrupt roster: {e.GetType().Name}: {e.Message}");
            Assert.Contains(lab.Harness.Names.RosterBlob, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("\n", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(await lab.Harness.OutputNamesAsync(), n => n.StartsWith("roster/", StringComparison.Ordinal));
        }
        finally
        {
            await lab.Harness.Roster.UploadAsync(good, overwrite: true);
        }
    }

    [Fact]
    public async Task Cancellation_mid_video_leaves_no_temp_file_and_no_result()
    {
        await lab.Harness.UploadAsync(lab.Videos.NoFace("long.mp4", seconds: 30), "cancel/long.mp4");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => lab.Harness.InvokeAsync("cancel/long.mp4", cancel.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(lab.Harness.TempDirectory));
        Assert.DoesNotContain(await lab.Harness.OutputNamesAsync(), n => n.StartsWith("cancel/", StringComparison.Ordinal));
    }

    /// <summary>The storage SDK retries a request three times over about 6 s (0.8 s, doubling); a longer outage fails invocations, which the host retries.</summary>
    private static readonly TimeSpan OutageLongerThanTheSdkRetries = TimeSpan.FromSeconds(10);

    private sealed record Figures(int Processed, int Retried, int Failed, TimeSpan Wall);

    private string Clip(int photo, string name) => lab.Videos.FromFace(photo, lab.Faces[photo].Box, name);

    /// <summary>Uploads n videos cycling through a student, a face with no record and an empty room; returns each blob's expected CSV.</summary>
    private async Task<Dictionary<string, string>> UploadBurstAsync(string prefix, int n)
    {
        (string File, string Csv)[] kinds =
        [
            (Clip(1, "alice.mp4"), Header + "alice,physics,junior\r\n"),
            (Clip(2, "bob.mp4"), Header + "bob,,\r\n"),
            (lab.Videos.NoFace("empty.mp4"), Header),
        ];
        var expected = Enumerable.Range(0, n).ToDictionary(i => string.Create(CultureInfo.InvariantCulture, $"{prefix}/{i:D3}.mp4"), i => kinds[i % kinds.Length].Csv);
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => await lab.Harness.UploadAsync(kinds[i % kinds.Length].File, string.Create(CultureInfo.InvariantCulture, $"{prefix}/{i:D3}.mp4")));
        return expected;
    }

    /// <summary>Invokes every blob as the host would: a few at once, each failed invocation retried after a pause, up to the poison threshold.</summary>
    private async Task<Figures> InvokeAllAsync(IEnumerable<string> blobs, Action? onDone = null, Action? onRetry = null)
    {
        var clock = Stopwatch.StartNew();
        int retried = 0, failed = 0, processed = 0;
        var errors = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(blobs, new ParallelOptions { MaxDegreeOfParallelism = HostParallelism }, async (blob, ct) =>
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await lab.Harness.InvokeAsync(blob, ct);
                    Interlocked.Increment(ref processed);
                    break;
                }
                catch (Exception e) when (attempt < HostAttempts)
                {
                    Interlocked.Increment(ref retried);
                    onRetry?.Invoke();
                    errors.Add(e.GetType().Name);
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref failed);
                    errors.Add(e.GetType().Name + ": " + e.Message);
                    break;
                }
            }

            onDone?.Invoke();
        });
        if (!errors.IsEmpty)
        {
            output.WriteLine("errors seen: " + string.Join(", ", errors.GroupBy(e => e).Select(g => $"{g.Key} ×{g.Count()}")));
        }

        return new Figures(processed, retried, failed, clock.Elapsed);
    }

    private async Task AssertResultsAsync(string prefix, IReadOnlyDictionary<string, string> expected)
    {
        var results = (await lab.Harness.OutputNamesAsync()).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Keys.Select(ResultNames.Csv).Order(StringComparer.Ordinal), results); // one per input: none lost, none extra, no error results
        foreach (var (video, csv) in expected)
        {
            Assert.Equal(csv, (await lab.Harness.ReadResultAsync(ResultNames.Csv(video))).Text);
        }
    }

    private void Report(string what, Figures f) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what}: {f.Processed} processed, {f.Retried} retried, {f.Failed} failed, {f.Wall.TotalSeconds:F1} s wall ({f.Processed / f.Wall.TotalSeconds:F1} videos/s at {HostParallelism} at once)"));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition() && deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(50);
        }
    }
}
