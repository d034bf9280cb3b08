using Azure.Storage.Blobs;
using Classroom.Cloud;
using Classroom.Cloud.Jobs;
using Classroom.Recognition.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Classroom.FunctionApp.Tests;

/// <summary>Each video written leaves one structured event (what Application Insights charts and alerts read).</summary>
[Collection(EmulatorGroup.Name)]
public sealed class VideoProcessedEventTests(Emulators emulators, ProcessVideoScenario scenario) : IClassFixture<ProcessVideoScenario>
{
    [Fact]
    public async Task A_written_result_logs_one_video_processed_event_with_status_milliseconds_and_frames()
    {
        var app = await scenario.HarnessAsync(emulators);
        var logger = new CapturingLogger();
        var s = app.Services;
        var job = new VideoBlobJob(s.GetRequiredService<IVideoProcessor>(), s.GetRequiredService<BlobServiceClient>(), s.GetRequiredService<IOptions<ClassroomCloudOptions>>(),
            s.GetRequiredService<IOptions<LimitsOptions>>(), TimeProvider.System, logger) { TempDirectory = app.TempDirectory };
        var blob = await app.UploadAsync(scenario.Clip(1, "event-alice.mp4"), "events/alice.mp4");
        var broken = await app.UploadAsync(scenario.Videos.Corrupt("event-broken.mp4"), "events/broken.mp4");

        await job.RunAsync(blob, "invocation-1", CancellationToken.None);
        await job.RunAsync(broken, "invocation-2", CancellationToken.None);
        await job.RunAsync(blob, "invocation-3", CancellationToken.None); // redelivery: skipped, no second event

        var events = logger.Events.Where(e => e.State.GetValueOrDefault("EventName") as string == VideoBlobJob.VideoProcessedEvent).ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal(("recognized", "events/alice.csv"), ((string)events[0].State["Status"]!, (string)events[0].State["Result"]!));
        Assert.InRange((int)events[0].State["Frames"]!, 1, 10); // a 1 s clip sampled at 2 frames a second
        Assert.InRange((double)events[0].State["Milliseconds"]!, 1, 60_000);
        Assert.Equal("error", (string)events[1].State["Status"]!);
    }

    private sealed record Event(EventId Id, Dictionary<string, object?> State);

    private sealed class CapturingLogger : ILogger<VideoBlobJob>
    {
        public List<Event> Events { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToDictionary(p => p.Key, p => p.Value) : [];
            lock (Events)
            {
                Events.Add(new Event(eventId, values));
            }
        }
    }
}
