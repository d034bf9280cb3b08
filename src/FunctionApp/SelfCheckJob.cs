using Classroom.Recognition.Pipeline;
using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Storage.Blobs;
using Classroom.Cloud;
using Classroom.Cloud.Jobs;
using Classroom.Cloud.Storage;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Classroom.FunctionApp;

/// <summary>
/// <c>--self-check --job VIDEO...</c>: each video through <see cref="VideoBlobJob"/>, as the function runs it, against the
/// configured stores: uploaded into the input container under a prefix of its own (<c>self-check/&lt;id&gt;/</c>), the job
/// run on that blob (download with If-Match, pipeline, Cosmos DB point read, result blob with its metadata), the result
/// blob read back and checked against the upload's ETag, then the input and result blobs deleted again. One JSON line
/// per video on stdout, its time through the job on stderr.
/// </summary>
internal static class SelfCheckJob
{
    /// <summary>The folder of the input container the check's uploads go to (one sub-folder per video run).</summary>
    public const string Prefix = "self-check";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Runs the videos in order; the exit code is 1 when one failed (an error result, or the job threw).</summary>
    public static async Task RunAsync(IServiceProvider services, IReadOnlyList<string> videos)
    {
        var job = services.GetRequiredService<VideoBlobJob>();
        var blobs = services.GetRequiredService<BlobServiceClient>();
        var names = services.GetRequiredService<IOptions<ClassroomCloudOptions>>().Value;
        var input = blobs.GetBlobContainerClient(names.InputContainer);
        var output = blobs.GetBlobContainerClient(names.OutputContainer);
        foreach (var video in videos)
        {
            var blobName = $"{Prefix}/{Guid.NewGuid():N}/{Path.GetFileName(video)}";
            try
            {
                var line = await RunOneAsync(job, input, output, video, blobName);
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(line, Json));
                // The first video also loads the models and the roster; the same video named again shows the warm figure.
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{video}: {line.Status} in {line.Milliseconds:F0} ms through the job ({names.OutputContainer}/{line.Result})"));
                if (line.Status == "error")
                {
                    Environment.ExitCode = 1;
                }
            }
            catch (Exception e) when (e is RequestFailedException or CosmosException or HttpRequestException or InvalidOperationException or IOException
                                           or AggregateException or TimeoutException or Azure.Identity.AuthenticationFailedException)
            {
                // A transient failure (storage, Cosmos DB, a missing roster): the host would retry it; here it is one line.
                var message = e is CosmosException cosmos ? $"Cosmos DB answered {(int)cosmos.StatusCode} {cosmos.StatusCode}" : e.Message.Split('\n')[0];
                await Console.Error.WriteLineAsync($"{video}: failed through the job: {message}");
                Environment.ExitCode = 1;
            }
            finally
            {
                await DeleteWhatItMadeAsync(input, output, blobName);
            }
        }
    }

    private static async Task<JobLine> RunOneAsync(VideoBlobJob job, BlobContainerClient input, BlobContainerClient output, string video, string blobName)
    {
        var uploaded = await BlobUploads.UploadFileAsync(input, video, blobName, CancellationToken.None);
        var started = Stopwatch.GetTimestamp();
        var outcome = await job.RunAsync(input.GetBlobClient(blobName), $"self-check-{Guid.NewGuid():N}", CancellationToken.None);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (outcome != VideoJobOutcome.Written)
        {
            throw new InvalidOperationException($"the job did not write a result for {input.Name}/{blobName}: {outcome}");
        }

        // One input, one result: exactly one of the CSV and the error result exists, and it names this upload's ETag.
        var csv = output.GetBlobClient(ResultNames.Csv(blobName));
        var error = output.GetBlobClient(ResultNames.Error(blobName));
        var result = await csv.ExistsAsync() ? csv : error;
        var content = (await result.DownloadContentAsync()).Value;
        var eTag = uploaded.ETag.Trim('"');
        var sourceETag = content.Details.Metadata.TryGetValue(ResultMetadata.SourceETagKey, out var recorded) ? recorded : "";
        if (sourceETag != eTag)
        {
            throw new InvalidOperationException($"the result {output.Name}/{result.Name} records source ETag '{sourceETag}', not the upload's '{eTag}'");
        }

        var status = content.Details.Metadata.TryGetValue(ResultMetadata.StatusKey, out var s) ? s : "";
        return new JobLine(video, $"{input.Name}/{blobName}", eTag, result.Name, status, sourceETag, Math.Round(elapsed.TotalMilliseconds, 1), content.Content.ToString());
    }

    private static async Task DeleteWhatItMadeAsync(BlobContainerClient input, BlobContainerClient output, string blobName)
    {
        foreach (var blob in new[] { input.GetBlobClient(blobName), output.GetBlobClient(ResultNames.Csv(blobName)), output.GetBlobClient(ResultNames.Error(blobName)) })
        {
            try
            {
                await blob.DeleteIfExistsAsync();
            }
            catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException or TimeoutException)
            {
                // Cleanup must not hide the first failure (or end the check with a stack trace).
                await Console.Error.WriteLineAsync($"self-check: could not delete {blob.BlobContainerName}/{blob.Name}: {e.Message.Split('\n')[0]}");
                Environment.ExitCode = 1;
            }
        }
    }

    /// <summary>What the job did with one video: the upload, the result blob read back (its metadata and content), the time.</summary>
    private sealed record JobLine(
        [property: JsonPropertyName("video")] string Video,
        [property: JsonPropertyName("blob")] string Blob,
        [property: JsonPropertyName("etag")] string ETag,
        [property: JsonPropertyName("result")] string Result,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("sourceetag")] string SourceETag,
        [property: JsonPropertyName("ms")] double Milliseconds,
        [property: JsonPropertyName("content")] string Content);
}
