using Classroom.Cli.Demo;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Roster;

namespace Classroom.Benchmarks;

/// <summary>What <c>bench pipeline</c> runs on: a 2 s 1080p clip, a 100-video folder, and the roster files for them.</summary>
internal sealed record BenchInputs(string Description, string Clip, string Workload, string Faces, string Students)
{
    public static async Task<BenchInputs> PrepareAsync(IFaceEngine engine, string temp, CancellationToken cancellationToken)
    {
        var workload = Path.Combine(temp, "workload");
        var cse546 = Workloads.FindCse546(Workloads.RepositoryRoot());
        if (cse546 is not null)
        {
            var count = Workloads.Materialise(cse546, workload);
            return new BenchInputs($"{cse546} (test_1.mp4: 2.1 s 1920x1080 H.264; workload-100.csv materialised: {count} videos)",
                Path.Combine(cse546, "videos", "test_1.mp4"), workload, Path.Combine(cse546, "encoding.dat"), Path.Combine(cse546, "student_data.json"));
        }

        // No reference workload here: the demo cast, a 1080p clip and 100 copies of four 720p clips.
        var cast = DemoCast.Build(engine, DemoCast.FindPhotoFolder(), cancellationToken);
        var ffmpeg = "ffmpeg";
        var clip = Path.Combine(temp, "clip-1080p.mp4");
        await SampleVideos.MakeAsync(ffmpeg, clip, [cast.Student("ada").Shot(2)], 1920, 1080, cancellationToken: cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(workload);
        var sources = new List<string>();
        foreach (var name in new[] { "ada", "grace", "hedy", "radia" })
        {
            var path = Path.Combine(temp, name + ".mp4");
            await SampleVideos.MakeAsync(ffmpeg, path, [cast.Student(name).Shot(2)], 1280, 720, cancellationToken: cancellationToken).ConfigureAwait(false);
            sources.Add(path);
        }

        for (var i = 0; i < 100; i++)
        {
            File.Copy(sources[i % sources.Count], Path.Combine(workload, $"video_{i}.mp4"));
        }

        var faces = Path.Combine(temp, "faces.json");
        KnownFacesFile.Write(faces, cast.Students.Select(s => new KnownFace(s.Name, s.Descriptor)));
        var students = Path.Combine(temp, "students.json");
        using (var stream = File.Create(students))
        {
            StudentRecordsFile.Write(stream, cast.Students.Where(s => s.Record is not null).Select(s => s.Record!));
        }

        return new BenchInputs("demo cast from face-api's sample photos (../shared/cse546 absent): 2 s 1920x1080 clip; 100 copies of four 2 s 720p clips",
            clip, workload, faces, students);
    }
}
