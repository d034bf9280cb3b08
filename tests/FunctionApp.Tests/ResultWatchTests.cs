using Azure.Storage.Blobs.Models;
using Classroom.Cloud.Storage;

namespace Classroom.FunctionApp.Tests;

/// <summary>The workload's watch counts a result only for the very version uploaded, however many videos it watches.</summary>
[Collection(EmulatorGroup.Name)]
public sealed class ResultWatchTests(Emulators emulators)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task A_stale_result_never_counts_and_the_current_one_is_seen_when_written()
    {
        var (input, output) = await ContainersAsync();
        var upload = await UploadAsync(input, "run/a/x.mp4");
        await WriteResultAsync(output, "run/a/x.csv", "0xSTALE", "recognized", "name,major,year\r\nold,student,senior\r\n");
        var watch = new ResultWatch(output, "run/", TimeProvider.System);
        watch.Expect(upload);

        var waiting = watch.WaitAsync(1, TimeSpan.FromSeconds(30), Poll, CancellationToken.None);
        await Task.Delay(Poll * 6); // several polls see only the stale result
        Assert.False(waiting.IsCompleted);
        await WriteResultAsync(output, "run/a/x.csv", upload.ETag.Trim('"'), "recognized", "name,major,year\r\nalice,physics,junior\r\n");
        var results = await waiting;

        var result = Assert.Single(results);
        Assert.Equal("run/a/x.csv", result.Result.Result);
        Assert.Equal("recognized", result.Result.Status);
        Assert.Contains("alice", result.Result.Content, StringComparison.Ordinal);
        Assert.True(result.Latency > TimeSpan.Zero);
    }

    [Fact]
    public async Task An_error_result_counts_and_a_video_without_any_is_reported_missing_at_the_timeout()
    {
        var (input, output) = await ContainersAsync();
        var failed = await UploadAsync(input, "run/bad.mp4");
        var silent = await UploadAsync(input, "run/silent.mp4");
        await WriteResultAsync(output, "run/bad.error.json", failed.ETag.Trim('"'), "error", "{\"status\":\"error\"}");
        var watch = new ResultWatch(output, "run/", TimeProvider.System);
        watch.Expect(failed);
        watch.Expect(silent);

        var results = await watch.WaitAsync(2, TimeSpan.FromSeconds(1), Poll, CancellationToken.None);

        Assert.Equal("error", results[0].Result.Status);
        Assert.Null(results[1].Result.Result);
        Assert.Null(results[1].Arrived);
        Assert.Throws<ArgumentException>(() => watch.Expect(failed with { Blob = input.GetBlobClient("elsewhere/x.mp4") }));
    }

    [Fact]
    public async Task The_timeout_runs_from_the_last_upload_and_a_video_given_up_ends_the_wait_at_once()
    {
        var (input, output) = await ContainersAsync();
        var first = await UploadAsync(input, "run/1.mp4");
        var second = await UploadAsync(input, "run/2.mp4");
        var watch = new ResultWatch(output, "run/", TimeProvider.System);
        watch.Expect(first);

        var waiting = watch.WaitAsync(2, TimeSpan.FromMilliseconds(200), Poll, CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(800)); // four timeouts long: still waiting, the second upload is not in
        Assert.False(waiting.IsCompleted);
        await WriteResultAsync(output, "run/1.csv", first.ETag.Trim('"'), "recognized", "name,major,year\r\n");
        watch.Expect(second);
        watch.GiveUp(second); // its host set it aside (poisoned): nothing to wait for
        var results = await waiting.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("recognized", results[0].Result.Status);
        Assert.Null(results[1].Arrived);
    }

    private async Task<(Azure.Storage.Blobs.BlobContainerClient Input, Azure.Storage.Blobs.BlobContainerClient Output)> ContainersAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var service = emulators.BlobService();
        var input = service.GetBlobContainerClient($"in-{suffix}");
        var output = service.GetBlobContainerClient($"out-{suffix}");
        await input.CreateAsync();
        await output.CreateAsync();
        return (input, output);
    }

    private static async Task<UploadedBlob> UploadAsync(Azure.Storage.Blobs.BlobContainerClient input, string name)
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, [1, 2, 3]);
            return await BlobUploads.UploadFileAsync(input, path, name, CancellationToken.None);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task WriteResultAsync(Azure.Storage.Blobs.BlobContainerClient output, string name, string sourceETag, string status, string text)
    {
        using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        await output.GetBlobClient(name).UploadAsync(content, new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { [ResultMetadata.SourceETagKey] = sourceETag, [ResultMetadata.StatusKey] = status },
        });
    }
}
