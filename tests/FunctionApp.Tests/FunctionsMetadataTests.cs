using System.Text.Json;
using Classroom.Cloud;

namespace Classroom.FunctionApp.Tests;

/// <summary>
/// The host reads the trigger from the build-generated functions.metadata, not from the attribute: a lost
/// Source = EventGrid (which Flex Consumption requires) or a renamed setting must fail here, not in Azure.
/// </summary>
public sealed class FunctionsMetadataTests
{
    [Fact]
    public void ProcessVideo_is_an_Event_Grid_sourced_blob_trigger_on_the_configured_container_and_connection()
    {
        var path = Path.Combine(RepoPaths.FunctionAppOutput, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build src/FunctionApp ({RepoPaths.Configuration}).");
        using var metadata = JsonDocument.Parse(File.ReadAllText(path));
        var function = Assert.Single(metadata.RootElement.EnumerateArray());
        Assert.Equal("ProcessVideo", function.GetProperty("name").GetString());
        Assert.Equal("Classroom.FunctionApp.dll", function.GetProperty("scriptFile").GetString());
        var trigger = Assert.Single(function.GetProperty("bindings").EnumerateArray());
        Assert.Equal("blobTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        Assert.Equal("%Classroom:InputContainer%/{name}", trigger.GetProperty("path").GetString());
        Assert.Equal(ClassroomCloudOptions.StorageConnectionName, trigger.GetProperty("connection").GetString());

        // The settings the path and connection name must exist in the local sample (and, by docs/settings.md, in Bicep).
        var sample = LocalSettings.SampleValues();
        Assert.Equal("videos", sample["Classroom:InputContainer"]);
        Assert.True(sample.ContainsKey(ClassroomCloudOptions.StorageConnectionName));
    }

    [Fact]
    public void Host_json_is_in_the_app_output_with_the_documented_blob_settings()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.FunctionAppOutput, "host.json")));
        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
        var blobs = host.RootElement.GetProperty("extensions").GetProperty("blobs");
        Assert.Equal(5, blobs.GetProperty("poisonBlobThreshold").GetInt32());
        Assert.InRange(blobs.GetProperty("maxDegreeOfParallelism").GetInt32(), 1, 16);
        Assert.Equal(TimeSpan.FromMinutes(10), TimeSpan.Parse(host.RootElement.GetProperty("functionTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }
}
