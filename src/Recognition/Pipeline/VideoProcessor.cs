using System.Diagnostics;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Video;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Pipeline;

/// <summary>
/// The pipeline: sampled frames → faces (most confident first, then largest) → nearest known face → student record.
/// <see cref="RecognitionMode.First"/> stops decoding at the first frame with a face and recognises its most confident face;
/// <see cref="RecognitionMode.All"/> reads the whole video and reports every known person seen (time first seen, best
/// distance), counting distinct unknown faces. An undecodable video is a result with status Error; failures of the
/// stores or the engine are thrown (a host may retry them).
/// </summary>
public sealed partial class VideoProcessor : IVideoProcessor
{
    private readonly IVideoFrameSource _frames;
    private readonly IFaceEngine _engine;
    private readonly IKnownFaceStore _knownFaces;
    private readonly IStudentRecords _records;
    private readonly MatchingOptions _matching;
    private readonly ILogger<VideoProcessor> _logger;

    public VideoProcessor(IVideoFrameSource frames, IFaceEngine engine, IKnownFaceStore knownFaces, IStudentRecords records,
        IOptions<MatchingOptions> matching, ILogger<VideoProcessor> logger)
    {
        _frames = frames ?? throw new ArgumentNullException(nameof(frames));
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _knownFaces = knownFaces ?? throw new ArgumentNullException(nameof(knownFaces));
        _records = records ?? throw new ArgumentNullException(nameof(records));
        _matching = (matching ?? throw new ArgumentNullException(nameof(matching))).Value;
        _matching.Validate();
        _logger = logger;
    }

    public async Task<VideoResult> ProcessAsync(string videoPath, RecognitionMode mode, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(videoPath);
        var started = Stopwatch.GetTimestamp();
        var matcher = new FaceMatcher(await _knownFaces.GetAllAsync(cancellationToken).ConfigureAwait(false), _matching.Tolerance);
        var sightings = new SightingLog(matcher.Tolerance);
        var frames = 0;
        try
        {
            await foreach (var frame in _frames.ReadFramesAsync(videoPath, cancellationToken).ConfigureAwait(false))
            {
                frames++;
                var faces = _engine.FindFaces(frame.Image, cancellationToken);
                foreach (var face in mode == RecognitionMode.First ? faces.Take(1) : faces)
                {
                    var (name, distance) = matcher.Match(face.Descriptor);
                    sightings.Add(name, distance, frame.Time, face);
                }

                if (mode == RecognitionMode.First && faces.Count > 0)
                {
                    break; // leaving the loop ends ffmpeg: the answer is known
                }
            }
        }
        catch (VideoDecodeException e)
        {
            LogUndecodable(_logger, videoPath, e.Reason ?? e.Message);
            return new VideoResult(videoPath, VideoStatus.Error, [], 0, e.Reason ?? e.Message);
        }

        var students = new List<StudentSighting>(sightings.Known.Count);
        foreach (var seen in sightings.Known)
        {
            var record = await _records.FindAsync(seen.Name, cancellationToken).ConfigureAwait(false);
            students.Add(new StudentSighting(seen.Name, record?.Major, record?.Year, seen.Distance, seen.Time, seen.Box));
        }

        var status = students.Count > 0
            ? students.Any(s => s.Major is not null) ? VideoStatus.Recognized : VideoStatus.NoRecord
            : sightings.Unknown > 0 ? VideoStatus.UnknownPerson : VideoStatus.NoFace;
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogProcessed(_logger, videoPath, mode, status, students.Count, sightings.Unknown, frames, elapsed);
        return new VideoResult(videoPath, status, students, sightings.Unknown);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Video} cannot be processed: {Reason}")]
    private static partial void LogUndecodable(ILogger logger, string video, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Video} ({Mode}): {Status}, {Students} known, {Unknown} unknown, {Frames} frames, {Milliseconds:F0} ms")]
    private static partial void LogProcessed(ILogger logger, string video, RecognitionMode mode, VideoStatus status, int students, int unknown, int frames, double milliseconds);

    /// <summary>Who was seen: each known person once (first time seen, best distance and its box); unknown faces grouped by likeness.</summary>
    private sealed class SightingLog(double tolerance)
    {
        private readonly List<float[]> _unknown = [];

        public List<(string Name, double Distance, TimeSpan Time, FaceBox Box)> Known { get; } = [];

        public int Unknown => _unknown.Count;

        public void Add(string? name, double distance, TimeSpan time, DetectedFace face)
        {
            if (name is null)
            {
                // The same stranger in several frames counts once: a face within tolerance of an earlier unknown one is that one.
                if (!_unknown.Any(u => FaceMatching.FaceDistance(u, face.Descriptor) <= tolerance))
                {
                    _unknown.Add(face.Descriptor);
                }

                return;
            }

            var i = Known.FindIndex(k => k.Name == name);
            if (i < 0)
            {
                Known.Add((name, distance, time, face.Box));
            }
            else if (distance < Known[i].Distance)
            {
                Known[i] = (name, distance, Known[i].Time, Known[i].Box); // time and box stay those of the first sighting
            }
        }
    }
}
