using Classroom.Recognition.Roster;
using Classroom.Recognition.Tests.Support;

namespace Classroom.Recognition.Tests.Roster;

public sealed class RosterFileTests
{
    private static double[] Vector(int seed) => [.. Enumerable.Range(0, 128).Select(i => Math.Sin(seed + (i * 0.37)) * 0.2)];

    [Theory]
    [InlineData("numpy.core.multiarray")]
    [InlineData("numpy._core.multiarray")]
    public void Reads_the_originals_pickle_as_numpy_writes_it(string numpyModule)
    {
        var bytes = PickleWriter.FaceRecognitionEncodings(["mr_bean", "floki"], [Vector(1), Vector(2)], numpyModule);

        var faces = KnownFacesFile.Read(new MemoryStream(bytes));

        Assert.Equal(["mr_bean", "floki"], faces.Select(f => f.Name));
        Assert.All(faces, f => Assert.Equal(128, f.Descriptor.Length));

        // float64 in, float32 kept: equal to float precision (relative 1e-7 of values around 0.2).
        Assert.Equal(Vector(2).Select(v => (float)v), faces[1].Descriptor);
    }

    [Fact]
    public void Our_json_format_round_trips()
    {
        var faces = new[] { new KnownFace("ada", [.. Vector(3).Select(v => (float)v)]), new KnownFace("ada", [.. Vector(4).Select(v => (float)v)]) };
        using var stream = new MemoryStream();
        KnownFacesFile.Write(stream, faces);

        var back = KnownFacesFile.Read(new MemoryStream(stream.ToArray()));

        Assert.Equal(faces.Select(f => f.Name), back.Select(f => f.Name));
        Assert.Equal(faces[1].Descriptor, back[1].Descriptor);
        Assert.Contains("\"format\": \"classroom-known-faces\"", System.Text.Encoding.UTF8.GetString(stream.ToArray()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "file is empty")]
    [InlineData("hello", "neither a face_recognition pickle")]
    [InlineData("{\"format\":\"other\"}", "not a classroom-known-faces file")]
    [InlineData("{\"format\":\"classroom-known-faces\",\"version\":9,\"faces\":[]}", "version 9 is not supported")]
    [InlineData("{\"format\":\"classroom-known-faces\",\"version\":1,\"faces\":[{\"name\":\"x\",\"descriptor\":[1,2]}]}", "is not 128 finite numbers")]
    [InlineData("{\"format\":", "invalid JSON")]
    public void Bad_faces_files_say_what_is_wrong(string content, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => KnownFacesFile.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)), "f.json"));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pickle_with_mismatched_lists_is_refused()
    {
        var bytes = PickleWriter.FaceRecognitionEncodings(["a", "b"], [Vector(1)]);
        var e = Assert.Throws<InvalidDataException>(() => KnownFacesFile.Read(new MemoryStream(bytes), "encoding"));
        Assert.Contains("2 names but 1 encodings", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_student_data_json_as_the_original_wrote_it()
    {
        const string json = """
            [
              {"id": 1, "name": "mr_bean", "major": "lawyer", "year": "freshmen"
                }, 
              {"id": "2", "name": " floki ", "major": "history", "year": "junior"},
              {"name": "no_id", "major": "math", "year": 3}
            ]
            """;
        var records = StudentRecordsFile.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));

        Assert.Equal(
            [new StudentRecord("mr_bean", "lawyer", "freshmen", 1), new StudentRecord("floki", "history", "junior", 2), new StudentRecord("no_id", "math", "3")],
            records);
    }

    [Theory]
    [InlineData("{}", "expected a JSON array")]
    [InlineData("[{\"major\":\"x\"}]", "record #1 has no name")]
    [InlineData("[1]", "record #1 is not an object")]
    [InlineData("[{\"name\":\"a\",\"id\":\"x\"}]", "not an integer")]
    public void Bad_student_files_say_what_is_wrong(string json, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => StudentRecordsFile.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), "s.json"));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [AcceptanceFact]
    public void Acceptance_reads_the_originals_encoding_dat_and_student_data()
    {
        var faces = KnownFacesFile.Read(SharedWorkload.PathOf("encoding.dat"));
        var students = StudentRecordsFile.Read(SharedWorkload.PathOf("student_data.json"));

        Assert.Equal(11, faces.Count);
        Assert.Equal("vin_diesel", faces[0].Name);
        Assert.Contains(faces, f => f.Name == "president_trump");

        // dlib descriptors are unit-free but bounded: every component of the original's encodings lies in (-1, 1).
        Assert.All(faces, f => Assert.All(f.Descriptor, v => Assert.InRange(v, -1f, 1f)));
        Assert.Contains(new StudentRecord("mr_bean", "lawyer", "freshmen", 1), students);
    }
}
