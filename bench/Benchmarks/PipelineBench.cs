using System.Diagnostics;
using System.Globalization;
using Classroom.Cli;
using Classroom.Cli.Commands;
using Classroom.Cli.Demo;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Pipeline;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Video;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Classroom.Benchmarks;

/// <summary>
/// The measurements of <c>bench pipeline</c>, on the original's workload when ../shared/cse546 is present (test_1.mp4 is
/// a 2.1 s 1920x1080 clip), else on videos made from the demo cast. Latency is in-process and warm (models loaded, one
/// warm-up); the workload and cold-start figures run this CLI as a user does, each run a fresh process (ONNX graphs
/// built at build time), and peak RSS is that process's VmHWM, and with its children (decoder workers or ffmpeg) summed.
/// </summary>
internal static class PipelineBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(int runs, int workloadRuns, int lectureRuns, bool hour, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Path.GetTempPath(), "classroom-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(temp);
        try
        {
            var configuration = CliHost.Configuration();
            await using var services = CliHost.Services(configuration);
            var engine = services.GetRequiredService<IFaceEngine>();
            var frames = services.GetRequiredService<IVideoFrameSource>();
            var inputs = await BenchInputs.PrepareAsync(engine, temp, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"inputs: {inputs.Description}");
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load {Measure.LoadAverage()}; ffmpeg: {FfmpegTool.Configured(services)}; {runs} runs per latency figure after a warm-up");

            var faces = KnownFacesFile.Read(inputs.Faces);
            var records = StudentRecordsFile.Read(inputs.Students);
            var videoOptions = services.GetRequiredService<IOptions<VideoOptions>>();
            await using var pipeline = Measure.Pipeline(services, configuration, faces, records);
            var processor = pipeline.GetRequiredService<IVideoProcessor>();
            Console.WriteLine($"decoder: {frames.GetType().Name} (Classroom:Video:Decoder={videoOptions.Value.Decoder})");
            var first = await FirstFrameAsync(frames, inputs.Clip, runs, cancellationToken).ConfigureAwait(false);
            Report("first frame from the decoder (open + decode + rotate + scale to RGB)", first.Timing);
            Report("face engine on that frame (detect, landmarks, describe)", await TimeAsync(runs, () =>
            {
                engine.FindFaces(first.Frame.Image, cancellationToken);
                return Task.CompletedTask;
            }).ConfigureAwait(false));
            // Runs alternate with the same pipeline without second looks, so load on the machine falls on both alike.
            await using var plainPipeline = Measure.Pipeline(services, configuration, faces, records, s => s.Replace(ServiceDescriptor.Singleton(Options.Create(NoSecondLooks))));
            var plain = plainPipeline.GetRequiredService<IVideoProcessor>();
            var (with, without) = (new List<double>(), new List<double>());
            for (var i = 0; i <= runs; i++)
            {
                with.Add((await TimeAsync(0, () => processor.ProcessAsync(inputs.Clip, RecognitionMode.First, cancellationToken)).ConfigureAwait(false)).First);
                without.Add((await TimeAsync(0, () => plain.ProcessAsync(inputs.Clip, RecognitionMode.First, cancellationToken)).ConfigureAwait(false)).First);
            }

            var perClip = (with[0], Measure.Median(with[1..]));
            var plainClip = (without[0], Measure.Median(without[1..]));
            Report("warm per-clip latency, first mode, 2 s 1080p clip (goal <= 150 ms)", perClip);
            Report($"  the same without second looks (brightened, turned, mirrored); with / without = {perClip.Item2 / plainClip.Item2:F2}", plainClip);
            await NoFaceAsync(processor, plain, temp, cancellationToken).ConfigureAwait(false);

            // The other decoders on the same clip, for the ratios (the ffmpeg process runs where the libraries are missing).
            foreach (var other in OtherDecoders(frames, videoOptions))
            {
                await using var otherPipeline = Measure.Pipeline(services, configuration, faces, records, s => s.Replace(ServiceDescriptor.Singleton(other)));
                var otherProcessor = otherPipeline.GetRequiredService<IVideoProcessor>();
                var otherFirst = await FirstFrameAsync(other, inputs.Clip, runs, cancellationToken).ConfigureAwait(false);
                var otherClip = await TimeAsync(runs, () => otherProcessor.ProcessAsync(inputs.Clip, RecognitionMode.First, cancellationToken)).ConfigureAwait(false);
                Report($"  with {other.GetType().Name}: first frame", otherFirst.Timing);
                Report($"  with {other.GetType().Name}: warm per-clip latency ({otherClip.Median / perClip.Item2:F2}x the above)", otherClip);
                (other as IDisposable)?.Dispose();
            }

            var cold = new List<double>();
            var coldCpu = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var run = await ChildCli.RunAsync(["process", inputs.Clip, "--faces", inputs.Faces, "--students", inputs.Students, "--out", Path.Combine(temp, "cold"), "--json"], cancellationToken).ConfigureAwait(false);
                cold.Add(run.Milliseconds);
                coldCpu.Add(run.CpuMilliseconds);
            }

            Report("cold start to first CSV: new CLI process, one clip (goal <= 3000 ms)", (cold[0], Measure.Median(cold)));
            Report("  its CPU time (user + system, incl. its decoder processes)", (coldCpu[0], Measure.Median(coldCpu)));

            var wall = new List<double>();
            var cpu = new List<double>();
            long peak = 0, peakTree = 0;
            for (var i = 0; i < workloadRuns; i++)
            {
                var run = await ChildCli.RunAsync(["process", inputs.Workload, "--faces", inputs.Faces, "--students", inputs.Students, "--out", Path.Combine(temp, "out"), "--json"], cancellationToken).ConfigureAwait(false);
                var recognised = run.Stdout.Split('\n').Count(l => l.Contains("\"status\":\"recognized\"", StringComparison.Ordinal));
                Console.WriteLine(string.Create(Inv, $"  workload run {i + 1}: {run.Milliseconds / 1000:F2} s, CPU {run.CpuMilliseconds / 1000:F1} s, {recognised} recognised, exit {run.ExitCode}, peak RSS {run.PeakRssKb / 1024} MB (with its decoder processes {run.PeakTreeRssKb / 1024} MB)"));
                wall.Add(run.Milliseconds);
                cpu.Add(run.CpuMilliseconds);
                peak = Math.Max(peak, run.PeakRssKb);
                peakTree = Math.Max(peakTree, run.PeakTreeRssKb);
            }

            Report($"100-video workload wall time, new CLI process, parallel {ProcessCommand.DefaultParallelism} (goal <= 7000 ms)", (wall[0], Measure.Median(wall)));
            Report("  its CPU time (user + system, incl. its decoder processes; / cores ~ wall time on an idle machine)", (cpu[0], Measure.Median(cpu)));
            Console.WriteLine(string.Create(Inv, $"{"peak RSS of the CLI process over the workload runs (goal <= 500 MB)",-84} {peak / 1024.0,9:F0} MB"));
            Console.WriteLine(string.Create(Inv, $"{"  with its decoder processes (workers or ffmpeg), summed at the peak",-84} {peakTree / 1024.0,9:F0} MB"));
            if (Workloads.FindCse546(Workloads.RepositoryRoot()) is { } cse546 && lectureRuns > 0)
            {
                await LectureBench.RunAsync(cse546, temp, lectureRuns, hour, cancellationToken).ConfigureAwait(false);
            }

            return 0;
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private static readonly FaceSearchOptions NoSecondLooks = new() { LowLight = false, Turns = false, Mirror = false };

    /// <summary>
    /// A 60 s 1280x720 video with nobody in it (ffmpeg's testsrc2), lit and darkened: the whole video is read in first mode.
    /// Runs alternate between the pipeline and the same pipeline without second looks (what the pipeline did before
    /// them), so load on the machine falls on both alike.
    /// </summary>
    private static async Task NoFaceAsync(IVideoProcessor processor, IVideoProcessor plain, string temp, CancellationToken cancellationToken)
    {
        foreach (var (name, filter) in new[] { ("lit", "null"), ("dark", "eq=brightness=-0.18:gamma=0.55") })
        {
            var video = Path.Combine(temp, $"no-face-{name}.mp4");
            await FfmpegTool.RunAsync("ffmpeg", ["-f", "lavfi", "-i", "testsrc2=s=1280x720:r=30:d=60", "-vf", filter, "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", video], cancellationToken).ConfigureAwait(false);
            var (with, without) = (new List<double>(), new List<double>());
            for (var i = 0; i < 3; i++)
            {
                with.Add((await TimeAsync(0, () => processor.ProcessAsync(video, RecognitionMode.First, cancellationToken)).ConfigureAwait(false)).First);
                without.Add((await TimeAsync(0, () => plain.ProcessAsync(video, RecognitionMode.First, cancellationToken)).ConfigureAwait(false)).First);
            }

            Report($"60 s video with no face ({name}), first mode reads it all: {Measure.Median(with) / Measure.Median(without):F2}x without second looks (goal <= 1.5x)", (with[0], Measure.Median(with)));
            Report("  without second looks", (without[0], Measure.Median(without)));
        }
    }

    private static IEnumerable<IVideoFrameSource> OtherDecoders(IVideoFrameSource configured, IOptions<VideoOptions> options)
    {
        if (configured is not WorkerFrameSource && WorkerFrameSource.WhyUnavailable() is null)
        {
            yield return new WorkerFrameSource(options, NullLogger<WorkerFrameSource>.Instance);
        }

        if (configured is not FFmpegFrameSource)
        {
            yield return new FFmpegFrameSource(options, NullLogger<FFmpegFrameSource>.Instance);
        }
    }

    /// <summary>Times reading the first frame of a clip (the decoder is stopped after it), and keeps that frame.</summary>
    private static async Task<(VideoFrame Frame, (double First, double Median) Timing)> FirstFrameAsync(
        IVideoFrameSource source, string clip, int runs, CancellationToken cancellationToken)
    {
        VideoFrame? first = null;
        var timing = await TimeAsync(runs, async () =>
        {
            await foreach (var f in source.ReadFramesAsync(clip, cancellationToken).ConfigureAwait(false))
            {
                first = f;
                break;
            }
        }).ConfigureAwait(false);
        return (first ?? throw new InvalidOperationException($"{clip} gave no frame."), timing);
    }

    /// <summary>The first run's time and the median of <paramref name="runs"/> more (the first again when none).</summary>
    private static async Task<(double First, double Median)> TimeAsync(int runs, Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action().ConfigureAwait(false);
        var first = watch.Elapsed.TotalMilliseconds;
        var samples = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            watch.Restart();
            await action().ConfigureAwait(false);
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        return (first, samples.Count == 0 ? first : Measure.Median(samples));
    }

    private static void Report(string what, (double First, double Median) t) =>
        Console.WriteLine(string.Create(Inv, $"{what,-84} {t.Median,9:F0} ms   (first {t.First:F0} ms)"));
}
