using Classroom.Cli.Batch;
using Classroom.Recognition.Pipeline;

namespace Classroom.Cli.Tests.EndToEnd;

/// <summary>Bad files in a batch: each gets its own clear error; the good files around them are unaffected.</summary>
[Collection(PipelineTestGroup.Name)]
public sealed class BadInputBatchTests(PipelineVideos videos)
{
    [Fact]
    public async Task Each_bad_input_gets_a_clear_error_and_the_rest_of_the_batch_is_unaffected()
    {
        string[] batch =
        [
            videos.PathOf("enrolled.mp4"), videos.Empty, videos.Truncated, videos.RandomBytes, videos.ImageAsVideo,
            videos.AudioOnly, videos.Missing, videos.Unicode, videos.PathOf("vp9.webm"),
        ];
        var seen = new List<string>();
        var runner = new BatchRunner(videos.Processor(), RecognitionMode.First, parallel: 2);

        var items = await runner.RunAsync(batch, (_, _, _) => Task.FromResult<string?>(null), item => seen.Add(item.Video), CancellationToken.None);

        Assert.Equal(batch, seen); // handed on in input order
        Assert.Equal(
            [
                "recognized ada", "error: file is empty", "error: not a readable video", "error: not a readable video",
                "error: a still image", "error: has no video stream", "error: file not found",
                "recognized ada", "recognized grace",
            ],
            items.Select(i => i.Result.Status == VideoStatus.Error
                ? "error: " + ReasonHead(i.Result.Error!)
                : i.Result.Status.ToName() + " " + string.Join(",", i.Result.Students.Select(s => s.Name))));
        Assert.Equal(videos.Unicode, items[7].Result.Video);
    }

    /// <summary>The reason up to its detail in parentheses (ffmpeg's own wording varies by version).</summary>
    private static string ReasonHead(string reason) => reason.Split(" (")[0];
}
