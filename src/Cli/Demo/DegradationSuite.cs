using Classroom.Cli.Batch;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Pipeline;
using Classroom.Recognition.Roster;

namespace Classroom.Cli.Demo;

/// <summary>A clean clip of one enrolled student.</summary>
internal sealed record SuiteClip(string Path, string Person);

/// <summary>
/// A video of the suite: its kind, file, how it is processed, who must be named (empty: nobody), and the student whose
/// clip it was made from (a crowd shows strangers only).
/// </summary>
internal sealed record SuiteVideo(Degradation Kind, string Path, RecognitionMode Mode, IReadOnlyList<string> Expected, string Student);

/// <summary>A suite video's result and its grade.</summary>
internal sealed record SuiteResult(SuiteVideo Video, VideoResult Result, SuiteOutcome Outcome, TimeSpan Elapsed);

/// <summary>How a result compares with what the video holds.</summary>
internal enum SuiteOutcome
{
    /// <summary>The right student (first mode), exactly the students shown (all mode), or nobody when nobody is enrolled.</summary>
    Right,

    /// <summary>A name the video does not show: the worst outcome.</summary>
    WrongName,

    /// <summary>A face was seen but a student shown was not named (unknown_person, ambiguous, or one of two missed).</summary>
    Unknown,

    /// <summary>No face found where there is one.</summary>
    NoFace,

    /// <summary>The video could not be processed.</summary>
    Error,
}

/// <summary>
/// Issue 9's degradation suite: every <see cref="Degradation"/> of every clip, made once into a folder with ffmpeg, and
/// the rule that grades a result. The partner of clip i (two students) is clip i+1; its strangers are the list turned
/// by i, so the crowds differ; every second clip has the other face on the left.
/// </summary>
internal static class DegradationSuite
{
    public static IReadOnlyList<Degradation> AllKinds { get; } = Enum.GetValues<Degradation>();

    /// <summary>Two students side by side are graded in all mode (both must be named); every other kind in first mode.</summary>
    public static RecognitionMode ModeFor(Degradation kind) => kind == Degradation.TwoStudents ? RecognitionMode.All : RecognitionMode.First;

    /// <summary>Makes the videos that are not in <paramref name="folder"/> yet (two ffmpeg runs at a time) and lists the suite.</summary>
    public static async Task<IReadOnlyList<SuiteVideo>> BuildAsync(string ffmpeg, IReadOnlyList<SuiteClip> clips, IReadOnlyList<Still> strangers,
        string folder, IReadOnlyCollection<Degradation> kinds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentNullException.ThrowIfNull(strangers);
        if (clips.Count < 2 || strangers.Count < 2)
        {
            throw new ArgumentException("The suite needs at least two clips and two strangers.");
        }

        Directory.CreateDirectory(folder);
        var jobs = new List<(SuiteVideo Video, Func<CancellationToken, Task> Make)>();
        for (var i = 0; i < clips.Count; i++)
        {
            var clip = clips[i];
            var partner = clips[(i + 1) % clips.Count];
            var turned = strangers.Skip(i % strangers.Count).Concat(strangers.Take(i % strangers.Count)).ToList();
            var stem = System.IO.Path.GetFileNameWithoutExtension(clip.Path);
            foreach (var kind in kinds)
            {
                var path = System.IO.Path.Combine(folder, Degradations.FileName(kind, stem));
                IReadOnlyList<string> expected = kind switch
                {
                    Degradation.Crowd => [],
                    Degradation.TwoStudents => [clip.Person, partner.Person],
                    _ => [clip.Person],
                };
                var flip = i % 2 == 1;
                jobs.Add((new SuiteVideo(kind, path, ModeFor(kind), expected, clip.Person),
                    ct => Degradations.MakeAsync(ffmpeg, kind, clip.Path, partner.Path, turned, path + ".part" + System.IO.Path.GetExtension(path), flip, ct)));
            }
        }

        await Parallel.ForEachAsync(jobs.Where(j => !File.Exists(j.Video.Path)),
            new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken },
            async (job, ct) =>
            {
                await job.Make(ct).ConfigureAwait(false);
                File.Move(job.Video.Path + ".part" + System.IO.Path.GetExtension(job.Video.Path), job.Video.Path, overwrite: true);
            }).ConfigureAwait(false);
        return [.. jobs.Select(j => j.Video)];
    }

    /// <summary>The original's 8 clips and the student in each (workload-100.csv: video,source_clip,expected_name).</summary>
    public static IReadOnlyList<SuiteClip> Cse546Clips(string cse546) =>
        [.. File.ReadAllLines(System.IO.Path.Combine(cse546, "workload-100.csv")).Skip(1).Select(l => l.Split(','))
            .Where(r => r.Length >= 3).Select(r => (Clip: r[1], Person: r[2])).Distinct().OrderBy(c => c.Clip, StringComparer.Ordinal)
            .Select(c => new SuiteClip(System.IO.Path.Combine(cse546, "videos", c.Clip), c.Person))];

    /// <summary>Every face of the package photos (60 pixels or more) farther than the match tolerance from each known face: strangers to that roster.</summary>
    public static List<Still> StrangersFor(IFaceEngine engine, IReadOnlyList<KnownFace> known, string photoFolder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var stills = new List<Still>();
        for (var n = 1; n <= 6; n++)
        {
            var photo = System.IO.Path.Combine(photoFolder, $"sample{n}.jpg");
            var image = ImageFiles.Load(photo);
            stills.AddRange(engine.FindFaces(image, cancellationToken)
                .Where(f => f.Box.Width >= 60 && known.All(k => FaceMatching.FaceDistance(k.Descriptor, f.Descriptor) > FaceMatching.DefaultTolerance))
                .Select(f => new Still(photo, SampleVideos.AroundFace(f.Box.X, f.Box.Y, f.Box.Width, f.Box.Height, image.Width, image.Height))));
        }

        return stills;
    }

    /// <summary>
    /// The suite as a student who is not enrolled sees it: per student, the videos made from their clip (crowds have none),
    /// each expecting nobody but a partner. Processed with that student left out of the roster, any name is wrong.
    /// </summary>
    public static IEnumerable<(string Student, List<SuiteVideo> Videos)> NotEnrolled(IReadOnlyList<SuiteVideo> suite) =>
        suite.Where(v => v.Kind != Degradation.Crowd).GroupBy(v => v.Student, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Select(v => v with { Expected = [.. v.Expected.Where(n => n != g.Key)] }).ToList()));

    /// <summary>Processes the suite, each video in its mode, <paramref name="parallel"/> at a time, and grades every result.</summary>
    public static async Task<List<SuiteResult>> RunAsync(IVideoProcessor processor, IReadOnlyList<SuiteVideo> suite, int parallel, CancellationToken cancellationToken)
    {
        var graded = new List<SuiteResult>();
        foreach (var mode in new[] { RecognitionMode.First, RecognitionMode.All })
        {
            var videos = suite.Where(v => v.Mode == mode).ToList();
            var items = await new BatchRunner(processor, mode, parallel)
                .RunAsync([.. videos.Select(v => v.Path)], (_, _, _) => Task.FromResult<string?>(null), _ => { }, cancellationToken).ConfigureAwait(false);
            graded.AddRange(videos.Zip(items, (v, i) => new SuiteResult(v, i.Result, Judge(v, i.Result), i.Elapsed)));
        }

        return graded;
    }

    /// <summary>Grades a result: any name the video does not show is a wrong name, whatever else is right.</summary>
    public static SuiteOutcome Judge(SuiteVideo video, VideoResult result)
    {
        ArgumentNullException.ThrowIfNull(video);
        ArgumentNullException.ThrowIfNull(result);
        var named = result.Students.Select(s => s.Name).ToList();
        if (named.Any(n => !video.Expected.Contains(n)))
        {
            return SuiteOutcome.WrongName;
        }

        if (result.Status == VideoStatus.Error)
        {
            return SuiteOutcome.Error;
        }

        var complete = video.Mode == RecognitionMode.All
            ? video.Expected.All(named.Contains)
            : video.Expected.Count == 0 ? named.Count == 0 : named.Count == 1;
        if (complete && (video.Expected.Count > 0 || result.Status != VideoStatus.NoFace))
        {
            return SuiteOutcome.Right;
        }

        return result.Status == VideoStatus.NoFace ? SuiteOutcome.NoFace : SuiteOutcome.Unknown;
    }
}
