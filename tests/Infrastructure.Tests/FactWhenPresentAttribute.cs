namespace Classroom.Infrastructure.Tests;

/// <summary>
/// A fact that needs a file or folder a teammate's branch adds; until it exists the test is reported
/// as skipped (visibly, with the reason), never silently passed.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FactWhenPresentAttribute : FactAttribute
{
    public FactWhenPresentAttribute(string relativePath)
    {
        RelativePath = relativePath;
        var path = Repo.PathOf(relativePath.Split('/'));
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Skip = $"{relativePath} is not in this checkout yet; this check runs once it is.";
        }
    }

    public string RelativePath { get; }
}
