using System.Reflection;

namespace Classroom.Infrastructure.Tests;

/// <summary>Where the repository, the compiled templates and the bicep CLI are.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>ARM JSON compiled by the project's BicepLintAndBuild target.</summary>
    public static string ArmDirectory => Path.Combine(AppContext.BaseDirectory, "arm");

    public static string BicepPath => Metadata("BicepPath");

    public static string BicepVersion => Metadata("BicepVersion");

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Metadata(string key) =>
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} is empty");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Classroom.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Classroom.slnx above {AppContext.BaseDirectory}");
    }
}
