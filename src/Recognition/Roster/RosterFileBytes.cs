using System.Buffers;
using System.Globalization;
using System.Text;

namespace Classroom.Recognition.Roster;

/// <summary>What the roster files' loaders share: the bounded read, the UTF-8 check of JSON, and text from a file made safe for a one-line error.</summary>
internal static class RosterFileBytes
{
    /// <summary>Refuse files beyond this size: ~64 MB is over 50,000 faces in either format, and far more student records than a school has.</summary>
    internal const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>How much of a name or value from a file an error message quotes.</summary>
    internal const int QuotedLength = 64;

    internal static byte[] ReadBounded(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > MaxBytes)
            {
                throw new InvalidDataException($"{name}: larger than {MaxBytes / (1024 * 1024)} MB.");
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Refuses bytes that are not UTF-8, naming the first bad byte. System.Text.Json checks UTF-8 only when it turns a
    /// string into text, and then throws InvalidOperationException, not JsonException: checked here, before parsing.
    /// </summary>
    internal static void RequireUtf8(ReadOnlySpan<byte> data, string name)
    {
        if (System.Text.Unicode.Utf8.IsValid(data))
        {
            return;
        }

        var at = 0;
        while (at < data.Length)
        {
            var status = Rune.DecodeFromUtf8(data[at..], out _, out var consumed);
            if (status != OperationStatus.Done)
            {
                throw new InvalidDataException($"{name}: not UTF-8 text (invalid byte at offset {at}).");
            }

            at += consumed;
        }
    }

    /// <summary>
    /// Text from a file as an error quotes it: control characters (a newline, a terminal escape) written as \n or
    /// \uXXXX, so that the error stays one line and cannot drive the terminal, and cut to <paramref name="maxLength"/> characters.
    /// </summary>
    internal static string Printable(string? text, int maxLength = QuotedLength)
    {
        if (text is null)
        {
            return string.Empty;
        }

        var cut = text.Length > maxLength;
        var builder = new StringBuilder();
        foreach (var c in cut ? text.AsSpan(0, maxLength) : text.AsSpan())
        {
            _ = c switch
            {
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => builder.Append(c),
            };
        }

        return cut ? builder.Append('…').ToString() : builder.ToString();
    }
}
