using System.CommandLine;
using Classroom.Cli.Batch;
using Classroom.Cli.Commands;
using Classroom.Cli.Demo;
using Classroom.Recognition.Roster;

namespace Classroom.Cli.Workload;

/// <summary>
/// <c>classroom workload [--target local|azure] [--manifest FILE --videos DIR | PATH...] [--count N] [--mapping FILE]
/// [--students FILE --faces FILE] [--timeout S] [--json]</c>: the original's workload generator and grader in one
/// command — uploads the videos, waits for each one's result of that very upload, grades them and prints accuracy,
/// latency, wall time and throughput.
/// </summary>
internal static class WorkloadCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Videos or folders of videos (instead of --manifest)", Arity = ArgumentArity.ZeroOrMore };
        var target = new Option<string>("--target") { Description = "local: Azurite + Cosmos DB server + the function's job here; azure: the deployed app (scripts/deploy/workload.sh)", DefaultValueFactory = _ => "local" };
        target.AcceptOnlyFromAmong("local", "azure");
        var manifest = new Option<string?>("--manifest") { Description = "Workload manifest video,source_clip,expected_name (e.g. ../shared/cse546/workload-100.csv)" };
        var videos = new Option<string?>("--videos") { Description = "Folder of the manifest's clips (default: videos/ beside the manifest)" };
        var count = new Option<int?>("--count") { Description = "Upload exactly N videos: the first N, or the set repeated (copies in copy-2/, copy-3/, …)" };
        var mapping = new Option<string?>("--mapping") { Description = "Grader's mapping VIDEO:MAJOR,YEAR per line (e.g. ../shared/cse546/mapping)" };
        var students = new Option<string?>("--students") { Description = "student_data.json to seed (default local: the local store's records)" };
        var faces = new Option<string?>("--faces") { Description = "encoding.dat pickle or known-faces JSON to seed (default local: the local store's faces)" };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for results after the last upload", DefaultValueFactory = _ => 600 };
        var json = new Option<bool>("--json") { Description = "One JSON object with the figures on stdout" };
        var data = CliOptions.Data();
        var command = new Command("workload", "Upload a workload, wait for every result and grade it: accuracy, latency p50/p95, wall time, throughput")
        {
            paths, target, manifest, videos, count, mapping, students, faces, timeout, json, data,
        };
        command.SetAction(async (parse, ct) =>
        {
            var request = new WorkloadRequest(
                parse.GetValue(target)!, parse.GetValue(paths) ?? [], parse.GetValue(manifest), parse.GetValue(videos), parse.GetValue(count),
                parse.GetValue(mapping), parse.GetValue(students), parse.GetValue(faces), parse.GetValue(timeout), parse.GetValue(json), parse.GetValue(data));
            string? problem;
            Prepared? prepared;
            try
            {
                (prepared, problem) = await PrepareAsync(request, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                (prepared, problem) = (null, e.Message);
            }

            if (prepared is null)
            {
                await Console.Error.WriteLineAsync($"classroom workload: {problem}").ConfigureAwait(false);
                return 2;
            }

            return await CloudCli.RunAsync("workload", () => WorkloadRun.RunAsync(request, prepared, ct)).ConfigureAwait(false);
        });
        return command;
    }

    internal sealed record WorkloadRequest(
        string Target, string[] Paths, string? Manifest, string? Videos, int? Count, string? Mapping, string? Students, string? Faces, double TimeoutSeconds, bool Json, string? Data)
    {
        public bool Local => Target == "local";
    }

    /// <summary>What the run needs, all read and checked before anything starts.</summary>
    internal sealed record Prepared(
        IReadOnlyList<WorkloadVideo> Videos, IReadOnlyDictionary<string, MappedRecord>? Mapping, IReadOnlyList<KnownFace>? Faces, IReadOnlyList<StudentRecord>? Students, string RepositoryRoot);

    /// <summary>The plan, the mapping and the roster, or the one-line reason the invocation is bad (exit 2).</summary>
    private static async Task<(Prepared?, string?)> PrepareAsync(WorkloadRequest request, CancellationToken cancellationToken)
    {
        if ((request.Manifest is not null) == (request.Paths.Length > 0))
        {
            return (null, "name the videos: --manifest FILE [--videos DIR], or video files and folders (not both)");
        }

        if (request.Count is < 1)
        {
            return (null, $"--count must be at least 1 (got {request.Count})");
        }

        if (request.TimeoutSeconds is <= 0 or double.NaN)
        {
            return (null, $"--timeout must be a positive number of seconds (got {request.TimeoutSeconds})");
        }

        if (request.Videos is not null && request.Manifest is null)
        {
            return (null, "--videos names the manifest's clip folder; without --manifest, name the videos or folders themselves");
        }

        foreach (var file in new[] { request.Manifest, request.Mapping, request.Students, request.Faces }.OfType<string>())
        {
            if (!File.Exists(file))
            {
                return (null, $"not found: {file}");
            }
        }

        IReadOnlyList<WorkloadVideo> set;
        if (request.Manifest is { } manifest)
        {
            var folder = request.Videos ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(manifest))!, "videos");
            if (!Directory.Exists(folder))
            {
                return (null, $"the clips' folder {folder} does not exist (pass --videos DIR)");
            }

            set = WorkloadPlan.FromManifest(manifest, folder);
        }
        else
        {
            var batch = VideoInputs.Collect(request.Paths);
            var missing = batch.Videos.Where(v => !File.Exists(v)).ToList();
            if (missing.Count > 0 || batch.Videos.Count == 0)
            {
                return (null, missing.Count > 0 ? $"not found: {string.Join(", ", missing)}" : "no videos in the paths given");
            }

            set = WorkloadPlan.FromFiles(batch.Videos);
        }

        var mapping = request.Mapping is null ? null : WorkloadGrader.ReadMapping(request.Mapping);
        IReadOnlyList<KnownFace>? faces = request.Faces is null ? null : KnownFacesFile.Read(request.Faces);
        IReadOnlyList<StudentRecord>? students = request.Students is null ? null : StudentRecordsFile.Read(request.Students);
        if (request.Local)
        {
            // Locally the roster comes from the files given or the local store: an empty one would grade every video wrong.
            var store = CliHost.LocalRoster(request.Data);
            faces ??= await store.GetAllAsync(cancellationToken).ConfigureAwait(false);
            students ??= await store.GetStudentsAsync(cancellationToken).ConfigureAwait(false);
            if (faces.Count == 0)
            {
                return (null, "no known faces to seed the local run with: pass --faces FILE (e.g. ../shared/cse546/encoding.dat) and --students FILE, or import them into the local store");
            }
        }

        return (new Prepared(WorkloadPlan.Sized(set, request.Count), mapping, faces, students, Workloads.RepositoryRoot()), null);
    }
}
