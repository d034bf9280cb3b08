using System.Diagnostics;
using System.Text;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Tests.Support;
using Xunit.Abstractions;

namespace Classroom.Recognition.Tests.Roster;

/// <summary>
/// Mutations of valid files (byte changes, truncations, insertions, deletions, duplicated ranges) through both loaders:
/// each case is a valid load or an <see cref="InvalidDataException"/> of one line — never another exception, which the
/// CLI would print as a stack trace. Case <c>i</c> mutates with <c>new Random(i)</c>, so a failure names its case and
/// reproduces alone.
/// </summary>
public sealed class LoaderFuzzTests(ITestOutputHelper output)
{
    /// <summary>A few thousand cases per loader: 5 000 run in under half a second here (the seeds are a few KB); 200 000 of each were run once, clean.</summary>
    private const int Cases = 5000;

    /// <summary>
    /// No case of a few KB may take long: a loader reads such a file in microseconds, so a second means a quadratic or
    /// unbounded path (such as the unpickler's POP_MARK), not a busy machine.
    /// </summary>
    private static readonly TimeSpan SlowestAllowed = TimeSpan.FromSeconds(1);

    private static readonly byte[] Interesting = [0, 1, 0x7f, 0x80, 0xff, (byte)'(', (byte)')', (byte)'e', (byte)'t', (byte)'h', (byte)'.', (byte)'"', (byte)'\\', (byte)'{', (byte)'[', (byte)',', (byte)'\n'];

    private static double[] Vector(int seed) => [.. Enumerable.Range(0, 128).Select(i => Math.Sin(seed + (i * 0.37)) * 0.2)];

    /// <summary>Every layout the faces loader reads: the original's pickle (both numpy module names), a 2-D array in either order, lists of floats, a memo reference, our JSON.</summary>
    private static List<byte[]> FaceSeeds()
    {
        string[] names = ["ada", "grace", "ada"];
        double[][] vectors = [Vector(1), Vector(2), Vector(3)];
        using var json = new MemoryStream();
        KnownFacesFile.Write(json, names.Zip(vectors, (n, v) => new KnownFace(n, [.. v.Select(x => (float)x)])));
        return
        [
            PickleWriter.FaceRecognitionEncodings(names, vectors),
            PickleWriter.FaceRecognitionEncodings(names[..1], vectors[..1], "numpy._core.multiarray"),
            PickleWriter.Matrix(names, vectors),
            PickleWriter.Matrix(names, vectors, fortran: true),
            PickleWriter.FloatLists(names[..2], vectors[..2]),
            PickleWriter.RepeatedReferences(2, Vector(4)),
            json.ToArray(),
        ];
    }

    private static List<byte[]> StudentSeeds()
    {
        using var written = new MemoryStream();
        StudentRecordsFile.Write(written, [new StudentRecord("mr_bean", "lawyer", "freshmen", 1), new StudentRecord("flóki", "history", "junior")]);
        const string original = """
            [ {"id": 1, "name": "mr_bean", "major": "lawyer", "year": "freshmen"},
              {"id": "2", "name": " floki ", "major": "history", "year": 3}, // a comment
              {"name": "no_id", "major": null, "year": "senior"}, ]
            """;
        return [written.ToArray(), Encoding.UTF8.GetBytes(original)];
    }

    [Fact]
    public void Mutated_known_faces_files_load_or_fail_with_the_loaders_error()
    {
        var outcome = Fuzz(FaceSeeds(), bytes =>
        {
            var faces = KnownFacesFile.Read(new MemoryStream(bytes), "fuzz");
            Assert.InRange(faces.Count, 0, KnownFacesFile.MaxFaces);
            Assert.All(faces, f =>
            {
                Assert.False(string.IsNullOrWhiteSpace(f.Name));
                Assert.Equal(KnownFacesFile.DescriptorLength, f.Descriptor.Length);
                Assert.All(f.Descriptor, v => Assert.True(float.IsFinite(v)));
            });
        });

        // Both outcomes occur, or the mutations would not be testing the loader: a change inside the float data
        // still loads, a change in the structure does not.
        Assert.InRange(outcome.Loaded, Cases / 20, Cases);
        Assert.InRange(outcome.Refused, Cases / 4, Cases);
    }

    [Fact]
    public void Mutated_student_records_load_or_fail_with_the_loaders_error()
    {
        var outcome = Fuzz(StudentSeeds(), bytes =>
        {
            var records = StudentRecordsFile.Read(new MemoryStream(bytes), "fuzz");
            Assert.All(records, r => Assert.NotNull(r.Name));
        });

        Assert.InRange(outcome.Loaded, Cases / 20, Cases);
        Assert.InRange(outcome.Refused, Cases / 4, Cases);
    }

    private (int Loaded, int Refused) Fuzz(List<byte[]> seeds, Action<byte[]> load)
    {
        foreach (var seed in seeds)
        {
            load(seed); // the seeds themselves are valid
        }

        var (loaded, refused, failures, slowest) = (0, 0, new List<string>(), TimeSpan.Zero);
        var total = Stopwatch.StartNew();
        for (var i = 0; i < Cases; i++)
        {
            var random = new Random(i);
            var (bytes, how) = Mutate(seeds[i % seeds.Count], random);
            var watch = Stopwatch.StartNew();
            try
            {
                load(bytes);
                loaded++;
            }
            catch (InvalidDataException e) when (!e.Message.Contains('\n') && e.Message.StartsWith("fuzz: ", StringComparison.Ordinal))
            {
                refused++;
            }
            catch (Exception e)
            {
                failures.Add($"case {i} (seed {i % seeds.Count}, {how}): {e.GetType().Name}: {e.Message}");
            }

            if (watch.Elapsed > slowest)
            {
                slowest = watch.Elapsed;
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {Cases} cases failed:\n" + string.Join('\n', failures.Take(10)));
        Assert.True(slowest < SlowestAllowed, $"the slowest case took {slowest.TotalMilliseconds:F0} ms");
        output.WriteLine($"{Cases} cases in {total.Elapsed.TotalMilliseconds:F0} ms: {loaded} loaded, {refused} refused; slowest {slowest.TotalMilliseconds:F1} ms");
        return (loaded, refused);
    }

    /// <summary>One to three mutations of a copy of <paramref name="seed"/>, and what they were (for a failure's report).</summary>
    private static (byte[] Bytes, string How) Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var how = new List<string>();
        for (var n = random.Next(1, 4); n > 0 && bytes.Count > 0; n--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    how.Add($"set {at}");
                    break;
                case 1:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    how.Add($"bit flip {at}");
                    break;
                case 2:
                    bytes[at] = Interesting[random.Next(Interesting.Length)];
                    how.Add($"interesting byte {at}");
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    how.Add($"truncate {at}");
                    break;
                case 4:
                    var inserted = new byte[random.Next(1, 17)];
                    random.NextBytes(inserted);
                    bytes.InsertRange(at, inserted);
                    how.Add($"insert {inserted.Length} at {at}");
                    break;
                case 5:
                    var length = Math.Min(random.Next(1, 65), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    how.Add($"duplicate {at}+{length}");
                    break;
                default:
                    var cut = Math.Min(random.Next(1, 65), bytes.Count - at);
                    bytes.RemoveRange(at, cut);
                    how.Add($"delete {at}+{cut}");
                    break;
            }
        }

        return ([.. bytes], string.Join(", ", how));
    }
}
