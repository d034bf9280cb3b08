using Azure;
using Classroom.Cloud.Jobs;
using Classroom.Cloud.Storage;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Pipeline;
using Classroom.Recognition.Roster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Classroom.FunctionApp.Tests;

/// <summary>
/// One roster for the class: "alice" (sample1's largest face, a student), "bob" (sample2's largest face, on
/// the roster but with no Cosmos record); sample5's largest face is nobody's. Clips show one of these faces
/// alone. Videos are uploaded to Azurite and the function is invoked as the host would; the assertions are
/// on the result blobs.
/// </summary>
public sealed class ProcessVideoScenario : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<int, DetectedFace> faces = [];
    private FunctionHarness? harness;

    public TestVideos Videos { get; } = new();

    public static StudentRecord Alice { get; } = new("alice", "physics", "junior", 1);

    public async Task<FunctionHarness> HarnessAsync(Emulators emulators)
    {
        await gate.WaitAsync();
        try
        {
            if (harness is null)
            {
                var created = new FunctionHarness(emulators.Configuration());
                foreach (var photo in new[] { 1, 2, 5 })
                {
                    faces[photo] = created.LargestFace(TestVideos.Photo(photo));
                }

                await created.SeedStudentsAsync([Alice]);
                await created.PushFacesAsync([new KnownFace("alice", faces[1].Descriptor), new KnownFace("bob", faces[2].Descriptor)]);
                harness = created;
            }

            return harness;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A clip of photo <paramref name="photo"/>'s largest face alone (call after <see cref="HarnessAsync"/>).</summary>
    public string Clip(int photo, string name) => Videos.FromFace(photo, faces[photo].Box, name);

    public void Dispose()
    {
        harness?.Dispose();
        Videos.Dispose();
        gate.Dispose();
    }
}

[Collection(EmulatorGroup.Name)]
public sealed class ProcessVideoTests(Emulators emulators, ProcessVideoScenario scenario) : IClassFixture<ProcessVideoScenario>
{
    private const string Header = "name,major,year\r\n";

    [Fact]
    public async Task A_known_student_is_written_as_the_originals_csv_beside_the_video_path()
    {
        var app = await scenario.HarnessAsync(emulators);
        var uploaded = await app.UploadAsync(scenario.Clip(1, "alice.mp4"), "week1/room2/alice.mp4");

        await app.InvokeAsync("week1/room2/alice.mp4");

        var (text, metadata) = await app.ReadResultAsync("week1/room2/alice.csv");
        Assert.Equal(Header + "alice,physics,junior\r\n", text);
        Assert.Equal("recognized", metadata[ResultMetadata.StatusKey]);
        Assert.Equal((await uploaded.GetPropertiesAsync()).Value.ETag.ToString().Trim('"'), metadata[ResultMetadata.SourceETagKey]);
        Assert.Empty(Directory.GetFileSystemEntries(app.TempDirectory)); // the streamed copy is deleted
    }

    [Fact]
    public async Task A_face_nobody_knows_is_an_empty_csv_with_status_unknown_person()
    {
        var app = await scenario.HarnessAsync(emulators);
        // sample5's largest face is 0.88 from alice's and 0.93 from bob's (measured with `./classroom faces --json`),
        // far past the 0.6 tolerance. (sample3's largest face is alice again, at 0.46: not a stranger.)
        await app.UploadAsync(scenario.Clip(5, "stranger.mp4"), "stranger.mp4");
        await app.InvokeAsync("stranger.mp4");
        var (text, metadata) = await app.ReadResultAsync("stranger.csv");
        Assert.Equal(Header, text);
        Assert.Equal("unknown_person", metadata[ResultMetadata.StatusKey]);
    }

    [Fact]
    public async Task A_video_without_a_face_is_an_empty_csv_with_status_no_face()
    {
        var app = await scenario.HarnessAsync(emulators);
        await app.UploadAsync(scenario.Videos.NoFace("empty-room.mp4"), "empty-room.mp4");
        await app.InvokeAsync("empty-room.mp4");
        var (text, metadata) = await app.ReadResultAsync("empty-room.csv");
        Assert.Equal(Header, text);
        Assert.Equal("no_face", metadata[ResultMetadata.StatusKey]);
    }

    [Fact]
    public async Task A_recognised_person_missing_from_Cosmos_keeps_the_name_with_empty_record_fields()
    {
        var app = await scenario.HarnessAsync(emulators);
        await app.UploadAsync(scenario.Clip(2, "bob.mp4"), "bob.mp4");
        await app.InvokeAsync("bob.mp4");
        var (text, metadata) = await app.ReadResultAsync("bob.csv");
        Assert.Equal(Header + "bob,,\r\n", text);
        Assert.Equal("no_record", metadata[ResultMetadata.StatusKey]);
    }

    [Fact]
    public async Task A_corrupt_blob_completes_with_an_error_document_and_no_csv()
    {
        var app = await scenario.HarnessAsync(emulators);
        await app.UploadAsync(scenario.Videos.Corrupt("broken.mp4"), "broken.mp4");
        await app.InvokeAsync("broken.mp4"); // no exception: retrying cannot fix the bytes

        var outputs = await app.OutputNamesAsync();
        Assert.DoesNotContain("broken.csv", outputs);
        var (text, metadata) = await app.ReadResultAsync("broken.error.json");
        Assert.Equal("error", metadata[ResultMetadata.StatusKey]);
        using var json = System.Text.Json.JsonDocument.Parse(text);
        Assert.Equal("error", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("broken.mp4", json.RootElement.GetProperty("video").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Two_videos_with_one_stem_keep_their_own_results_when_one_fails()
    {
        var app = await scenario.HarnessAsync(emulators);
        await app.UploadAsync(scenario.Clip(1, "twin.mp4"), "twins/x.mp4");
        await app.UploadAsync(scenario.Videos.Corrupt("twin.mov"), "twins/x.mov");
        await app.InvokeAsync("twins/x.mp4");
        await app.InvokeAsync("twins/x.mov"); // before the fix its error result deleted the other's CSV (both were twins/x.*)

        var outputs = await app.OutputNamesAsync();
        Assert.Contains("twins/x.csv", outputs);
        Assert.Contains("twins/x.mov.error.json", outputs);
        Assert.Equal(Header + "alice,physics,junior\r\n", (await app.ReadResultAsync("twins/x.csv")).Text);
    }

    [Fact]
    public async Task A_blob_over_the_size_limit_gets_an_error_result_without_being_downloaded()
    {
        var app = await scenario.HarnessAsync(emulators);
        var limits = app.Services.GetRequiredService<IOptions<LimitsOptions>>().Value;
        Assert.Equal(LimitsOptions.FunctionDefaultTimeout, limits.VideoTimeout); // the function's default, inside host.json's functionTimeout
        await app.UploadAsync(scenario.Clip(1, "huge.mp4"), "huge.mp4");
        var saved = limits.MaxVideoBytes;
        limits.MaxVideoBytes = 1000;
        try
        {
            await app.InvokeAsync("huge.mp4"); // no exception: the same blob would fail the same way, so no retry
        }
        finally
        {
            limits.MaxVideoBytes = saved;
        }

        var (text, metadata) = await app.ReadResultAsync("huge.error.json");
        Assert.Equal("error", metadata[ResultMetadata.StatusKey]);
        Assert.Contains("Classroom:Limits:MaxVideoBytes", text, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(app.TempDirectory));
    }

    [Fact]
    public async Task Waiting_for_a_reupload_returns_its_own_result_not_the_previous_versions()
    {
        var app = await scenario.HarnessAsync(emulators);
        var first = await BlobUploads.UploadFileAsync(app.Input, scenario.Clip(1, "again-alice.mp4"), "wait/room.mp4", CancellationToken.None);
        await app.InvokeAsync("wait/room.mp4");
        Assert.Equal("alice", (await ResultWaiter.WaitAsync(app.Output, [first], TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100), CancellationToken.None))[0].Content!.Split("\r\n")[1].Split(',')[0]);

        var second = await BlobUploads.UploadFileAsync(app.Input, scenario.Clip(2, "again-bob.mp4"), "wait/room.mp4", CancellationToken.None);
        var before = await ResultWaiter.WaitAsync(app.Output, [second], TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(100), CancellationToken.None);
        Assert.Null(before[0].Result); // alice's CSV is still there, but for the previous version: not this upload's result
        var waiting = ResultWaiter.WaitAsync(app.Output, [second], TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100), CancellationToken.None);
        await app.InvokeAsync("wait/room.mp4");

        var result = Assert.Single(await waiting);
        Assert.Equal(("wait/room.csv", "no_record"), (result.Result, result.Status));
        Assert.Equal(Header + "bob,,\r\n", result.Content);
    }

    [Fact]
    public async Task A_blob_outside_the_input_container_is_not_processed()
    {
        var app = await scenario.HarnessAsync(emulators);
        await app.UploadAsync(scenario.Clip(1, "outside.mp4"), "outside.mp4");
        await app.InvokeAsync("outside.mp4");
        var result = app.Output.GetBlobClient("outside.csv"); // a result blob, delivered as if it were an upload

        var outcome = await app.Services.GetRequiredService<VideoBlobJob>().RunAsync(result, "invocation", CancellationToken.None);

        Assert.Equal(VideoJobOutcome.NotAnInput, outcome);
        Assert.DoesNotContain("outside.csv.csv", await app.OutputNamesAsync());
    }

    [Fact]
    public async Task A_redelivered_event_leaves_exactly_one_identical_result()
    {
        var app = await scenario.HarnessAsync(emulators);
        var video = scenario.Clip(1, "again.mp4");
        await app.UploadAsync(video, "again.mp4");
        await app.InvokeAsync("again.mp4");
        var first = await app.Output.GetBlobClient("again.csv").GetPropertiesAsync();
        var firstText = (await app.ReadResultAsync("again.csv")).Text;

        await app.InvokeAsync("again.mp4"); // same input ETag: skipped, the result is untouched
        var second = await app.Output.GetBlobClient("again.csv").GetPropertiesAsync();
        Assert.Equal(first.Value.ETag, second.Value.ETag);

        await app.UploadAsync(video, "again.mp4"); // same bytes, new ETag: processed again, same content
        await app.InvokeAsync("again.mp4");
        Assert.Equal(firstText, (await app.ReadResultAsync("again.csv")).Text);
        Assert.Single(await app.OutputNamesAsync(), n => n.StartsWith("again.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_video_replaced_by_a_corrupt_one_ends_with_only_the_error_result()
    {
        var app = await scenario.HarnessAsync(emulators);
        await app.UploadAsync(scenario.Clip(1, "swap.mp4"), "swap.mp4");
        await app.InvokeAsync("swap.mp4");
        await app.UploadAsync(scenario.Videos.Corrupt("swap-broken.mp4"), "swap.mp4");
        await app.InvokeAsync("swap.mp4");
        Assert.Equal(["swap.error.json"], (await app.OutputNamesAsync()).Where(n => n.StartsWith("swap.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task When_Cosmos_is_down_the_invocation_throws_and_writes_nothing()
    {
        var healthy = await scenario.HarnessAsync(emulators);
        using var app = new FunctionHarness(emulators.Configuration(Emulators.CosmosConnectionStringFor(NodeServer.FreePort())));
        await app.PushFacesAsync([healthy.Enrol("alice", TestVideos.Photo(1))]); // a face that will be recognised, so the record is looked up
        await app.UploadAsync(scenario.Clip(1, "outage.mp4"), "outage.mp4");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.InvokeAsync("outage.mp4"));
        Assert.IsNotType<RequestFailedException>(error); // the database failed, not storage
        Assert.Empty(await app.OutputNamesAsync()); // the host retries; no wrong "no_record" result was written
        Assert.Empty(Directory.GetFileSystemEntries(app.TempDirectory)); // nor a temp copy left behind
    }

    [Fact]
    public async Task A_deleted_video_completes_without_a_result()
    {
        var app = await scenario.HarnessAsync(emulators);
        await app.UploadAsync(scenario.Clip(1, "gone.mp4"), "gone.mp4");
        await app.Input.DeleteBlobAsync("gone.mp4");
        await app.InvokeAsync("gone.mp4");
        Assert.DoesNotContain(await app.OutputNamesAsync(), n => n.StartsWith("gone.", StringComparison.Ordinal));
    }
}
