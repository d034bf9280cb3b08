using System.CommandLine;
using System.Diagnostics;
using Classroom.Recognition.Detection;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Models;
using Classroom.Recognition.Processes;

namespace Classroom.Benchmarks;

/// <summary>
/// <c>classroom bench engine</c>: medians of the face engine's stages on this machine, side by side with the face-api
/// baseline (tests/parity/bench-faceapi.mjs): same frame (first frame of cse546 test_1.mp4 when present, else face-api's
/// demo/sample1.jpg, scaled by ffmpeg to 1280x720), same method (one warm-up, then N runs).
/// </summary>
internal static class EngineCommand
{
    public static Command Create()
    {
        var frame = new Option<string?>("--frame") { Description = "Video or image whose first frame, scaled to 1280x720, is the benchmark frame" };
        var runs = new Option<int>("--runs") { Description = "Runs per figure after one warm-up", DefaultValueFactory = _ => 10 };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads per session (0: one per core)" };
        var ort = new Option<bool>("--ort") { Description = "Compare ONNX Runtime settings (threads, optimisation level, spinning, arena) instead" };
        var engine = new Command("engine", "Face engine medians: model load, detect (SSD, Tiny), landmarks, descriptor, whole chain") { frame, runs, threads, ort };
        engine.SetAction((parse, ct) => parse.GetValue(ort)
            ? OrtSettingsBench.RunAsync(parse.GetValue(frame), Math.Max(1, parse.GetValue(runs)), ct)
            : EngineBench.RunAsync(parse.GetValue(frame), Math.Max(1, parse.GetValue(runs)), parse.GetValue(threads), ct));
        return engine;
    }
}

/// <summary>The measurements of <c>bench engine</c>.</summary>
internal static class EngineBench
{
    public static Task<int> RunAsync(string? frameSource, int runs, int threads, CancellationToken cancellationToken)
    {
        var frame = BenchFrame.Load(frameSource, runs);
        Console.WriteLine($"ORT intra-op threads {(threads == 0 ? "default (one per core)" : threads)}");

        var models = new FaceModelOptions { IntraOpThreads = threads };
        var cold = Stopwatch.StartNew();
        FaceEngine.Create(models).Dispose();
        Console.WriteLine($"{"model load, cold (read the ONNX files, sessions; once)",-72} {cold.Elapsed.TotalMilliseconds,9:F2} ms");
        Report("model load, warm (sessions)", Time(runs, () => FaceEngine.Create(models).Dispose()));

        using var ssd = new SsdMobilenetV1Detector(models);
        using var tiny = new TinyFaceDetector(models);
        using var landmarks = new FaceLandmark68Net(models);
        using var descriptor = new DlibResNetDescriptor(models);
        var aligner = new DlibFaceChipAligner();
        using var engine = FaceEngine.Create(models);

        var boxes = ssd.Detect(frame);
        Console.WriteLine($"faces in the frame (SSD): {boxes.Count}");
        Report("detect SSD MobileNetV1 per 720p frame", Time(runs, () => ssd.Detect(frame)));
        Report("detect Tiny (416) per 720p frame", Time(runs, () => tiny.Detect(frame)));
        if (boxes.Count > 0)
        {
            var box = boxes[0];
            var points = landmarks.Locate(frame, box);
            var chip = aligner.Align(frame, points);
            var chips = Enumerable.Repeat(chip, 8).ToList();
            Report("landmarks68 per face (crop + net)", Time(2 * runs, () => landmarks.Locate(frame, box)));
            Report("align per face (dlib chip)", Time(2 * runs, () => aligner.Align(frame, points)));
            Report("descriptor per face (one chip per run)", Time(2 * runs, () => descriptor.Describe(chip)));
            Report("descriptor per face (batch of 8, time / 8)", Time(runs, () => descriptor.Describe(chips)), 8);
        }

        cancellationToken.ThrowIfCancellationRequested();
        Report($"chain per 720p frame ({boxes.Count} faces: detect, landmarks, align, describe)", Time(runs, () => engine.FindFaces(frame, cancellationToken)));
        Console.WriteLine("face-api on this machine (tests/parity/bench-faceapi.mjs, issue 2): SSD 257 ms/frame, descriptor 23 ms/face, chain 352 ms/frame");
        return Task.FromResult(0);
    }

    /// <summary>As the face-api baseline: the workload's test_1.mp4 (shared/cse546 beside an ancestor folder), else sample1.jpg.</summary>
    internal static string DefaultFrameSource()
    {
        var ancestors = new List<string>();
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            ancestors.Add(dir.FullName);
        }

        return ancestors.Select(d => Path.Combine(d, "shared", "cse546", "videos", "test_1.mp4")).FirstOrDefault(File.Exists)
            ?? ancestors.Select(d => Path.Combine(d, "node_modules", "@vladmandic", "face-api", "demo", "sample1.jpg")).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("No benchmark frame: pass --frame, or run from the repository (node_modules installed).");
    }

    /// <summary>One warm-up call, then <paramref name="runs"/> timed calls: first, median wall-clock and median process CPU time, in ms.</summary>
    internal static (double First, double Median, double Cpu) Time(int runs, Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        var first = watch.Elapsed.TotalMilliseconds;
        var wall = new double[runs];
        var cpu = new double[runs];
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < runs; i++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            watch.Restart();
            action();
            wall[i] = watch.Elapsed.TotalMilliseconds;
            process.Refresh();
            cpu[i] = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        }

        return (first, Measure.Median(wall), Measure.Median(cpu));
    }


    private static void Report(string what, (double First, double Median, double Cpu) t, int per = 1) =>
        Console.WriteLine($"{what,-72} {t.Median / per,9:F2} ms   (CPU {t.Cpu / per:F1} ms, first {t.First / per:F0} ms)");

}

/// <summary>The benchmark frame: the first frame of a video or image, scaled by ffmpeg to 1280x720 RGB.</summary>
internal static class BenchFrame
{
    public const int Width = 1280;
    public const int Height = 720;

    /// <summary>Loads the frame (default source when null) and prints what the figures are measured on.</summary>
    public static RgbImage Load(string? frameSource, int runs)
    {
        var source = frameSource ?? EngineBench.DefaultFrameSource();
        var frame = Load(source);
        Console.WriteLine($"frame: first frame of {source} scaled to {frame.Width}x{frame.Height}; {runs} runs per figure after a warm-up; " +
                          $"{Environment.ProcessorCount} cores, load average {Measure.LoadAverage()}");
        return frame;
    }

    public static RgbImage Load(string source)
    {
        using var process = ChildProcess.Start("ffmpeg",
            ["-hide_banner", "-nostdin", "-loglevel", "error", "-i", source, "-frames:v", "1", "-vf", $"scale={Width}:{Height}", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]);
        using var pixels = new MemoryStream();
        process.Output.CopyTo(pixels);
        process.WaitForExit(Timeout.InfiniteTimeSpan);
        if (process.ExitCode != 0 || pixels.Length != Width * Height * 3)
        {
            throw new InvalidDataException($"ffmpeg could not make a {Width}x{Height} frame of {source}: {string.Join(' ', process.ErrorLines)}");
        }

        return new RgbImage(Width, Height, pixels.ToArray());
    }
}
