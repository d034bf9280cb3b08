using System.Diagnostics;
using Classroom.Cloud;
using Microsoft.Extensions.Configuration;

namespace Classroom.FunctionApp.Tests;

/// <summary>
/// The function app published once (as <c>scripts/deploy/publish.sh</c> does) into a temp folder, for the package tests,
/// and a way to run it as Azure's image would: no ffmpeg or node on PATH, no node_modules above its working folder, only
/// the app's settings in the environment. Deleted with the fixture.
/// </summary>
public sealed class PublishedPackage : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("classroom-package-").FullName;

    public PublishedPackage()
    {
        Folder = Path.Combine(root, "app");
        Work = Directory.CreateDirectory(Path.Combine(root, "work")).FullName;
        var publish = Run(DotnetPath(), ["publish", Path.Combine(RepoPaths.Root, "src", "FunctionApp", "FunctionApp.csproj"), "-c", "Release", "-o", Folder, "--nologo", "-v", "quiet"],
            RepoPaths.Root, null, TimeSpan.FromMinutes(8));
        if (publish.Exit != 0)
        {
            Directory.Delete(root, recursive: true);
            throw new InvalidOperationException($"dotnet publish exited {publish.Exit}:\n{publish.Stdout}\n{publish.Stderr}");
        }
    }

    /// <summary>The published app.</summary>
    public string Folder { get; }

    /// <summary>The working folder the app runs in (nothing above it has node_modules or local.settings.json).</summary>
    public string Work { get; }

    public string Worker => Path.Combine(Folder, "classroom-video-worker");

    /// <summary>The environment the package runs with: no PATH to tools, the app's settings (storage, roster, Cosmos DB, containers).</summary>
    public Dictionary<string, string> Environment(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new Dictionary<string, string>
        {
            ["PATH"] = "/nonexistent", // no Debian ffmpeg, no node
            ["HOME"] = Work,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            [ClassroomCloudOptions.StorageConnectionName] = configuration[ClassroomCloudOptions.StorageConnectionName]!,
            ["Classroom__InputContainer"] = configuration["Classroom:InputContainer"]!,
            ["Classroom__OutputContainer"] = configuration["Classroom:OutputContainer"]!,
            ["Classroom__RosterContainer"] = configuration["Classroom:RosterContainer"]!,
            ["Classroom__RosterBlob"] = configuration["Classroom:RosterBlob"]!,
            ["Classroom__Cosmos__ConnectionString"] = configuration["Classroom:Cosmos:ConnectionString"]!,
            ["Classroom__Cosmos__Database"] = configuration["Classroom:Cosmos:Database"]!,
            ["Classroom__Cosmos__Container"] = configuration["Classroom:Cosmos:Container"]!,
        };
    }

    /// <summary><c>dotnet Classroom.FunctionApp.dll ARGS</c> from the package, in <see cref="Work"/>, with <paramref name="environment"/> only.</summary>
    public (int Exit, string Stdout, string Stderr) RunApp(Dictionary<string, string> environment, params string[] arguments) =>
        Run(DotnetPath(), [Path.Combine(Folder, "Classroom.FunctionApp.dll"), .. arguments], Work, environment, TimeSpan.FromMinutes(3));

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>The dotnet that runs these tests (the SDK sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    private static string DotnetPath() => System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>Runs a program to its end (killed after <paramref name="timeout"/>); <paramref name="environment"/> replaces the inherited one when given.</summary>
    internal static (int Exit, string Stdout, string Stderr) Run(string file, IEnumerable<string> arguments, string workingDirectory, Dictionary<string, string>? environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            start.Environment.Clear();
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}.");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
