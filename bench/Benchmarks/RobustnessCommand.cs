using System.CommandLine;
using System.Globalization;
using Classroom.Cli;
using Classroom.Cli.Batch;
using Classroom.Cli.Commands;
using Classroom.Cli.Demo;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Pipeline;
using Classroom.Recognition.Roster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;

namespace Classroom.Benchmarks;

/// <summary>
/// <c>classroom bench robustness</c>: issue 9's degradation suite. Makes every degraded kind of every clip (the
/// original's 8 clips when ../shared/cse546 is present, else the demo cast's students), processes them as
/// <c>process</c> does, and reports per kind: right, wrong name, unknown, no face; then again with each student left out
/// of the roster (a student not enrolled must be named as nobody else). Exit 1 when any name is wrong.
/// </summary>
internal static class RobustnessCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var source = new Option<string>("--source") { Description = "cse546: the original's 8 clips (default when present); demo: the sample cast", DefaultValueFactory = _ => "auto" };
        source.AcceptOnlyFromAmong("auto", "cse546", "demo");
        var dir = new Option<string?>("--dir") { Description = "Where the suite's videos are kept (default: .classroom/robustness/SOURCE in the repository)" };
        var verbose = new Option<bool>("--misses") { Description = "One line per video that is not right (with its result)" };
        var robustness = new Command("robustness", "Degradation suite: late start, 360p, low-bitrate webm, mirrored, dark, sideways, black lead-in, two students, beside a stranger, crowd; then again with each student left out of the roster (not enrolled)")
        {
            source, dir, verbose,
        };
        robustness.SetAction((parse, ct) => RunAsync(parse.GetValue(source)!, parse.GetValue(dir), parse.GetValue(verbose), ct));
        return robustness;
    }

    private static async Task<int> RunAsync(string source, string? dir, bool verbose, CancellationToken cancellationToken)
    {
        var root = Workloads.RepositoryRoot();
        var cse546 = source == "demo" ? null : Workloads.FindCse546(root);
        if (source == "cse546" && cse546 is null)
        {
            await Console.Error.WriteLineAsync("classroom bench robustness: ../shared/cse546 not found (set CLASSROOM_CSE546)").ConfigureAwait(false);
            return 2;
        }

        var configuration = CliHost.Configuration();
        await using var services = CliHost.Services(configuration);
        if (CliHost.SettingsError(services) is { } error)
        {
            await Console.Error.WriteLineAsync($"classroom bench robustness: {error}").ConfigureAwait(false);
            return 2;
        }

        var engine = services.GetRequiredService<IFaceEngine>();
        var cast = DemoCast.Build(engine, DemoCast.FindPhotoFolder(), cancellationToken);
        var folder = Path.GetFullPath(dir ?? Path.Combine(root, ".classroom", "robustness", cse546 is null ? "demo" : "cse546"));
        IReadOnlyList<KnownFace> known;
        IReadOnlyList<StudentRecord> records;
        List<SuiteClip> clips;
        if (cse546 is not null)
        {
            known = KnownFacesFile.Read(Path.Combine(cse546, "encoding.dat"));
            records = StudentRecordsFile.Read(Path.Combine(cse546, "student_data.json"));
            clips = [.. DegradationSuite.Cse546Clips(cse546)];
        }
        else
        {
            known = [.. cast.Students.Select(s => new KnownFace(s.Name, s.Descriptor))];
            records = [.. cast.Students.Where(s => s.Record is not null).Select(s => s.Record!)];
            var clean = Path.Combine(folder, "clean");
            Directory.CreateDirectory(clean);
            clips = [.. cast.Students.Select(s => new SuiteClip(Path.Combine(clean, s.Name + ".mp4"), s.Name))];
            foreach (var (student, clip) in cast.Students.Zip(clips).Where(p => !File.Exists(p.Second.Path)))
            {
                await SampleVideos.MakeAsync(FfmpegTool.Configured(services), clip.Path, [student.Shot(2)], 1280, 720, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }

        // Strangers: the package photos' faces that match nobody enrolled (for the demo cast, its strangers).
        var strangers = cse546 is null
            ? cast.Strangers.Select(s => new Still(s.Photo, s.Region)).ToList()
            : DegradationSuite.StrangersFor(engine, known, DemoCast.FindPhotoFolder(), cancellationToken);
        var suite = await DegradationSuite.BuildAsync(FfmpegTool.Configured(services), clips, strangers, folder, DegradationSuite.AllKinds, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"suite: {suite.Count} videos ({clips.Count} clips x {DegradationSuite.AllKinds.Count} kinds) in {folder}; {strangers.Count} strangers");

        await using var pipeline = Measure.Pipeline(services, configuration, known, records);
        var processor = pipeline.GetRequiredService<IVideoProcessor>();

        // Each kind as graded (two students in all mode, the others in first mode), then every video in all mode too:
        // attendance must not name anyone the video does not show either.
        var graded = await DegradationSuite.RunAsync(processor, suite, ProcessCommand.DefaultParallelism, cancellationToken).ConfigureAwait(false);
        var attendance = await DegradationSuite.RunAsync(processor, [.. suite.Select(v => v with { Mode = RecognitionMode.All })], ProcessCommand.DefaultParallelism, cancellationToken).ConfigureAwait(false);
        var wrong = Table("as graded (two students: all mode; the others: first mode)", graded) + Table("every video in all mode", attendance);
        var notEnrolled = await NotEnrolledAsync(services, configuration, known, records, suite, cancellationToken).ConfigureAwait(false);
        wrong += Table("a student not enrolled: each video with its student left out of the roster (right = nobody named but a partner), as graded and in all mode", notEnrolled);
        foreach (var g in graded.Concat(attendance).Concat(notEnrolled).Where(g => verbose ? g.Outcome != SuiteOutcome.Right : g.Outcome == SuiteOutcome.WrongName))
        {
            Console.WriteLine($"  {g.Outcome} ({g.Video.Mode}): {Path.GetFileName(g.Video.Path)} (want {(g.Video.Expected.Count == 0 ? "nobody" : string.Join('+', g.Video.Expected))}): {ResultJson.ToJson(g.Result)}");
        }

        return wrong > 0 ? 1 : 0;
    }

    /// <summary>
    /// The suite again with each video's student left out of the roster (<see cref="DegradationSuite.NotEnrolled"/>): a
    /// student who is not enrolled (new, or on another class's roster) must not be named as somebody else.
    /// </summary>
    private static async Task<List<SuiteResult>> NotEnrolledAsync(IServiceProvider services, IConfiguration configuration,
        IReadOnlyList<KnownFace> known, IReadOnlyList<StudentRecord> records, IReadOnlyList<SuiteVideo> suite, CancellationToken cancellationToken)
    {
        var results = new List<SuiteResult>();
        foreach (var (student, videos) in DegradationSuite.NotEnrolled(suite))
        {
            await using var pipeline = Measure.Pipeline(services, configuration, [.. known.Where(k => k.Name != student)], records);
            var processor = pipeline.GetRequiredService<IVideoProcessor>();
            results.AddRange(await DegradationSuite.RunAsync(processor, [.. videos, .. videos.Select(v => v with { Mode = RecognitionMode.All })], ProcessCommand.DefaultParallelism, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>Prints the per-kind table and the total; returns the number of wrong names.</summary>
    private static int Table(string title, List<SuiteResult> graded)
    {
        Console.WriteLine(title);
        Console.WriteLine($"  {"kind",-18} {"right",6} {"wrong",6} {"unknown",8} {"no_face",8} {"error",6} {"median ms",10}");
        foreach (var kind in DegradationSuite.AllKinds)
        {
            var rows = graded.Where(g => g.Video.Kind == kind).ToList();
            if (rows.Count == 0)
            {
                continue; // a kind the table does not hold (crowds when no student is left out)
            }

            Console.WriteLine(string.Create(Inv, $"  {Degradations.Slug(kind),-18} {Count(rows, SuiteOutcome.Right),6} {Count(rows, SuiteOutcome.WrongName),6} " +
                $"{Count(rows, SuiteOutcome.Unknown),8} {Count(rows, SuiteOutcome.NoFace),8} {Count(rows, SuiteOutcome.Error),6} {Measure.Median(rows.Select(r => r.Elapsed.TotalMilliseconds)),10:F0}"));
        }

        var right = Count(graded, SuiteOutcome.Right);
        var wrong = Count(graded, SuiteOutcome.WrongName);
        Console.WriteLine(string.Create(Inv, $"  total: {right}/{graded.Count} right ({100.0 * right / graded.Count:F1} %, goal >= 95 %), {wrong} wrong names (goal 0)"));
        return wrong;
    }

    private static int Count(IEnumerable<SuiteResult> rows, SuiteOutcome outcome) => rows.Count(r => r.Outcome == outcome);

}
