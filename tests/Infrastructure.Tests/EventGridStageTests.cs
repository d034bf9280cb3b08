using System.Text.RegularExpressions;

namespace Classroom.Infrastructure.Tests;

/// <summary>Stage 2 (bicep/eventgrid.bicep): the BlobCreated subscription that drives the function.</summary>
public sealed partial class EventGridStageTests
{
    private static ArmResource Subscription => Infra.EventGrid.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions");

    private static string Default(string parameter) => Infra.EventGrid.Root["parameters"]![parameter]!["defaultValue"]!.ToString();

    [Fact]
    public void Only_blob_created_events_of_the_input_container_are_delivered()
    {
        var filter = Subscription.Properties["filter"]!;
        Assert.Equal(["Microsoft.Storage.BlobCreated"], filter["includedEventTypes"]!.AsArray().Select(e => e!.ToString()));
        Assert.Equal("[format('/blobServices/default/containers/{0}/blobs/', parameters('inputContainerName'))]", filter["subjectBeginsWith"]!.ToString());
        Assert.Equal("/blobServices/default/containers/videos/blobs/", Subscription.Resolve(filter["subjectBeginsWith"]));
        // Stage 2's defaults must name the containers stage 1 creates.
        Assert.Equal(Infra.MainDefault("inputContainerName"), Default("inputContainerName"));
        Assert.Equal(Infra.MainDefault("deadLetterContainerName"), Default("deadLetterContainerName"));
    }

    [Fact]
    public void Webhook_targets_the_blob_extension_of_process_video_with_its_system_key()
    {
        var url = Subscription.Properties["destination"]!["properties"]!["endpointUrl"]!.ToString();
        Assert.Equal("WebHook", (string?)Subscription.Properties["destination"]!["endpointType"]);
        Assert.Contains("/runtime/webhooks/blobs?functionName=Host.Functions.{1}&code={2}", url, StringComparison.Ordinal);
        Assert.Contains("listKeys(format('{0}/host/default', resourceId('Microsoft.Web/sites', parameters('functionAppName'))), '2025-03-01').systemKeys.blobs_extension", url, StringComparison.Ordinal);
        Assert.Equal("ProcessVideo", Default("functionName"));
        // docs/settings.md states the function name and its webhook path; keep the template in step.
        Assert.Contains("/runtime/webhooks/blobs?functionName=Host.Functions.ProcessVideo", File.ReadAllText(SettingsContract.DocPath), StringComparison.Ordinal);
    }

    [Fact]
    public void The_system_key_is_the_only_key_read_and_it_goes_nowhere_but_the_webhook_url()
    {
        var lists = ListFunction().Matches(Infra.EventGrid.Text).Select(m => m.Value).ToList();
        Assert.Equal(["listKeys("], lists);
        Assert.Contains("listKeys(", Subscription.Properties["destination"]!["properties"]!["endpointUrl"]!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("listKeys", Infra.EventGrid.Root["outputs"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Delivery_retries_then_dead_letters_with_the_topic_identity()
    {
        var retry = Subscription.Properties["retryPolicy"]!;
        Assert.Equal("[parameters('maxDeliveryAttempts')]", retry["maxDeliveryAttempts"]!.ToString());
        Assert.Equal("[parameters('eventTimeToLiveInMinutes')]", retry["eventTimeToLiveInMinutes"]!.ToString());
        Assert.Equal("30", Default("maxDeliveryAttempts"));

        var deadLetter = Subscription.Properties["deadLetterWithResourceIdentity"]!;
        Assert.Equal("SystemAssigned", (string?)deadLetter["identity"]!["type"]);
        Assert.Equal("StorageBlob", (string?)deadLetter["deadLetterDestination"]!["endpointType"]);
        Assert.Equal("deadletter", Subscription.Resolve(deadLetter["deadLetterDestination"]!["properties"]!["blobContainerName"]));
        Assert.Null(Subscription.Properties["deadLetterDestination"]); // the key-based form is not used
        // Stage 1 gives the topic a system identity for exactly this.
        Assert.Equal("SystemAssigned", (string?)Infra.Main.Single("Microsoft.EventGrid/systemTopics").Node["identity"]!["type"]);
    }

    [GeneratedRegex(@"(?i)\blist\w*\(")]
    private static partial Regex ListFunction();
}
