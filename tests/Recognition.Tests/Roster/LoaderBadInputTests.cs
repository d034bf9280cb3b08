using System.Text;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Tests.Support;
using static Classroom.Recognition.Tests.Support.PickleWriter;

namespace Classroom.Recognition.Tests.Roster;

/// <summary>
/// Each file that once crashed a loader (an exception other than <see cref="InvalidDataException"/>, so a stack trace
/// and exit 1 in the CLI) is refused with one line saying what is wrong.
/// </summary>
public sealed class LoaderBadInputTests
{
    private static double[] Vector(int seed) => [.. Enumerable.Range(0, 128).Select(i => Math.Sin(seed + (i * 0.37)) * 0.2)];

    public static TheoryData<string, byte[], string> BadPickles() => new()
    {
        { "an encoding that is a str", Document([Unicode("ada")], List([Unicode("x")])), "encoding #1 is a str, not an array" },
        { "an encoding that is a dict", Document([Unicode("ada")], List([[(byte)'}']])), "encoding #1 is a dict, not an array" },
        { "an encoding list of strs", Document([Unicode("ada")], List([List(Enumerable.Repeat(Unicode("x"), 128))])), "encoding #1 holds a str, not a number" },
        { "an encoding list with None", Document([Unicode("ada")], List([List([.. Enumerable.Repeat(BinFloat(0.1), 127), [(byte)'N']])])), "encoding #1 holds a None, not a number" },
        { "an encoding list of 128 Nones (1 byte each)", Document([Unicode("ada")], List([List(Enumerable.Repeat<byte[]>([(byte)'N'], 128))])), "more values than a file of 173 bytes stores" },
        { "a name that is a dict", Document([[(byte)'}']], List([Array(Vector(1), [128], "f8")])), "name #1 is a dict, not a str" },
        { "'encoding' that is a dict", Document([Unicode("ada")], [(byte)'}']), "neither a list of arrays nor a 2-D array" },
        { "a shape that wraps to 128 in 32 bits", Document([Unicode("ada")], List([Array(Vector(1), [128, 33_554_433], "f8")])), "shape (128, 33554433) does not fit" },
        { "a 2-D shape that wraps to 128 in 32 bits", Document([Unicode("ada")], Array(Vector(1), [128, 33_554_433], "f8")), "shape (128, 33554433) does not fit" },
        { "a shape that wraps to 0", Document([Unicode("ada")], List([Array(Vector(1), [65_536, 65_536], "f8")])), "shape (65536, 65536) does not fit" },
        { "negative dimensions whose product is 128", Document([Unicode("ada")], Array(Vector(1), [-1, -128], "f8")), "shape (-1, -128) has a negative dimension" },
        { "a shape whose product overflows 64 bits", Document([Unicode("ada")], List([Array(Vector(1), [int.MaxValue, int.MaxValue, int.MaxValue], "f8")])), "does not fit" },
        { "a dimension beyond 64 bits' worth of values", Document([Unicode("ada")], List([Array(Vector(1), [1L << 40], "f8")])), "does not fit" },
        { "a value too large for float32", Document([Unicode("ada")], List([Array([1e300, .. Vector(1)[1..]], [128], "f8")])), "is not 128 finite numbers" },
        { "an unknown opcode", [0x80, 3, 0xfe, (byte)'.'], "unknown opcode 0xfe at byte 2" },
        { "POP_MARK (quadratic in the unpickler)", [0x80, 3, (byte)'(', (byte)'1', (byte)'N', (byte)'.'], "POP_MARK at byte 3 is not read" },
        { "APPENDS without a MARK", [0x80, 3, (byte)']', (byte)'e', (byte)'.'], "APPENDS at byte 3 without a MARK" },
        { "APPEND to nothing", [0x80, 3, (byte)'N', (byte)'a', (byte)'.'], "APPEND at byte 3 takes more values than the stack holds" },
        { "APPENDS to None", [0x80, 3, (byte)'N', (byte)'(', (byte)'N', (byte)'e', (byte)'.'], "not a readable pickle" },
        { "a negative length", [0x80, 3, (byte)'X', 0xff, 0xff, 0xff, 0xff, (byte)'.'], "negative length at byte 2" },
        { "protocol 6", [0x80, 6, (byte)'N', (byte)'.'], "protocol 6" },
    };

    [Theory]
    [MemberData(nameof(BadPickles))]
    public void A_bad_pickle_is_refused_in_one_line(string what, byte[] bytes, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => KnownFacesFile.Read(new MemoryStream(bytes), "encoding"));

        Assert.True(e.Message.Contains(message, StringComparison.Ordinal), $"{what}: {e.Message}");
        Assert.StartsWith("encoding: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Every_truncation_of_a_valid_pickle_says_it_is_cut_off()
    {
        // Every prefix, not a sample: a cut can fall inside any opcode's argument and each must be caught.
        var bytes = FaceRecognitionEncodings(["ada", "grace"], [Vector(1), Vector(2)]);
        Assert.Equal(2, KnownFacesFile.Read(new MemoryStream(bytes)).Count);

        for (var length = 1; length < bytes.Length; length++)
        {
            var e = Assert.Throws<InvalidDataException>(() => KnownFacesFile.Read(new MemoryStream(bytes[..length]), "encoding"));
            Assert.True(e.Message.Contains("cut off", StringComparison.Ordinal), $"{length} bytes: {e.Message}");
        }
    }

    [Theory]
    [InlineData(new byte[] { 0xff }, 13)]
    [InlineData(new byte[] { 0xc3 }, 13)] // a lead byte whose continuation is the closing quote
    [InlineData(new byte[] { 0xed, 0xa0, 0x80 }, 13)] // an encoded UTF-16 surrogate (CESU-8), not UTF-8
    [InlineData(new byte[] { 0xc0, 0xaf }, 13)] // an overlong '/'
    public void Student_records_that_are_not_utf8_are_refused_at_the_bad_byte(byte[] bad, int offset)
    {
        byte[] json = [.. "[{\"name\": \"ad"u8, .. bad, .. "\"}]"u8];

        var e = Assert.Throws<InvalidDataException>(() => StudentRecordsFile.Read(new MemoryStream(json), "s.json"));

        Assert.Equal($"s.json: not UTF-8 text (invalid byte at offset {offset}).", e.Message);
    }

    [Fact]
    public void Known_faces_json_that_is_not_utf8_is_refused()
    {
        var bytes = Encoding.Latin1.GetBytes("{\"format\":\"classroom-known-faces\",\"version\":1,\"faces\":[{\"name\":\"a\u00ff\"}]}");

        var e = Assert.Throws<InvalidDataException>(() => KnownFacesFile.Read(new MemoryStream(bytes), "f.json"));

        Assert.Equal("f.json: not UTF-8 text (invalid byte at offset 65).", e.Message);
    }

    [Fact]
    public void Names_in_errors_cannot_break_the_line()
    {
        var json = "{\"format\":\"classroom-known-faces\",\"version\":1,\"faces\":[{\"name\":\"a\\nb\\u001b[31m\",\"descriptor\":[1]}]}";

        var e = Assert.Throws<InvalidDataException>(() => KnownFacesFile.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "f.json"));

        Assert.Equal("f.json: face #1 (a\\nb\\u001b[31m) is not 128 finite numbers.", e.Message);
    }
}
