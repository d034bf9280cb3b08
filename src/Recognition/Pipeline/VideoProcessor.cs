using System.Diagnostics;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Video;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Pipeline;

/// <summary>
/// The pipeline: sampled frames → faces (with second looks: brightened, turned, mirrored; <see cref="FaceSearch"/>) →
/// tracks of the same face across frames (<see cref="FaceTracker"/>) → each track judged on its aggregated descriptor
/// (<see cref="TrackJudge"/>: a name needs tolerance and margin) → student records.
/// <see cref="RecognitionMode.First"/> reads from the first frame with a face for <see cref="MatchingOptions.EvidenceFrames"/>
/// frames (fewer when every face is decisive) and reports one person: a named track beats an ambiguous one, which beats
/// a stranger; between named tracks the nearer wins. <see cref="RecognitionMode.All"/> reads the whole video and
/// reports every person named, counting the strangers' tracks. An undecodable video is a result with status Error;
/// failures of the stores or the engine are thrown (a host may retry them).
/// </summary>
public sealed partial class VideoProcessor : IVideoProcessor
{
    private readonly IVideoFrameSource _frames;
    private readonly IFaceEngine _engine;
    private readonly IKnownFaceStore _knownFaces;
    private readonly IStudentRecords _records;
    private readonly MatchingOptions _matching;
    private readonly FaceSearchOptions _search;
    private readonly LimitsOptions _limits;
    private readonly ILogger<VideoProcessor> _logger;

    public VideoProcessor(IVideoFrameSource frames, IFaceEngine engine, IKnownFaceStore knownFaces, IStudentRecords records,
        IOptions<MatchingOptions> matching, ILogger<VideoProcessor> logger, IOptions<FaceSearchOptions>? search = null, IOptions<LimitsOptions>? limits = null)
    {
        _frames = frames ?? throw new ArgumentNullException(nameof(frames));
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _knownFaces = knownFaces ?? throw new ArgumentNullException(nameof(knownFaces));
        _records = records ?? throw new ArgumentNullException(nameof(records));
        // Options arrive checked: each section's rules run once, at start (ValidatedOptions).
        _matching = (matching ?? throw new ArgumentNullException(nameof(matching))).Value;
        _search = search?.Value ?? new FaceSearchOptions();
        _limits = limits?.Value ?? new LimitsOptions();
        _logger = logger;
    }

    public Task<VideoResult> ProcessAsync(string videoPath, RecognitionMode mode, CancellationToken cancellationToken) =>
        ProcessAsync(videoPath, mode, null, cancellationToken);

    public async Task<VideoResult> ProcessAsync(string videoPath, RecognitionMode mode, IProgress<TimeSpan>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(videoPath);
        if (File.Exists(videoPath) && _limits.TooLarge(new FileInfo(videoPath).Length) is { } tooLarge)
        {
            return OverLimit(videoPath, tooLarge);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_limits.VideoTimeout);
        try
        {
            return await ProcessWithinAsync(videoPath, mode, progress, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return OverLimit(videoPath, _limits.TimedOut());
        }
    }

    private VideoResult OverLimit(string videoPath, string reason)
    {
        LogOverLimit(_logger, videoPath, reason);
        return new VideoResult(videoPath, VideoStatus.Error, [], 0, reason);
    }

    private async Task<VideoResult> ProcessWithinAsync(string videoPath, RecognitionMode mode, IProgress<TimeSpan>? progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var known = await _knownFaces.GetAllAsync(cancellationToken).ConfigureAwait(false);
        var judge = new TrackJudge(known, _matching);
        var tracker = new FaceTracker(judge.Tolerance, d => judge.Judge(d) is { Kind: VerdictKind.Named } v ? v.Name : null);
        var search = new FaceSearch(_engine, _search);
        var follower = new FaceFollower(_engine, judge, mode);
        var frames = 0;
        var evidenceFrames = 0;
        try
        {
            await foreach (var frame in _frames.ReadFramesAsync(videoPath, mode == RecognitionMode.All ? VideoSampling.Attendance : VideoSampling.Uniform, cancellationToken).ConfigureAwait(false))
            {
                if (frame.Time.TotalSeconds > _limits.MaxVideoSeconds)
                {
                    return OverLimit(videoPath, _limits.TooLong()); // leaving the loop ends the decoder
                }

                frames++;
                progress?.Report(frame.Time);
                if (follower.TryFollow(frame, search.Turn, cancellationToken))
                {
                    evidenceFrames++;
                    if (mode == RecognitionMode.First && Decided(tracker, judge, frame.Index))
                    {
                        break;
                    }

                    continue; // the faces of the last look, where they were: followed without the full look
                }

                var quick = follower.TryDecide(frame, search.Turn, cancellationToken);
                if (quick is { Decides: true })
                {
                    tracker.Link(quick.Value.Faces, frame.Index, frame.Time, 0);
                    break; // decided on the quick look: the answer is known
                }

                var faces = search.Look(frame.Image, judge.Evidence, cancellationToken);
                if (faces.Count == 0 && evidenceFrames == 0)
                {
                    continue;
                }

                var tracks = tracker.Link(faces, frame.Index, frame.Time, search.LastTurn);
                follower.Looked(tracks);
                if (quick is { Faces.Count: > 0 } declined && search.LastTurn == 0)
                {
                    AddViews(declined.Faces, faces, tracks, tracker, frame, search.LastTurn, linkMissed: false); // another view of the faces
                }

                // The mirrored frame for faces that match nobody clearly (a student filmed mirrored, a face half turned away).
                if (_search.Mirror && tracks.Any(t => t.Views <= _matching.EvidenceFrames && judge.Judge(t) is { Kind: VerdictKind.Ambiguous or VerdictKind.Unknown } v && !judge.IsDecisive(v)))
                {
                    AddViews(search.LookMirrored(frame.Image, cancellationToken), faces, tracks, tracker, frame, search.LastTurn);
                }

                evidenceFrames++;
                if (mode == RecognitionMode.First && (evidenceFrames >= _matching.EvidenceFrames || Decided(tracker, judge, frame.Index)))
                {
                    break; // leaving the loop ends the decoder: the answer is known
                }
            }
        }
        catch (VideoDecodeException e)
        {
            LogUndecodable(_logger, videoPath, e.Reason ?? e.Message);
            return new VideoResult(videoPath, VideoStatus.Error, [], 0, e.Reason ?? e.Message);
        }

        // Faces found in another turn than the video is read in (settled, or the detector's pick) are the detector's mistakes
        // (a face seen sideways), not people.
        var judged = tracker.Tracks.Where(t => t.Turn == search.Turn).Select(t => (Track: t, Verdict: judge.Judge(t))).ToList();
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            foreach (var t in tracker.Tracks)
            {
                var v = judge.Judge(t);
                var bestView = judge.BestView(t, v.Name);
                LogTrack(_logger, videoPath, t.Id, t.Turn * 90, t.Views, t.FirstTime.TotalSeconds, t.FirstBox.Score, v.Kind, v.Name, v.Distance, v.Runner, v.RunnerDistance, bestView);
            }
        }

        var result = await DecideAsync(videoPath, mode, judged, judge.Tolerance, cancellationToken).ConfigureAwait(false);
        result = result with { Frames = frames, Warnings = known.Count == 0 ? [EmptyRosterWarning] : null };

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogProcessed(_logger, videoPath, mode, result.Status, result.Students.Count, result.UnknownFaces, frames, follower.Followed, search.SecondLooks, search.Turn * 90, elapsed);
        return result;
    }

    /// <summary>A result's warning when the roster holds no known faces (a mistyped store, a roster not imported yet).</summary>
    public const string EmptyRosterWarning = "the roster holds no known faces: nobody can be named";

    /// <summary>First mode's early stop: someone is named and no face needs more frames.</summary>
    private static bool Decided(FaceTracker tracker, TrackJudge judge, int frame)
    {
        var named = false;
        foreach (var track in tracker.Tracks)
        {
            var verdict = judge.Judge(track);
            if (!judge.IsSettled(track, verdict, frame))
            {
                return false;
            }

            named |= verdict.Kind == VerdictKind.Named;
        }

        return named;
    }

    /// <summary>
    /// Faces of another look at the frame (mirrored, or the quick detector's) that overlap a face of the frame are another
    /// view of its track; the others are faces the full look missed (linked as tracks when <paramref name="linkMissed"/>).
    /// </summary>
    private static void AddViews(IReadOnlyList<DetectedFace> views, IReadOnlyList<DetectedFace> faces, List<FaceTrack> tracks, FaceTracker tracker, VideoFrame frame, int turn, bool linkMissed = true)
    {
        var missed = new List<DetectedFace>();
        foreach (var view in views)
        {
            var i = Enumerable.Range(0, faces.Count).Where(i => FaceTracker.Overlap(faces[i].Box, view.Box) >= ViewOverlap)
                .OrderByDescending(i => FaceTracker.Overlap(faces[i].Box, view.Box)).DefaultIfEmpty(-1).First();
            if (i >= 0)
            {
                tracks[i].Add(view.Descriptor); // another view of the same face: more evidence for its track
            }
            else
            {
                missed.Add(view);
            }
        }

        if (missed.Count > 0 && linkMissed)
        {
            tracker.Link(missed, frame.Index, frame.Time, turn);
        }
    }

    /// <summary>
    /// Another look's box overlapping a face's box this much (intersection over union) is that face: one face's boxes
    /// agree far better (mirrored SSD boxes; Tiny's, larger, over SSD's: 0.56 and 0.74 on cse546 test_5 and test_6).
    /// </summary>
    private const float ViewOverlap = 0.4f;

    private async Task<VideoResult> DecideAsync(string video, RecognitionMode mode, List<(FaceTrack Track, Verdict Verdict)> judged, double tolerance, CancellationToken cancellationToken)
    {
        var named = judged.Where(j => j.Verdict.Kind == VerdictKind.Named).OrderBy(j => j.Verdict.Distance).ThenByDescending(j => j.Track.Frames).ToList();
        var ambiguous = judged.Where(j => j.Verdict.Kind == VerdictKind.Ambiguous).OrderBy(j => j.Verdict.Distance).ToList();
        var strangers = judged.Where(j => j.Verdict.Kind != VerdictKind.Named).Select(j => j.Track).ToList();
        if (mode == RecognitionMode.First && named.Count > 0)
        {
            named = named.Take(1).ToList();
        }

        // Each person once (all mode: the first sighting's time and box, the nearest track's distance).
        var students = new List<StudentSighting>();
        foreach (var person in named.GroupBy(j => j.Verdict.Name!))
        {
            var nearest = person.First();
            var first = person.MinBy(j => j.Track.FirstTime);
            var record = await _records.FindAsync(person.Key, cancellationToken).ConfigureAwait(false);
            students.Add(new StudentSighting(person.Key, record?.Major, record?.Year, nearest.Verdict.Distance, first.Track.FirstTime, first.Track.FirstBox,
                nearest.Verdict.Margin, person.Sum(j => j.Track.Frames)));
        }

        students.Sort((a, b) => a.Time.CompareTo(b.Time));
        var distinct = DistinctFaces(strangers, tolerance);
        var unknown = distinct.Count;
        IReadOnlyList<FaceSighting>? strangersSeen = unknown > 0 ? distinct : null; // none: as a result without faces always was
        if (students.Count > 0)
        {
            var status = students.Any(s => s.Major is not null) ? VideoStatus.Recognized : VideoStatus.NoRecord;
            return new VideoResult(video, status, students, unknown, Unknowns: strangersSeen);
        }

        if (ambiguous.Count > 0)
        {
            var v = ambiguous[0].Verdict;
            return new VideoResult(video, VideoStatus.Ambiguous, [], unknown, null, [new MatchCandidate(v.Name!, v.Distance), new MatchCandidate(v.Runner!, v.RunnerDistance)], Unknowns: strangersSeen);
        }

        return new VideoResult(video, unknown > 0 ? VideoStatus.UnknownPerson : VideoStatus.NoFace, [], unknown, Unknowns: strangersSeen);
    }

    /// <summary>Tracks of faces nobody was named for, the same stranger seen again (aggregated descriptors within tolerance) counted once: each one's first sighting.</summary>
    private static List<FaceSighting> DistinctFaces(List<FaceTrack> tracks, double tolerance)
    {
        var distinct = new List<(float[] Mean, FaceTrack Track)>();
        foreach (var track in tracks.Where(t => t.Mean is not null))
        {
            if (!distinct.Any(d => FaceMatching.FaceDistance(d.Mean, track.Mean!) <= tolerance))
            {
                distinct.Add((track.Mean!, track));
            }
        }

        return [.. distinct.Select(d => new FaceSighting(d.Track.FirstTime, d.Track.FirstBox, d.Track.Frames))];
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Video}: track {Track} (turned {Degrees}°, {Views} views, from {Seconds:F1} s, score {Score:F2}): {Kind} {Name} {Distance:F3}, next {Runner} {RunnerDistance:F3}, best view {BestView:F3}")]
    private static partial void LogTrack(ILogger logger, string video, int track, int degrees, int views, double seconds, float score, VerdictKind kind, string? name, double distance, string? runner, double runnerDistance, double bestView);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Video} is over a limit: {Reason}")]
    private static partial void LogOverLimit(ILogger logger, string video, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Video} cannot be processed: {Reason}")]
    private static partial void LogUndecodable(ILogger logger, string video, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Video} ({Mode}): {Status}, {Students} known, {Unknown} unknown, {Frames} frames ({Followed} looked at quickly only), {SecondLooks} second looks, turned {Degrees}°, {Milliseconds:F0} ms")]
    private static partial void LogProcessed(ILogger logger, string video, RecognitionMode mode, VideoStatus status, int students, int unknown, int frames, int followed, int secondLooks, int degrees, double milliseconds);
}
