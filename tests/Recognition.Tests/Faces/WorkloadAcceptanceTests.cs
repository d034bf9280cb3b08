using Classroom.Recognition.Faces;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Tests.Support;
using Classroom.Recognition.Video;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Classroom.Recognition.Tests.Faces;

/// <summary>
/// The original's real workload (../shared/cse546): each clip's first face — the most confident face of the first
/// sampled frame that has one, frames as the product decodes them — must be nearest to the right person in the
/// original's encoding.dat (dlib descriptors from face_recognition), and under the 0.6 tolerance.
/// </summary>
[Collection(FaceEngineGroup.Name)]
public sealed class WorkloadAcceptanceTests(FaceEngineFixture fixture, ITestOutputHelper output)
{
    /// <summary>From ../shared/cse546/README.md.</summary>
    private static readonly (string Clip, string Person)[] Expected =
    [
        ("test_0", "president_trump"), ("test_1", "president_biden"), ("test_2", "mr_bean"), ("test_4", "johnny_dep"),
        ("test_5", "vin_diesel"), ("test_6", "floki"), ("test_7", "morgan_freeman"), ("test_8", "president_obama"),
    ];

    [AcceptanceFact]
    public async Task Each_clips_first_face_is_nearest_to_the_right_person()
    {
        var known = KnownFacesFile.Read(SharedWorkload.PathOf("encoding.dat"));
        var frames = new FFmpegFrameSource(Options.Create(new VideoOptions()), NullLogger<FFmpegFrameSource>.Instance);
        var failures = new List<string>();
        double worst = 0, smallestMargin = double.MaxValue;
        foreach (var (clip, person) in Expected)
        {
            DetectedFace? face = null;
            var frameIndex = -1;
            await foreach (var frame in frames.ReadFramesAsync(SharedWorkload.PathOf($"videos/{clip}.mp4"), CancellationToken.None))
            {
                if (fixture.Engine.FindFaces(frame.Image) is [var first, ..])
                {
                    (face, frameIndex) = (first, frame.Index);
                    break;
                }
            }

            if (face is null)
            {
                failures.Add($"{clip}: no face in any frame");
                continue;
            }

            var distances = known.Select(k => (k.Name, Distance: FaceMatching.FaceDistance(k.Descriptor, face.Descriptor))).OrderBy(d => d.Distance).ToList();
            var right = distances.First(d => d.Name == person).Distance;
            var secondBest = distances.Where(d => d.Name != person).Min(d => d.Distance);
            (worst, smallestMargin) = (Math.Max(worst, right), Math.Min(smallestMargin, secondBest - right));
            output.WriteLine($"{clip} frame {frameIndex}: {person} {right:F3}, margin to the next person {secondBest - right:F3}; all: " +
                             string.Join(", ", distances.Select(d => $"{d.Name} {d.Distance:F3}")));
            if (distances[0].Name != person || right >= FaceMatching.DefaultTolerance)
            {
                failures.Add($"{clip}: nearest is {distances[0].Name} {distances[0].Distance:F3}, {person} is {right:F3}");
            }
        }

        output.WriteLine($"worst distance {worst:F3} (goal ≤ 0.50), smallest margin {smallestMargin:F3} (goal ≥ 0.15); face-api's box crop: 0.551 and 0.12");
        Assert.Empty(failures);
    }
}
