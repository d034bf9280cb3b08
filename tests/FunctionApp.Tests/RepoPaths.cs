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

    /// <summary>The original system's workload, beside the checkout (acceptance only).</summary>
    public static string SharedWorkload => Path.GetFullPath(Path.Combine(Root, "..", "shared", "cse546"));

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
