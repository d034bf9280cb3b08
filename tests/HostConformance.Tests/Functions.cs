using Azure.Storage.Blobs;
using Classroom.Cloud;
using Classroom.Cloud.Jobs;
using Classroom.FunctionApp;
using Classroom.HostConformance.Tests;
using Microsoft.Azure.WebJobs;

// The namespace and class are "Host" and "Functions" on purpose: the WebJobs SDK names a function after its
// method's full name, so this one is "Host.Functions.ProcessVideo", the name the Functions host gives
// ProcessVideo and the functionName that bicep/eventgrid.bicep and BlobCreatedNotifier.DefaultWebhook put in
// the webhook URL. The extension routes an event to the function by that name.
namespace Host;

/// <summary>
/// ProcessVideo as the Functions host binds it, in the WebJobs SDK: the same trigger (the same path constant,
/// <c>Source = EventGrid</c>, the same connection setting), a <see cref="BlobClient"/> from the blobs
/// extension, the same <see cref="VideoBlobJob"/> from the app's own DI registration. The probe only counts.
/// </summary>
public sealed class Functions(VideoBlobJob job, InvocationProbe probe)
{
    public async Task ProcessVideo(
        [BlobTrigger(global::Classroom.FunctionApp.ProcessVideo.TriggerPath, Source = BlobTriggerSource.EventGrid, Connection = ClassroomCloudOptions.StorageConnectionName)] BlobClient blob,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var attempt = probe.Enter(blob);
        try
        {
            // The Functions host passes its invocation id through the FunctionContext; the job only logs it. (Binding the
            // SDK's ExecutionContext needs the separate WebJobs.Extensions package, which the Functions host does not use.)
            var outcome = await job.RunAsync(blob, attempt.Id, cancellationToken);
            probe.Exit(attempt, outcome, null);
        }
        catch (Exception e)
        {
            probe.Exit(attempt, null, e);
            throw;
        }
    }
}
