using Classroom.Recognition.Faces;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Roster;

namespace Classroom.Cli.Demo;

/// <summary>A person of the sample cast: where their face is in which photo, its descriptor, and their record (null: enrolled without one).</summary>
internal sealed record CastMember(string Name, string Photo, int PhotoWidth, int PhotoHeight, FaceBox Box, float[] Descriptor, StudentRecord? Record)
{
    /// <summary>The face and a little around it (square).</summary>
    public Crop Region => SampleVideos.AroundFace(Box.X, Box.Y, Box.Width, Box.Height, PhotoWidth, PhotoHeight);

    public Shot Shot(double seconds) => new(Photo, Region, seconds);
}

/// <summary>
/// A sample roster made from the face photos shipped with @vladmandic/face-api (demo/sample1..6.jpg): the face engine
/// finds the faces; one clearly different person per photo becomes a student; the people unlike all of them are
/// strangers nobody enrolled, the least like any student being the visitor. Names and records are invented.
/// </summary>
internal sealed record DemoCast(IReadOnlyList<CastMember> Students, IReadOnlyList<CastMember> Strangers)
{
    /// <summary>The stranger least like every student.</summary>
    public CastMember Visitor => Strangers[0];

    public const string PhotoFolder = "node_modules/@vladmandic/face-api/demo";

    /// <summary>Students are picked at least this far apart (beyond the 0.6 match tolerance), so each video has one right answer.</summary>
    private const double DistinctPeople = 0.65;

    /// <summary>The visitor is the face farthest from every student, and at least this far.</summary>
    private const double DistinctVisitor = 0.68;

    private static readonly StudentRecord?[] Records =
    [
        new("ada", "computer_science", "junior", 1),
        new("grace", "mathematics", "senior", 2),
        new("hedy", "physics", "sophomore", 3),
        new("katherine", "history", "freshman", 4),
        new("radia", "biology", "junior", 5),
        null, // barbara: enrolled, but the registrar has no record of her
    ];

    private static readonly string[] Names = ["ada", "grace", "hedy", "katherine", "radia", "barbara"];

    public CastMember Student(string name) => Students.First(s => s.Name == name);

    public static string FindPhotoFolder()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, PhotoFolder);
                if (File.Exists(Path.Combine(candidate, "sample1.jpg")))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException($"{PhotoFolder}/sample1..6.jpg not found: run scripts/setup.sh (npm ci) in the repository.");
    }

    public static DemoCast Build(IFaceEngine engine, string photoFolder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var candidates = new List<(string Photo, int Width, int Height, DetectedFace Face, int Rank)>();
        for (var n = 1; n <= 6; n++)
        {
            var photo = Path.Combine(photoFolder, $"sample{n}.jpg");
            var image = ImageFiles.Load(photo);
            var faces = engine.FindFaces(image, cancellationToken);
            candidates.AddRange(faces.Select((f, rank) => (photo, image.Width, image.Height, f, rank)));
        }

        var students = new List<CastMember>();
        foreach (var photo in candidates.Select(c => c.Photo).Distinct())
        {
            // The largest face of each photo that is unlike everyone picked so far.
            var pick = candidates.Where(c => c.Photo == photo && c.Face.Box.Width >= 60)
                .FirstOrDefault(c => students.All(s => FaceMatching.FaceDistance(s.Descriptor, c.Face.Descriptor) > DistinctPeople));
            if (pick.Photo is not null && students.Count < Names.Length)
            {
                var i = students.Count;
                students.Add(new CastMember(Names[i], pick.Photo, pick.Width, pick.Height, pick.Face.Box, pick.Face.Descriptor, Records[i]));
            }
        }

        if (students.Count < Names.Length)
        {
            throw new InvalidOperationException($"The sample photos gave {students.Count} distinct faces; the demo needs {Names.Length}.");
        }

        var strangers = candidates
            .Where(c => c.Face.Box.Width >= 60 && !students.Any(s => s.Descriptor == c.Face.Descriptor))
            .Select(c => (c, Nearest: students.Min(s => FaceMatching.FaceDistance(s.Descriptor, c.Face.Descriptor))))
            .Where(x => x.Nearest > DistinctVisitor)
            .OrderByDescending(x => x.Nearest)
            .Select((x, i) => new CastMember(i == 0 ? "visitor" : $"stranger{i}", x.c.Photo, x.c.Width, x.c.Height, x.c.Face.Box, x.c.Face.Descriptor, null))
            .ToList();
        return strangers.Count == 0
            ? throw new InvalidOperationException("The sample photos have no face unlike every student to play the visitor.")
            : new DemoCast(students, strangers);
    }
}
