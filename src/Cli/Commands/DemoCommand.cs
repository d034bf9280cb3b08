using System.CommandLine;
using System.Diagnostics;
using Classroom.Cli.Batch;
using Classroom.Cli.Demo;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Pipeline;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Video;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Classroom.Cli.Commands;

/// <summary>
/// <c>classroom demo</c>: the whole job on this machine with nothing of the user's: a sample roster and sample videos
/// made from the face photos in the model package, enrolment into a demo store, processing in both modes, the table,
/// and where the CSVs are. Then, when present, the original's real workload (../shared/cse546). Idempotent: videos are
/// made once, enrolment adds nothing the second time.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Bump when the sample videos change, so old ones are remade.</summary>
    private const string VideosVersion = "demo-videos-2";

    public static Command Create()
    {
        var dir = new Option<string?>("--dir") { Description = "Demo workspace (default: .classroom/demo in the repository)" };
        var command = new Command("demo", "Run the whole job on sample videos made from the model package's photos (no data of yours needed)") { dir };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(dir), ct));
        return command;
    }

    private static async Task<int> RunAsync(string? dir, CancellationToken cancellationToken)
    {
        var photos = DemoCast.FindPhotoFolder();
        var root = Workloads.RepositoryRoot();
        var workspace = Path.GetFullPath(dir ?? Path.Combine(root, ".classroom", "demo"));
        var overrides = CliOptions.Overrides(Path.Combine(workspace, "data"));
        var configuration = CliHost.Configuration(overrides);
        await using var services = CliHost.Services(configuration);
        if (CliHost.SettingsError(services) is { } error)
        {
            await Console.Error.WriteLineAsync($"classroom demo: {error}").ConfigureAwait(false);
            return 2;
        }

        var watch = Stopwatch.StartNew();

        var engine = services.GetRequiredService<IFaceEngine>();
        var cast = DemoCast.Build(engine, photos, cancellationToken);
        var roster = services.GetRequiredService<SqliteRoster>();
        var added = await roster.AddFacesAsync(cast.Students.Select(s => new KnownFace(s.Name, s.Descriptor)), "demo", replacePeople: false, cancellationToken).ConfigureAwait(false);
        await roster.UpsertStudentsAsync(cast.Students.Where(s => s.Record is not null).Select(s => s.Record!), cancellationToken).ConfigureAwait(false);
        // Plain lines, not Spectre's: a redirected console is 80 columns wide to Spectre, which would break the paths.
        Console.WriteLine($"Roster: {cast.Students.Count} students enrolled from {Path.GetRelativePath(root, photos)}/sample1..6.jpg " +
            $"({added} new face(s)); {cast.Students.Count(s => s.Record is not null)} have a student record; store {Path.GetRelativePath(root, roster.DatabasePath)}");

        var videos = Path.Combine(workspace, "videos");
        var ffmpeg = FfmpegTool.Configured(services);
        var made = await MakeVideosAsync(ffmpeg, cast, videos, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"Videos: {(made ? "made" : "reused")} in {Path.GetRelativePath(root, videos)} ({watch.Elapsed.TotalSeconds:F1} s so far)");

        var processor = services.GetRequiredService<IVideoProcessor>();
        var results = Path.Combine(workspace, "results");
        var first = Directory.EnumerateFiles(videos, "*.mp4").Where(f => !f.EndsWith("attendance.mp4", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var failed = await RunBatchAsync("first mode: who is in each video", new BatchRunner(processor, RecognitionMode.First, ProcessCommand.DefaultParallelism), first, results, cancellationToken).ConfigureAwait(false);
        failed |= await RunBatchAsync("all mode: attendance over a whole video", new BatchRunner(processor, RecognitionMode.All, 1),
            [Path.Combine(videos, "attendance.mp4")], results, cancellationToken).ConfigureAwait(false);

        var cse546 = Workloads.FindCse546(root);
        if (cse546 is not null)
        {
            // The same engine and decoder, the original's roster files instead of the demo store.
            var frames = services.GetRequiredService<IVideoFrameSource>();
            await using var originals = CliHost.Services(configuration,
                new InMemoryKnownFaceStore(KnownFacesFile.Read(Path.Combine(cse546, "encoding.dat"))),
                new InMemoryStudentRecords(StudentRecordsFile.Read(Path.Combine(cse546, "student_data.json"))),
                replace: s => s.Replace(ServiceDescriptor.Singleton(engine)).Replace(ServiceDescriptor.Singleton(frames)));
            var original = originals.GetRequiredService<IVideoProcessor>();
            var clips = VideoInputs.Expand([Path.Combine(cse546, "videos")]);
            failed |= await RunBatchAsync($"the original's workload ({cse546}: encoding.dat + student_data.json)",
                new BatchRunner(original, RecognitionMode.First, ProcessCommand.DefaultParallelism), clips, Path.Combine(workspace, "results-cse546"), cancellationToken).ConfigureAwait(false);
        }

        Console.WriteLine($"Done in {watch.Elapsed.TotalSeconds:F1} s. Try: ./classroom process {Path.GetRelativePath(Directory.GetCurrentDirectory(), videos)} --data {Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.Combine(workspace, "data"))} --json");
        return failed ? 1 : 0;
    }

    private static async Task<bool> RunBatchAsync(string title, BatchRunner runner, IReadOnlyList<string> videos, string results, CancellationToken cancellationToken)
    {
        var csv = new ResultFolder(results, videos);
        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(title)}[/]");
        var watch = Stopwatch.StartNew();
        var items = await runner.RunAsync(videos, csv.WriteAsync, _ => { }, cancellationToken).ConfigureAwait(false);
        BatchReport.WriteTable(items, csv.Folder, watch.Elapsed);
        return items.Any(i => i.Result.Status == VideoStatus.Error);
    }

    /// <summary>The sample videos; made only when missing or from an older version of this command.</summary>
    private static async Task<bool> MakeVideosAsync(string ffmpeg, DemoCast cast, string folder, CancellationToken cancellationToken)
    {
        var stamp = Path.Combine(folder, ".version");
        var version = VideosVersion + ":" + string.Join(";", cast.Students.Append(cast.Visitor).Select(s => $"{s.Name}@{Path.GetFileName(s.Photo)}:{s.Region}"));
        if (File.Exists(stamp) && await File.ReadAllTextAsync(stamp, cancellationToken).ConfigureAwait(false) == version)
        {
            return false;
        }

        Directory.CreateDirectory(folder);
        var jobs = new List<(string File, Shot[] Shots)>();
        jobs.AddRange(cast.Students.Select(s => ($"{s.Name}.mp4", new[] { s.Shot(2) })));
        jobs.Add(("visitor.mp4", [cast.Visitor.Shot(2)]));
        jobs.Add(("empty-room.mp4", [Shot.Black(2)]));
        jobs.Add(("attendance.mp4", [cast.Student("ada").Shot(1), cast.Student("grace").Shot(1), cast.Visitor.Shot(1), cast.Student("hedy").Shot(1)]));
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, async (job, ct) =>
            await SampleVideos.MakeAsync(ffmpeg, Path.Combine(folder, job.File), job.Shots, 1280, 720, cancellationToken: ct).ConfigureAwait(false)).ConfigureAwait(false);
        await File.WriteAllTextAsync(stamp, version, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
