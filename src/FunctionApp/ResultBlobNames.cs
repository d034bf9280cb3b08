namespace Classroom.FunctionApp;

/// <summary>Where a video's result goes in the output container: the video's path with its extension replaced.</summary>
public static class ResultBlobNames
{
    /// <summary><c>a/b/test_0.mp4</c> → <c>a/b/test_0.csv</c>.</summary>
    public static string Csv(string videoBlobName) => Stem(videoBlobName) + ".csv";

    /// <summary><c>a/b/test_0.mp4</c> → <c>a/b/test_0.error.json</c> (a video that cannot be processed).</summary>
    public static string Error(string videoBlobName) => Stem(videoBlobName) + ".error.json";

    private static string Stem(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var slash = name.LastIndexOf('/');
        var dot = name.LastIndexOf('.');
        return dot > slash + 1 ? name[..dot] : name;
    }
}
