using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Classroom.Cli.Batch;
using Classroom.Cli.Report;
using Classroom.Recognition.Pipeline;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Video;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Classroom.Cli.Commands;

/// <summary>
/// <c>classroom process PATH...</c>: the main job. Each video → who is in it → their record → a CSV named after the
/// video. Exit code 0 when every video was processed (whatever it showed), 1 when any could not be, 2 for bad usage.
/// </summary>
internal static class ProcessCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Videos, or folders of videos", Arity = ArgumentArity.OneOrMore };
        var students = new Option<string?>("--students") { Description = "Student records file: the original's student_data.json (default: the local store)" };
        var faces = new Option<string?>("--faces") { Description = "Known faces file: the original's encoding pickle or our known-faces JSON (default: the local store)" };
        var output = new Option<string?>("--out") { Description = "Folder for the CSVs (default: ./results; with --json, no CSVs unless given)" };
        var mode = new Option<string>("--mode") { Description = "first: the first face seen (the original's semantics); all: everyone seen (attendance)", DefaultValueFactory = _ => "first" };
        mode.AcceptOnlyFromAmong("first", "all");
        var json = new Option<bool>("--json") { Description = "Print one JSON object per video on stdout (status, students with distance, time, box) instead of the table" };
        var tolerance = new Option<double?>("--tolerance") { Description = "Largest face distance that counts as a match (default 0.6; lower is stricter)" };
        var parallel = new Option<int>("--parallel") { Description = "Videos processed at a time", DefaultValueFactory = _ => DefaultParallelism };
        var report = new Option<string?>("--report") { Description = "Also write one self-contained HTML page of the decisions with the faces (holds biometric data)" };
        var save = new Option<bool>("--save") { Description = "Also save the --faces/--students files into the local store, so later runs need no files" };
        var data = CliOptions.Data();
        var command = new Command("process", "Find the student in each video and write their record as CSV")
        {
            paths, students, faces, output, mode, json, tolerance, parallel, save, report, data,
        };
        command.SetAction((parse, ct) => RunAsync(new Request(
            parse.GetValue(paths)!, parse.GetValue(students), parse.GetValue(faces), parse.GetValue(output),
            parse.GetValue(mode) == "all" ? RecognitionMode.All : RecognitionMode.First, parse.GetValue(json),
            parse.GetValue(tolerance), parse.GetValue(parallel), parse.GetValue(data), parse.GetValue(save), parse.GetValue(report)), ct));
        return command;
    }

    /// <summary>Two videos at a time keep both cores busy: one decodes (ffmpeg starting up) while the other runs the models.</summary>
    public static int DefaultParallelism => Math.Clamp(Environment.ProcessorCount, 1, 2);

    internal sealed record Request(
        IReadOnlyList<string> Paths, string? Students, string? Faces, string? Out, RecognitionMode Mode, bool Json, double? Tolerance, int Parallel, string? Data, bool Save = false, string? Report = null);

    internal static async Task<int> RunAsync(Request request, CancellationToken cancellationToken)
    {
        var overrides = CliOptions.Overrides(request.Data);
        if (request.Tolerance is { } t)
        {
            overrides[MatchingOptions.SectionName + ":Tolerance"] = t.ToString("R", CultureInfo.InvariantCulture);
        }

        IKnownFaceStore? faces;
        IStudentRecords? students;
        IReadOnlyList<KnownFace>? faceList;
        IReadOnlyList<StudentRecord>? studentList;
        try
        {
            faceList = request.Faces is null ? null : KnownFacesFile.Read(request.Faces);
            studentList = request.Students is null ? null : StudentRecordsFile.Read(request.Students);
            faces = faceList is null ? null : new InMemoryKnownFaceStore(faceList);
            students = studentList is null ? null : new InMemoryStudentRecords(studentList);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"classroom process: {TerminalText.Safe(e.Message)}").ConfigureAwait(false);
            return 2;
        }

        if (request.Report is { } page && !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(page))))
        {
            await Console.Error.WriteLineAsync($"classroom process: --report {page}: its folder does not exist").ConfigureAwait(false);
            return 2;
        }

        if (request.Parallel < 1)
        {
            await Console.Error.WriteLineAsync($"classroom process: --parallel must be at least 1 (got {request.Parallel})").ConfigureAwait(false);
            return 2;
        }

        var parallel = Parallelism.Cap(request.Parallel);
        if (parallel < request.Parallel)
        {
            await Console.Error.WriteLineAsync($"classroom process: --parallel {request.Parallel} capped to {parallel} ({Environment.ProcessorCount} cores; about {Parallelism.BytesPerVideo >> 20} MB per video in flight)").ConfigureAwait(false);
        }

        if (request.Data is { } store && !Directory.Exists(store) && (request.Faces is null || request.Students is null))
        {
            // A mistyped --data would otherwise be a new, empty store: every video unknown_person, exit 0.
            await Console.Error.WriteLineAsync($"classroom process: no store at {store} (create one with: classroom faces import FILE --data {store})").ConfigureAwait(false);
            return 2;
        }

        var batch = VideoInputs.Collect(request.Paths);
        foreach (var note in batch.Notes)
        {
            await Console.Error.WriteLineAsync($"classroom process: {TerminalText.Safe(note)}").ConfigureAwait(false);
        }

        var videos = batch.Videos;
        if (videos.Count == 0)
        {
            await Console.Error.WriteLineAsync("classroom process: no videos found in " + string.Join(", ", request.Paths)).ConfigureAwait(false);
            return 1;
        }

        // Saved only once the invocation is known to be good: a bad one changes nothing.
        if (request.Save && await SaveAsync(request, faceList, studentList, cancellationToken).ConfigureAwait(false) is { } code)
        {
            return code;
        }

        await using var services = CliHost.Services(CliHost.Configuration(overrides), faces, students);
        var csv = request.Json && request.Out is null ? null : new ResultFolder(request.Out ?? "results", videos);
        if (CliHost.SettingsError(services) is { } error)
        {
            await Console.Error.WriteLineAsync($"classroom process: {error}").ConfigureAwait(false);
            return 2;
        }

        var known = await services.GetRequiredService<IKnownFaceStore>().GetAllAsync(cancellationToken).ConfigureAwait(false);
        if (known.Count == 0)
        {
            await Console.Error.WriteLineAsync($"classroom process: warning: {VideoProcessor.EmptyRosterWarning} (import faces with: classroom faces import FILE, or check --data / --faces)").ConfigureAwait(false);
        }
        else if (await WithoutRecordsAsync(known, services.GetRequiredService<IStudentRecords>(), cancellationToken).ConfigureAwait(false) is { Count: > 0 } unrecorded)
        {
            await Console.Error.WriteLineAsync(TerminalText.Safe(
                $"classroom process: warning: {unrecorded.Count} known {(unrecorded.Count == 1 ? "person has" : "people have")} no student record, so a video of them gives no_record: " +
                $"{string.Join(", ", unrecorded.Take(5))}{(unrecorded.Count > 5 ? ", …" : "")} (import records with: classroom students import FILE, or check --students)")).ConfigureAwait(false);
        }

        var videoOptions = services.GetRequiredService<IOptions<VideoOptions>>().Value;
        var watch = Stopwatch.StartNew();
        var items = await BatchReport.WithProgressAsync($"{videos.Count} videos", videos.Count, progress =>
            new BatchRunner(services.GetRequiredService<IVideoProcessor>(), request.Mode, parallel) { OnProgress = progress.Reading }.RunAsync(
                videos,
                (video, result, ct) => csv is null ? Task.FromResult<string?>(null) : csv.WriteAsync(video, result, ct),
                item =>
                {
                    progress.Done(item);
                    if (request.Json)
                    {
                        Console.Out.WriteLine(ResultJson.ToJson(item.Result, item.Csv));
                    }
                },
                cancellationToken),
            video => VideoDuration.ProbeAsync(video, videoOptions, cancellationToken)).ConfigureAwait(false);

        if (!request.Json)
        {
            BatchReport.WriteTable(items, csv?.Folder, watch.Elapsed);
        }

        if (request.Report is { } path)
        {
            await HtmlReport.WriteAsync(path, items, request.Mode, services.GetRequiredService<IVideoFrameSource>(), cancellationToken).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"classroom process: report in {Path.GetFullPath(path)} (it holds faces: readable by you only)").ConfigureAwait(false);
        }

        return items.Any(i => i.Result.Status == VideoStatus.Error) ? 1 : 0;
    }

    /// <summary>--save: the files' faces (replacing those people's) and records into the local store; an exit code when it cannot.</summary>
    private static async Task<int?> SaveAsync(Request request, IReadOnlyList<KnownFace>? faces, IReadOnlyList<StudentRecord>? students, CancellationToken cancellationToken)
    {
        if (faces is null && students is null)
        {
            await Console.Error.WriteLineAsync("classroom process: --save saves the --faces/--students files into the store: name at least one").ConfigureAwait(false);
            return 2;
        }

        var roster = CliHost.LocalRoster(request.Data);
        var added = faces is null ? 0 : await roster.AddFacesAsync(faces, request.Faces, replacePeople: true, cancellationToken).ConfigureAwait(false);
        var upserted = students is null ? 0 : await roster.UpsertStudentsAsync(students, cancellationToken).ConfigureAwait(false);
        await Console.Error.WriteLineAsync($"classroom process: saved {added} face(s) and {upserted} record(s) into the local store {roster.DatabasePath}").ConfigureAwait(false);
        return null;
    }

    /// <summary>People the roster has faces of but no record for (names in order).</summary>
    private static async Task<List<string>> WithoutRecordsAsync(IReadOnlyList<KnownFace> known, IStudentRecords records, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        foreach (var name in known.Select(f => f.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (await records.FindAsync(name, cancellationToken).ConfigureAwait(false) is null)
            {
                missing.Add(name);
            }
        }

        return missing;
    }
}
