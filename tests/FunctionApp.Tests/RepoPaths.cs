using System.Reflection;

namespace Classroom.FunctionApp.Tests;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string NodeModules => Path.Combine(Root, "node_modules");

    /// <summary>The build configuration of this test assembly (the function app is built with the same one).</summary>
    public static string Configuration { get; } =
        typeof(RepoPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string FunctionAppOutput => Path.Combine(Root, "src", "FunctionApp", "bin", Configuration, "net10.0");

    /// <summary>The original system's workload (acceptance only): $CLASSROOM_CSE546, else shared/cse546 beside a folder above the checkout; null when absent.</summary>
    public static string? SharedWorkload { get; } = FindSharedWorkload();

    private static string? FindSharedWorkload()
    {
        var candidates = new List<string?> { Environment.GetEnvironmentVariable("CLASSROOM_CSE546") };
        for (var dir = new DirectoryInfo(Root); dir is not null; dir = dir.Parent)
        {
            candidates.Add(Path.Combine(dir.FullName, "shared", "cse546"));
        }

        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(Path.Combine(c, "encoding.dat")));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Classroom.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Classroom.slnx) was not found above the test output folder.");
    }
}
