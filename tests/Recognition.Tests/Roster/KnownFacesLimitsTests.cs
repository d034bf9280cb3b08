using System.Diagnostics;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Tests.Support;

namespace Classroom.Recognition.Tests.Roster;

/// <summary>
/// A small pickle must not cost more than its size: memo references (BINGET, two bytes each) let a 4 MB file name one
/// 128-value array a million times. The loader bounds the faces (<see cref="KnownFacesFile.MaxFaces"/>) and counts every
/// reference's values against a budget of a quarter of the file's bytes (a stored value takes at least 4 bytes).
/// </summary>
public sealed class KnownFacesLimitsTests
{
    /// <summary>
    /// The bound on what loading may allocate, as a multiple of the file's size. Reading the file costs at most 3×
    /// (a MemoryStream that doubles, then its copy); the unpickler pushes one 8-byte reference per 2-byte BINGET, kept
    /// on a stack that doubles (16 bytes per reference at most), copied once by APPENDS (8) and into a list that
    /// doubles (16): 40 bytes per reference, 20 per byte of file. 32× covers both with room; the unbounded loader
    /// allocated about 400× (1.6 GB for 4 MB).
    /// </summary>
    private const long AllocatedPerFileByte = 32;

    private static double[] Vector(int seed) => [.. Enumerable.Range(0, 128).Select(i => Math.Sin(seed + (i * 0.37)) * 0.2)];

    [Fact]
    public void A_million_references_to_one_array_are_refused_quickly_with_memory_proportional_to_the_file()
    {
        // Appended in batches of 1000 as Python's pickler does, so only the count of faces can refuse it.
        var bytes = PickleWriter.RepeatedReferences(1_000_000, Vector(1));
        Assert.InRange(bytes.Length, 3_900_000, 4_100_000); // the 4 MB file

        var (error, allocated, elapsed) = Measure(bytes);

        Assert.Contains($"1000000 faces; at most {KnownFacesFile.MaxFaces}", error.Message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, AllocatedPerFileByte * bytes.Length);

        // Unbounded, this file took 5-8 s here; refused once its lists are read, well under a second. 2 s leaves a
        // busy 2-core machine room and still fails a loader that converts every reference.
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void A_million_references_in_one_batch_are_refused_before_the_unpickler_runs()
    {
        // One MARK … APPENDS batch: a million values pending on the unpickler's stack, refused by the opcode scan.
        var bytes = PickleWriter.RepeatedReferences(1_000_000, Vector(1), batch: int.MaxValue);

        var (error, allocated, _) = Measure(bytes);

        Assert.Contains("values on the stack", error.Message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, AllocatedPerFileByte * bytes.Length);
    }

    [Fact]
    public void References_within_the_face_limit_still_count_their_values_against_the_files_size()
    {
        // 100 000 faces are allowed, but 100 000 references to one array would be 12.8 M values from 400 KB.
        var bytes = PickleWriter.RepeatedReferences(KnownFacesFile.MaxFaces, Vector(1));

        var (error, allocated, _) = Measure(bytes);

        Assert.Contains("more values than", error.Message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, AllocatedPerFileByte * bytes.Length);
    }

    [Fact]
    public void A_reference_the_files_size_pays_for_is_read_like_a_copy()
    {
        // Python writes a memo reference for a list that holds one array twice: legal, and cheap enough to read,
        // as long as the values read stay within a quarter of the file's bytes.
        var two = PickleWriter.RepeatedReferences(2, Vector(1));
        var three = PickleWriter.RepeatedReferences(3, Vector(1));
        Assert.True(2 * 128 <= two.Length / 4 && 3 * 128 > three.Length / 4, "the fixture straddles the budget");

        var faces = KnownFacesFile.Read(new MemoryStream(two), "encoding");

        Assert.Equal(2, faces.Count);
        Assert.Equal(faces[0].Descriptor, faces[1].Descriptor);
        Assert.NotSame(faces[0].Descriptor, faces[1].Descriptor); // a face's descriptor is its own array
        var e = Assert.Throws<InvalidDataException>(() => KnownFacesFile.Read(new MemoryStream(three), "encoding"));
        Assert.Contains("more values than", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_file_with_more_faces_than_the_limit_is_refused()
    {
        // The count is checked before any face is, so faces without a descriptor keep this file at 3 MB.
        const string face = "{\"name\":\"a\",\"descriptor\":[]}";
        var json = "{\"format\":\"classroom-known-faces\",\"version\":1,\"faces\":["
            + string.Join(',', Enumerable.Repeat(face, KnownFacesFile.MaxFaces + 1)) + "]}";

        var e = Assert.Throws<InvalidDataException>(() => KnownFacesFile.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), "f.json"));

        Assert.Contains($"{KnownFacesFile.MaxFaces + 1} faces; at most {KnownFacesFile.MaxFaces}", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Loads on this thread, so the thread's allocation counter sees the loader's allocations and no other test's.</summary>
    private static (InvalidDataException Error, long Allocated, TimeSpan Elapsed) Measure(byte[] bytes)
    {
        var stream = new MemoryStream(bytes);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var error = Assert.Throws<InvalidDataException>(() => KnownFacesFile.Read(stream, "encoding.dat"));
        watch.Stop();
        return (error, GC.GetAllocatedBytesForCurrentThread() - before, watch.Elapsed);
    }
}
