using Classroom.Recognition.Pipeline;
using System.Text.Json;
using Classroom.Cloud.Storage;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Tests.Support;

namespace Classroom.FunctionApp.Tests;

/// <summary>
/// The published app carries what it runs: it is published once to a temp folder (<see cref="PublishedPackage"/>) and
/// runs from there with a PATH without ffmpeg, a working folder with no node_modules above it and no model settings — as
/// on Azure's Linux Functions image, which has no ffmpeg and no npm packages.
/// </summary>
[Collection(EmulatorGroup.Name)]
public sealed class DeploymentPackageTests(Emulators emulators, PublishedPackage package) : IClassFixture<PublishedPackage>
{
    private const string AliceCsv = "name,major,year\r\nalice,physics,junior\r\n";

    /// <summary>The function references the engine, the decoders and the pipeline, not the CLI's local store or image files.</summary>
    [Fact]
    public void The_package_carries_neither_SkiaSharp_nor_SQLite_nor_the_model_importer()
    {
        var files = Directory.GetFiles(package.Folder, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.Contains("Classroom.Recognition.Engine.dll", files); // the listing is of a real package
        Assert.DoesNotContain(files, f => f!.Contains("skia", StringComparison.OrdinalIgnoreCase) || f.Contains("sqlite", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(files, f => f!.StartsWith("Classroom.Recognition.Local", StringComparison.Ordinal) || f.StartsWith("Classroom.ModelBuilder", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_published_folder_alone_recognises_a_student()
    {
        var folder = package.Folder;
        Assert.True(File.Exists(Path.Combine(folder, "tools", "ffmpeg", "ffmpeg")));
        Assert.True(File.Exists(Path.Combine(folder, "tools", "ffmpeg", "ffprobe")));
        // The models ship ready (.onnx, made at build time), not face-api's TF.js weights: a cold start builds nothing.
        var graphs = Directory.GetFiles(Path.Combine(folder, "models")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(10, graphs.Count); // SSD, Tiny at face-api's seven suggested sizes, 68 landmarks, descriptor
        Assert.All(graphs, g => Assert.EndsWith(".onnx", g, StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(folder, "*weights_manifest.json", SearchOption.AllDirectories));
        Assert.False(File.Exists(Path.Combine(folder, "local.settings.json")));

        var configuration = emulators.Configuration();
        using var videos = new TestVideos();
        var video = await SeedAliceAsync(configuration, videos);
        var environment = package.Environment(configuration);
        // The package decodes with its worker. Wherever a static FFmpeg is there (./test.sh always builds it, and
        // scripts/deploy/publish.sh), that worker is linked against it and needs nothing beyond glibc, so Azure's
        // image, which has no ffmpeg library, runs it too.
        Assert.True(File.Exists(package.Worker));
        if (StaticDecoder.SkipReason is null)
        {
            var libraries = StaticDecoder.SharedLibraries(package.Worker);
            Assert.DoesNotContain(libraries, l => l.StartsWith("libav", StringComparison.Ordinal) || l.StartsWith("libsw", StringComparison.Ordinal));
            var beyond = libraries.Where(l => !StaticDecoder.Glibc.Contains(l)).ToList();
            Assert.True(beyond.Count == 0, $"the packaged worker loads libraries beyond glibc: {string.Join(", ", beyond)}");
        }

        AssertRecognisesAlice(Succeeded(package.RunApp(environment, PackageSelfCheck.Switch, video)), "WorkerFrameSource");
        Assert.Equal(graphs, Directory.GetFiles(Path.Combine(folder, "models")).Select(Path.GetFileName).Order().ToList());

        // Where the worker cannot run — on Azure's image it is there but the ffmpeg libraries it links are not, so the
        // loader fails as this stand-in does — the packaged ffmpeg runs per video instead. (The real worker is put back:
        // the other tests share the package.)
        var kept = package.Worker + ".real";
        File.Move(package.Worker, kept);
        try
        {
            File.WriteAllText(package.Worker, "#!/bin/sh\necho 'classroom-video-worker: error while loading shared libraries: libavformat.so.59: cannot open shared object file' >&2\nexit 127\n");
            if (!OperatingSystem.IsWindows()) // the package is linux-x64
            {
                File.SetUnixFileMode(package.Worker, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            AssertRecognisesAlice(Succeeded(package.RunApp(environment, PackageSelfCheck.Switch, video)), "FFmpegFrameSource");
        }
        finally
        {
            File.Move(kept, package.Worker, overwrite: true);
        }
    }

    /// <summary>
    /// <c>--self-check --job</c>, what scripts/minbase-check.sh runs where no ffmpeg library exists: each video through the
    /// function's job (upload, VideoBlobJob, result blob with its metadata, read back), and afterwards only the blobs it made
    /// are gone. An undecodable video shows the job's other result, <c>.error.json</c>, and exit code 1.
    /// </summary>
    [Fact]
    public async Task The_job_mode_runs_each_video_through_the_job_and_deletes_only_the_blobs_it_made()
    {
        var configuration = emulators.Configuration();
        using var videos = new TestVideos();
        var video = await SeedAliceAsync(configuration, videos);
        var broken = videos.Corrupt("broken.mp4");
        var blobs = emulators.BlobService();
        var input = blobs.GetBlobContainerClient(configuration["Classroom:InputContainer"]);
        var output = blobs.GetBlobContainerClient(configuration["Classroom:OutputContainer"]);
        await BlobUploads.UploadFileAsync(input, video, "room1/other.mp4", CancellationToken.None); // someone else's video and result
        await BlobUploads.UploadFileAsync(output, broken, "room1/other.csv", CancellationToken.None);

        var (exit, stdout, stderr) = package.RunApp(package.Environment(configuration), PackageSelfCheck.Switch, PackageSelfCheck.JobSwitch, video, broken);

        Assert.True(exit == 1, $"exit {exit} (1: a video got an error result)\n{stdout}\n{stderr}");
        Assert.Contains("video decoder: WorkerFrameSource", stderr, StringComparison.Ordinal);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Equal(2, lines.Count);
        var (alice, error) = (lines[0], lines[1]);
        Assert.Equal(("recognized", AliceCsv), (alice.GetProperty("status").GetString(), alice.GetProperty("content").GetString()));
        var blob = alice.GetProperty("blob").GetString()!;
        Assert.StartsWith($"{input.Name}/{SelfCheckJob.Prefix}/", blob, StringComparison.Ordinal);
        Assert.Equal(ResultNames.Csv(blob[(input.Name.Length + 1)..]), alice.GetProperty("result").GetString());
        Assert.Equal(alice.GetProperty("etag").GetString(), alice.GetProperty("sourceetag").GetString()); // the result names the uploaded version
        Assert.True(alice.GetProperty("ms").GetDouble() > 0);
        Assert.Matches(@": recognized in \d+ ms through the job", stderr);

        Assert.Equal("error", error.GetProperty("status").GetString());
        Assert.EndsWith("/broken.error.json", error.GetProperty("result").GetString(), StringComparison.Ordinal);
        using (var content = JsonDocument.Parse(error.GetProperty("content").GetString()!))
        {
            Assert.Equal("error", content.RootElement.GetProperty("status").GetString());
        }

        Assert.NotEqual(blob, error.GetProperty("blob").GetString()); // each video under a prefix of its own
        Assert.Equal(["room1/other.mp4"], await NamesAsync(input));
        Assert.Equal(["room1/other.csv"], await NamesAsync(output));
    }

    [Fact]
    public void The_self_check_refuses_a_bad_invocation_with_one_line_and_exit_2()
    {
        var environment = package.Environment(emulators.Configuration());
        foreach (var arguments in new[] { new[] { PackageSelfCheck.Switch, PackageSelfCheck.JobSwitch }, [PackageSelfCheck.Switch, "--jbo", "x.mp4"], [PackageSelfCheck.Switch, PackageSelfCheck.JobSwitch, "/nonexistent/x.mp4"] })
        {
            var (exit, stdout, stderr) = package.RunApp(environment, arguments);
            Assert.True(exit == 2, $"{string.Join(' ', arguments)}: exit {exit}\n{stdout}\n{stderr}");
            Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Empty(stdout);
        }
    }

    /// <summary>
    /// What the package redistributes ships with its licence: the worker's static FFmpeg (LGPL-2.1+) with dav1d, OpenSSL,
    /// zlib and bzip2 and the same FFmpeg's programs as the fallback tools (where the static FFmpeg is built: always under
    /// ./test.sh; else npm's GPL-3.0 builds of ffmpeg and ffprobe, with the GPL), face-api's MIT weights (the models are made from them). Each text must be the whole licence: it has the licence's own heading and at least
    /// about 90 % of the length of the text as published (GPL-3.0 ≈ 35 kB, LGPL-2.1 ≈ 26 kB, Apache-2.0 ≈ 11 kB, MIT and
    /// BSD-2-Clause ≈ 1.1–1.3 kB, FFmpeg's LICENSE.md 4.4 kB), so a stub or a truncated copy fails; Debian's copyright files
    /// (2.2–44 kB) must name their package and licence and be at least 2 kB. The index names each file with the version that
    /// shipped, read here from node_modules and from the static build.
    /// </summary>
    [Fact]
    public void The_package_carries_the_licence_text_of_each_component_it_redistributes()
    {
        var licenses = Path.Combine(package.Folder, "licenses");
        var index = File.ReadAllText(Path.Combine(licenses, "README.md"));
        List<(string File, string[] Markers, int AtLeast)> texts = [("face-api/LICENSE", ["MIT License", "Permission is hereby granted, free of charge"], 1_000)];
        List<string> versions = [NpmVersion("@vladmandic/face-api")];
        if (StaticDecoder.SkipReason is not null)
        {
            // No static FFmpeg: the fallback tools are npm's GPL builds, shipped with the GPL.
            texts.Add(("tools-ffmpeg/COPYING.GPLv3", ["GNU GENERAL PUBLIC LICENSE", "Version 3, 29 June 2007"], 32_000));
            versions.AddRange([NpmVersion("@ffmpeg-installer/linux-x64"), NpmVersion("@ffprobe-installer/linux-x64")]);
        }
        else
        {
            // The fallback tools are the static FFmpeg's own LGPL programs: nothing GPL ships.
            Assert.False(Directory.Exists(Path.Combine(licenses, "tools-ffmpeg")), "a GPL text ships although the tools are the LGPL build");
            Assert.Contains("`tools/ffmpeg/ffmpeg`, `tools/ffmpeg/ffprobe`", index, StringComparison.Ordinal);
            foreach (var tool in new[] { "ffmpeg", "ffprobe" })
            {
                var (exit, version, stderr) = PublishedPackage.Run(Path.Combine(package.Folder, "tools", "ffmpeg", tool), ["-hide_banner", "-version"], package.Folder, null, TimeSpan.FromSeconds(30));
                Assert.True(exit == 0, $"{tool} -version: exit {exit}: {stderr}");
                Assert.DoesNotContain("--enable-gpl", version, StringComparison.Ordinal);
                Assert.Contains("--disable-everything", version, StringComparison.Ordinal); // configured by native/static-ffmpeg.sh
            }

            texts.AddRange(
            [
                ("ffmpeg/COPYING.LGPLv2.1", ["GNU LESSER GENERAL PUBLIC LICENSE", "Version 2.1, February 1999"], 24_000),
                ("ffmpeg/LICENSE.md", ["GNU Lesser General Public License version 2.1"], 4_000),
                ("ffmpeg/debian-copyright", ["Upstream-Name: FFmpeg", "LGPL-2.1"], 2_000),
                ("dav1d/COPYING", ["Redistribution and use in source and binary forms"], 1_200),
                ("dav1d/debian-copyright", ["Upstream-Name: dav1d", "BSD-2-clause"], 2_000),
                ("openssl/LICENSE-Apache-2.0", ["Apache License", "Version 2.0, January 2004"], 10_000),
                ("openssl/debian-copyright", ["Upstream-Name: OpenSSL", "Apache-2.0"], 2_000),
                ("zlib/debian-copyright", ["Upstream-Name: zlib", "Jean-loup Gailly"], 2_000),
                ("bzip2/debian-copyright", ["Upstream-Name: bzip2", "Julian R Seward"], 2_000),
            ]);
            // The Debian source packages built (native/static-ffmpeg.sh lists their .dsc in .complete): ffmpeg_5.1.9-0+deb12u1.dsc → 5.1.9-0+deb12u1.
            versions.AddRange(File.ReadAllLines(Path.Combine(StaticDecoder.Prefix!, ".complete")).Where(l => l.EndsWith(".dsc", StringComparison.Ordinal))
                .Select(l => Path.GetFileNameWithoutExtension(l).Split('_')[1]));
            Assert.Contains("`native/static-ffmpeg.sh`", index, StringComparison.Ordinal); // the LGPL library's recipe
        }

        foreach (var (file, markers, atLeast) in texts)
        {
            var path = Path.Combine(licenses, file);
            Assert.True(File.Exists(path), $"licenses/{file} is missing");
            var text = File.ReadAllText(path);
            Assert.True(text.Length >= atLeast, $"licenses/{file} has {text.Length} characters, a whole text at least {atLeast}");
            Assert.All(markers, m => Assert.Contains(m, text, StringComparison.OrdinalIgnoreCase));
            Assert.Contains($"`{file}`", index, StringComparison.Ordinal);
        }

        Assert.All(versions, v => Assert.Contains(v, index, StringComparison.Ordinal));
    }

    private static string NpmVersion(string package)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.NodeModules, package, "package.json")));
        return json.RootElement.GetProperty("version").GetString()!;
    }

    private static async Task<string> SeedAliceAsync(Microsoft.Extensions.Configuration.IConfiguration configuration, TestVideos videos)
    {
        using var seeding = new FunctionHarness(configuration);
        var alice = seeding.LargestFace(TestVideos.Photo(1));
        await seeding.SeedStudentsAsync([new StudentRecord("alice", "physics", "junior", 1)]);
        await seeding.PushFacesAsync([new KnownFace("alice", alice.Descriptor)]);
        return videos.FromFace(1, alice.Box, "alice.mp4");
    }

    private static async Task<List<string>> NamesAsync(Azure.Storage.Blobs.BlobContainerClient container)
    {
        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync())
        {
            names.Add(item.Name);
        }

        return names;
    }

    private static (string Stdout, string Stderr) Succeeded((int Exit, string Stdout, string Stderr) run) =>
        run.Exit == 0 ? (run.Stdout, run.Stderr) : throw new InvalidOperationException($"the package exited {run.Exit}:\n{run.Stdout}\n{run.Stderr}");

    private static void AssertRecognisesAlice((string Stdout, string Stderr) output, string decoder)
    {
        Assert.Contains($"video decoder: {decoder}", output.Stderr, StringComparison.Ordinal);
        using var result = JsonDocument.Parse(output.Stdout.Trim().Split('\n')[^1]);
        Assert.Equal("recognized", result.RootElement.GetProperty("status").GetString());
        Assert.Equal("alice", result.RootElement.GetProperty("students")[0].GetProperty("name").GetString());
    }
}
