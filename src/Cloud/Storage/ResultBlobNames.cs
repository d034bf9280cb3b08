using System.Text;

namespace Classroom.Cloud.Storage;

/// <summary>
/// Where a video's result goes in the output container. Distinct videos never share a result (an error on one must not
/// delete another's CSV), so the mapping is one-to-one, and it keeps the original's names for the usual upload:
/// <list type="bullet">
/// <item><c>a/test_0.mp4</c> → <c>a/test_0.csv</c>: a <c>.mp4</c> whose stem has no dot and no '%';</item>
/// <item><c>a/x.mov</c> → <c>a/x.mov.csv</c>, <c>a/week.1.mp4</c> → <c>a/week.1.mp4.csv</c>: any other name with a dot
/// in its file name keeps the whole file name ('%' written %25);</item>
/// <item><c>a/x</c> → <c>a/x%.csv</c>: a name without a dot ('%' written %25, then a '%' that no other rule ends with).</item>
/// </list>
/// The three kinds cannot meet: the first has neither a dot nor a '%' in its last part, the second a dot, the third a '%'
/// but no dot; and each rule alone is one-to-one. Errors are named the same way with <c>.error.json</c>.
/// </summary>
public static class ResultBlobNames
{
    /// <summary><c>a/b/test_0.mp4</c> → <c>a/b/test_0.csv</c>.</summary>
    public static string Csv(string videoBlobName) => Base(videoBlobName) + ".csv";

    /// <summary><c>a/b/test_0.mp4</c> → <c>a/b/test_0.error.json</c> (a video that cannot be processed).</summary>
    public static string Error(string videoBlobName) => Base(videoBlobName) + ".error.json";

    /// <summary>Result metadata: the ETag (unquoted) of the input version the result was computed from.</summary>
    public const string SourceETagKey = "sourceetag";

    /// <summary>Whether a result's metadata says it was computed from the input version <paramref name="eTag"/> (quoted or not).</summary>
    public static bool IsResultOf(IDictionary<string, string> metadata, string eTag)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(eTag);
        return metadata.TryGetValue(SourceETagKey, out var recorded) && recorded == eTag.Trim('"');
    }

    /// <summary>Result metadata: the outcome (recognized, unknown_person, no_face, no_record, ambiguous, error).</summary>
    public const string StatusKey = "status";

    private const string OriginalExtension = ".mp4";

    private static string Base(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var slash = name.LastIndexOf('/');
        var file = name[(slash + 1)..];
        if (file.EndsWith(OriginalExtension, StringComparison.Ordinal) && file.Length > OriginalExtension.Length)
        {
            var stem = file[..^OriginalExtension.Length];
            if (!stem.Contains('.') && !stem.Contains('%'))
            {
                return name[..(slash + 1)] + stem;
            }
        }

        // Only the file's part is escaped: the result stays in the video's folder.
        var escaped = new StringBuilder(name.Length + 4).Append(name, 0, slash + 1).Append(file.Replace("%", "%25", StringComparison.Ordinal));
        return file.Contains('.') ? escaped.ToString() : escaped.Append('%').ToString();
    }
}
