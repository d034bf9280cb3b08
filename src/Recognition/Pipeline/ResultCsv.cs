using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Classroom.Recognition.Pipeline;

/// <summary>
/// The result as the original wrote it: header <c>name,major,year</c> and one row per recognised student (a
/// student without a record keeps the name, major and year empty). UTF-8 without BOM, RFC 4180 line ends, and
/// cells starting with = + - @ (or tab/CR) prefixed with ' so a spreadsheet never runs them as formulas.
/// </summary>
public static class ResultCsv
{
    public static readonly IReadOnlyList<string> Header = ["name", "major", "year"];

    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
    };

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task WriteAsync(VideoResult result, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var writer = new StreamWriter(destination, Utf8, bufferSize: 4096, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await WriteAsync(result, writer, cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task WriteAsync(VideoResult result, TextWriter destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new CsvWriter(destination, Configuration, leaveOpen: true);
        await using (csv.ConfigureAwait(false))
        {
            foreach (var column in Header)
            {
                csv.WriteField(column);
            }

            await csv.NextRecordAsync().ConfigureAwait(false);
            foreach (var student in result.Students)
            {
                cancellationToken.ThrowIfCancellationRequested();
                csv.WriteField(student.Name);
                csv.WriteField(student.Major ?? string.Empty);
                csv.WriteField(student.Year ?? string.Empty);
                await csv.NextRecordAsync().ConfigureAwait(false);
            }

            await csv.FlushAsync().ConfigureAwait(false);
        }
    }

    public static string ToText(VideoResult result)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        WriteAsync(result, text, CancellationToken.None).GetAwaiter().GetResult();
        return text.ToString();
    }
}
