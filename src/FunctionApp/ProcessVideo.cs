using Azure.Storage.Blobs;
using Classroom.Cloud;
using Classroom.Cloud.Jobs;
using Microsoft.Azure.Functions.Worker;

namespace Classroom.FunctionApp;

/// <summary>
/// A video landed in the input container: recognise the student and write the result beside it in the
/// output container. Event Grid–sourced (the only blob trigger Flex Consumption runs); the blob is bound
/// as a <see cref="BlobClient"/> so the video is streamed, never loaded into memory.
/// </summary>
public sealed class ProcessVideo(VideoBlobJob job)
{
    /// <summary>The trigger's path: the input container from settings, any blob in it (names may contain '/').</summary>
    public const string TriggerPath = "%Classroom:InputContainer%/{name}";

    [Function(nameof(ProcessVideo))]
    public Task RunAsync(
        [BlobTrigger(TriggerPath, Source = BlobTriggerSource.EventGrid, Connection = ClassroomCloudOptions.StorageConnectionName)] BlobClient blob,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return job.RunAsync(blob, context.InvocationId, cancellationToken);
    }
}
