namespace Classroom.Cloud.Storage;

/// <summary>
/// What a result blob's metadata records: the input version it was computed from (so a redelivered event is skipped)
/// and its status. The result's name and bytes are the pipeline's (<c>ResultNames</c>, <c>ResultFile</c>).
/// </summary>
public static class ResultMetadata
{
    /// <summary>The ETag (unquoted) of the input version the result was computed from.</summary>
    public const string SourceETagKey = "sourceetag";

    /// <summary>The outcome (recognized, unknown_person, no_face, no_record, ambiguous, error).</summary>
    public const string StatusKey = "status";

    /// <summary>Whether a result's metadata says it was computed from the input version <paramref name="eTag"/> (quoted or not).</summary>
    public static bool IsResultOf(IDictionary<string, string> metadata, string eTag)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(eTag);
        return metadata.TryGetValue(SourceETagKey, out var recorded) && recorded == eTag.Trim('"');
    }
}
