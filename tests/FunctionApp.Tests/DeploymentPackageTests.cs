using System.Diagnostics;
using System.Text.Json;
using Classroom.Cloud;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Tests.Support;

namespace Classroom.FunctionApp.Tests;

/// <summary>
/// The published app carries what it runs: it is published to a temp folder and its pipeline runs from there
/// with a PATH without ffmpeg, a working folder with no node_modules above it and no model settings — as on
/// Azure's Linux Functions image, which has no ffmpeg and no npm packages.
/// </summary>
[Collection(EmulatorGroup.Name)]
public sealed class DeploymentPackageTests(Emulators emulators)
{
    [Fact]
    public async Task The_published_folder_alone_recognises_a_student()
    {
        var root = Directory.CreateTempSubdirectory("classroom-package-").FullName;
        try
        {
            var package = Path.Combine(root, "app");
            Run(DotnetPath(), ["publish", Path.Combine(RepoPaths.Root, "src", "FunctionApp", "FunctionApp.csproj"), "-c", "Release", "-o", package, "--nologo", "-v", "quiet"],
                RepoPaths.Root, null, TimeSpan.FromMinutes(8));
            Assert.True(File.Exists(Path.Combine(package, "tools", "ffmpeg", "ffmpeg")));
            Assert.True(File.Exists(Path.Combine(package, "tools", "ffmpeg", "ffprobe")));
            Assert.True(File.Exists(Path.Combine(package, "models", "face-api", "face_recognition_model-weights_manifest.json")));
            var graphs = Directory.GetFiles(Path.Combine(package, "models", "onnx"), "*.onnx").Select(Path.GetFileName).Order().ToList();
            Assert.Equal(4, graphs.Count); // SSD and Tiny detectors, 68 landmarks, descriptor: a cold start builds nothing
            Assert.False(File.Exists(Path.Combine(package, "local.settings.json")));

            var configuration = emulators.Configuration();
            using var videos = new TestVideos();
            string video;
            using (var seeding = new FunctionHarness(configuration))
            {
                var alice = seeding.LargestFace(TestVideos.Photo(1));
                await seeding.SeedStudentsAsync([new StudentRecord("alice", "physics", "junior", 1)]);
                await seeding.PushFacesAsync([new KnownFace("alice", alice.Descriptor)]);
                video = videos.FromFace(1, alice.Box, "alice.mp4");
            }

            var work = Directory.CreateDirectory(Path.Combine(root, "work")).FullName;
            var environment = new Dictionary<string, string>
            {
                ["PATH"] = "/nonexistent", // no Debian ffmpeg, no node
                ["HOME"] = work,
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                [ClassroomCloudOptions.StorageConnectionName] = configuration[ClassroomCloudOptions.StorageConnectionName]!,
                ["Classroom__RosterContainer"] = configuration["Classroom:RosterContainer"]!,
                ["Classroom__RosterBlob"] = configuration["Classroom:RosterBlob"]!,
                ["Classroom__Cosmos__ConnectionString"] = configuration["Classroom:Cosmos:ConnectionString"]!,
                ["Classroom__Cosmos__Database"] = configuration["Classroom:Cosmos:Database"]!,
                ["Classroom__Cosmos__Container"] = configuration["Classroom:Cosmos:Container"]!,
            };
            // The package decodes with its worker. Wherever a static FFmpeg is there (./test.sh always builds it, and
            // scripts/deploy/publish.sh), that worker is linked against it and needs nothing beyond glibc, so Azure's
            // image, which has no ffmpeg library, runs it too.
            Assert.True(File.Exists(Path.Combine(package, "libclassroomvideo.so")));
            Assert.True(File.Exists(Path.Combine(package, "classroom-video-worker")));
            if (StaticDecoder.SkipReason is null)
            {
                var libraries = StaticDecoder.SharedLibraries(Path.Combine(package, "classroom-video-worker"));
                Assert.DoesNotContain(libraries, l => l.StartsWith("libav", StringComparison.Ordinal) || l.StartsWith("libsw", StringComparison.Ordinal));
                var beyond = libraries.Where(l => !StaticDecoder.Glibc.Contains(l)).ToList();
                Assert.True(beyond.Count == 0, $"the packaged worker loads libraries beyond glibc: {string.Join(", ", beyond)}");
            }

            AssertRecognisesAlice(Run(DotnetPath(), [Path.Combine(package, "Classroom.FunctionApp.dll"), PackageSelfCheck.Switch, video], work, environment, TimeSpan.FromMinutes(3)), "WorkerFrameSource");
            Assert.Equal(graphs, Directory.GetFiles(Path.Combine(package, "models", "onnx"), "*.onnx").Select(Path.GetFileName).Order().ToList());

            // Where the worker cannot run — on Azure's image it is there but the ffmpeg libraries it links are not, so the
            // loader fails as this stand-in does — the packaged ffmpeg runs per video instead.
            var worker = Path.Combine(package, "classroom-video-worker");
            File.WriteAllText(worker, "#!/bin/sh\necho 'classroom-video-worker: error while loading shared libraries: libavformat.so.59: cannot open shared object file' >&2\nexit 127\n");
            if (!OperatingSystem.IsWindows()) // the package is linux-x64
            {
                File.SetUnixFileMode(worker, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            AssertRecognisesAlice(Run(DotnetPath(), [Path.Combine(package, "Classroom.FunctionApp.dll"), PackageSelfCheck.Switch, video], work, environment, TimeSpan.FromMinutes(3)), "FFmpegFrameSource");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void AssertRecognisesAlice((string Stdout, string Stderr) output, string decoder)
    {
        Assert.Contains($"video decoder: {decoder}", output.Stderr, StringComparison.Ordinal);
        using var result = JsonDocument.Parse(output.Stdout.Trim().Split('\n')[^1]);
        Assert.Equal("recognized", result.RootElement.GetProperty("status").GetString());
        Assert.Equal("alice", result.RootElement.GetProperty("students")[0].GetProperty("name").GetString());
    }

    /// <summary>The dotnet that runs these tests (the SDK sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    private static string DotnetPath() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private static (string Stdout, string Stderr) Run(string file, IEnumerable<string> arguments, string workingDirectory, Dictionary<string, string>? environment, TimeSpan timeout)
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
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}.");
        }

        return process.ExitCode == 0
            ? (stdout.Result, stderr.Result)
            : throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
    }
}
