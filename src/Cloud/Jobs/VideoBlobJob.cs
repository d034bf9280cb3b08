using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Classroom.Cloud.Storage;
using Classroom.Recognition.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Classroom.Cloud.Jobs;

/// <summary>What one invocation did.</summary>
public enum VideoJobOutcome
{
    /// <summary>The result blob was written for the input's current ETag.</summary>
    Written,

    /// <summary>A result for this exact input version (ETag) already exists: a redelivered event, skipped.</summary>
    AlreadyCurrent,

    /// <summary>The input blob was deleted before it could be processed: nothing to do.</summary>
    InputGone,

    /// <summary>
    /// The event names a blob outside the input container: not a video to process. The blobs extension does not check an
    /// event against the trigger's path (only Event Grid's subject filter does), so the job does: its own results must
    /// never be taken for videos.
    /// </summary>
    NotAnInput,
}

/// <summary>
/// One video blob → one result blob. Idempotent: the result records the input's ETag in its metadata, and a
/// redelivery for the same ETag is skipped. Deterministic failures (an undecodable video) become an
/// <c>.error.json</c> result and complete; transient ones (storage, Cosmos DB) throw so the host retries.
/// The video is streamed to a temp file (ffmpeg seeks in it) that is always deleted.
/// </summary>
public sealed partial class VideoBlobJob(
    IVideoProcessor processor, BlobServiceClient blobs, IOptions<ClassroomCloudOptions> options, IOptions<LimitsOptions> limits, TimeProvider time, ILogger<VideoBlobJob> logger)
{
    /// <summary>Where videos are streamed to (the instance's temp folder; tests point it at a private one).</summary>
    public string TempDirectory { get; set; } = Path.GetTempPath();

    public async Task<VideoJobOutcome> RunAsync(BlobClient input, string invocationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["InvocationId"] = invocationId, ["Video"] = input.Name });
        if (!string.Equals(input.BlobContainerName, options.Value.InputContainer, StringComparison.Ordinal))
        {
            LogNotAnInput(logger, input.BlobContainerName, input.Name, options.Value.InputContainer);
            return VideoJobOutcome.NotAnInput;
        }

        BlobProperties properties;
        try
        {
            properties = (await input.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            LogInputGone(logger, input.Name);
            return VideoJobOutcome.InputGone;
        }

        var output = blobs.GetBlobContainerClient(options.Value.OutputContainer);
        var csv = output.GetBlobClient(ResultNames.Csv(input.Name));
        var error = output.GetBlobClient(ResultNames.Error(input.Name));
        var eTag = properties.ETag;
        var sourceETag = Unquote(eTag);
        if (await IsResultOfAsync(csv, sourceETag, cancellationToken) || await IsResultOfAsync(error, sourceETag, cancellationToken))
        {
            LogAlreadyCurrent(logger, input.Name, sourceETag);
            return VideoJobOutcome.AlreadyCurrent;
        }

        var started = time.GetTimestamp();
        // Too large: refused before a byte is downloaded (the instance's disk and time are the limit's reason).
        var result = limits.Value.TooLarge(properties.ContentLength) is { } tooLarge
            ? new VideoResult(input.Name, VideoStatus.Error, [], 0, tooLarge)
            : await RecogniseAsync(input, eTag, cancellationToken);
        var (write, stale) = ResultFile.IsError(result) ? (error, csv) : (csv, error);
        using (var content = new MemoryStream())
        {
            await ResultFile.WriteAsync(result, content, cancellationToken);
            content.Position = 0;
            var upload = new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = ResultFile.ContentType(result) },
                Metadata = new Dictionary<string, string> { [ResultMetadata.SourceETagKey] = sourceETag, [ResultMetadata.StatusKey] = result.Status.ToName() },
            };
            await UploadAsync(write, content, upload, cancellationToken);
        }

        // A previous version of this video may have left the other kind of result; one input, one result.
        await stale.DeleteIfExistsAsync(cancellationToken: cancellationToken);
        var elapsed = time.GetElapsedTime(started);
        var status = result.Status.ToName();
        LogVideoProcessed(logger, VideoProcessedEvent, input.Name, write.Name, status, elapsed.TotalMilliseconds, result.Frames, result.Students.Count, result.UnknownFaces);
        return VideoJobOutcome.Written;
    }

    private async Task<VideoResult> RecogniseAsync(BlobClient input, ETag eTag, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(TempDirectory, $"classroom-{Guid.NewGuid():N}{SafeExtension(input.Name)}");
        try
        {
            // If-Match: the bytes processed are exactly the version whose ETag the result records.
            await input.DownloadToAsync(temp, new BlobDownloadToOptions { Conditions = new BlobRequestConditions { IfMatch = eTag } }, cancellationToken);
            var result = await processor.ProcessAsync(temp, RecognitionMode.First, cancellationToken);
            return result with { Video = input.Name };
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task UploadAsync(BlobClient blob, Stream content, BlobUploadOptions upload, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(content, upload, cancellationToken);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // Bicep creates the output container in Azure; a fresh local Azurite may not have it yet.
            await blob.GetParentBlobContainerClient().CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            content.Position = 0;
            await blob.UploadAsync(content, upload, cancellationToken);
        }
    }

    private static async Task<bool> IsResultOfAsync(BlobClient result, string sourceETag, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await result.GetPropertiesAsync(cancellationToken: cancellationToken);
            return ResultMetadata.IsResultOf(properties.Value.Metadata, sourceETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    private static string Unquote(ETag eTag) => eTag.ToString().Trim('"');

    /// <summary>The temp file keeps the video's extension (ffmpeg probes by content, but it helps its messages), nothing else of the name.</summary>
    private static string SafeExtension(string name)
    {
        var extension = Path.GetExtension(name);
        return extension.Length is > 1 and <= 8 && extension.Skip(1).All(char.IsAsciiLetterOrDigit) ? extension : ".video";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blob {Container}/{Video} is not in the input container {Input}; not processed (check the Event Grid subscription's filter)")]
    private static partial void LogNotAnInput(ILogger logger, string container, string video, string input);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Video {Video} no longer exists; nothing to process")]
    private static partial void LogInputGone(ILogger logger, string video);

    [LoggerMessage(Level = LogLevel.Information, Message = "Video {Video} (ETag {ETag}) already has its result; redelivery skipped")]
    private static partial void LogAlreadyCurrent(ILogger logger, string video, string eTag);

    /// <summary>
    /// One structured event per video written, the operations' record: Application Insights stores it as a trace with
    /// these names in customDimensions (<c>EventName</c> = <see cref="VideoProcessedEvent"/>, <c>Status</c>,
    /// <c>Milliseconds</c>, <c>Frames</c>, …): the name is a property of the message itself, so every logging provider
    /// carries it; the saved queries (docs/operations.md) and the Bicep alert read it.
    /// </summary>
    [LoggerMessage(EventId = 5460, EventName = VideoProcessedEvent, Level = LogLevel.Information,
        Message = "{EventName}: video {Video} → {Result} ({Status}) in {Milliseconds:F0} ms, {Frames} frames, {Students} known, {Unknown} unknown")]
    private static partial void LogVideoProcessed(ILogger logger, string eventName, string video, string result, string status, double milliseconds, int frames, int students, int unknown);

    /// <summary>The event name of <see cref="LogVideoProcessed"/> (queries and alerts match on it).</summary>
    public const string VideoProcessedEvent = "VideoProcessed";
}
