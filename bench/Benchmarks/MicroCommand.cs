using System.CommandLine;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Classroom.Recognition.Detection;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Models;

namespace Classroom.Benchmarks;

/// <summary>
/// <c>classroom bench micro</c>: the face engine's stages on the benchmark frame (<see cref="BenchFrame"/>) under
/// BenchmarkDotNet, with its statistics (mean, error, median, allocations); its reports go to the temp folder.
/// </summary>
internal static class MicroCommand
{
    public static Command Create()
    {
        var filter = new Option<string?>("--filter") { Description = "Only the benchmarks whose name contains this (e.g. Ssd)" };
        var micro = new Command("micro", "The engine's stages (detect SSD and Tiny, landmarks, descriptor, whole chain) under BenchmarkDotNet") { filter };
        micro.SetAction(parse =>
        {
            var config = ShortJob.Config;
            if (parse.GetValue(filter) is { } name)
            {
                config = config.AddFilter(new BenchmarkDotNet.Filters.NameFilter(n => n.Contains(name, StringComparison.OrdinalIgnoreCase)));
            }

            var summary = BenchmarkRunner.Run<EngineStages>(config);
            return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;
        });
        return micro;
    }

    /// <summary>
    /// The job for this 2-core machine: in process (no generated project to build, and the models stay loaded), one launch,
    /// 2 warm-up and 7 measured iterations — the engine's figures settle after one warm-up (its stages allocate little and
    /// run 5–150 ms), so more iterations mostly add minutes.
    /// </summary>
    private static class ShortJob
    {
        public static ManualConfig Config { get; } = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(7))
            .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "classroom-bench-micro"))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
    }
}

/// <summary>The engine's stages, one benchmark each, on a 1280x720 frame with faces.</summary>
[MemoryDiagnoser]
public class EngineStages : IDisposable
{
    private RgbImage _frame = null!;
    private SsdMobilenetV1Detector _ssd = null!;
    private TinyFaceDetector _tiny = null!;
    private FaceLandmark68Net _landmarks = null!;
    private DlibResNetDescriptor _descriptor = null!;
    private FaceEngine _engine = null!;
    private FaceBox _box;
    private RgbImage _chip = null!;

    [GlobalSetup]
    public void Setup()
    {
        _frame = BenchFrame.Load(EngineBench.DefaultFrameSource());
        var models = new FaceModelOptions();
        _ssd = new SsdMobilenetV1Detector(models);
        _tiny = new TinyFaceDetector(models.ForQuickDetector());
        _landmarks = new FaceLandmark68Net(models);
        _descriptor = new DlibResNetDescriptor(models);
        _engine = FaceEngine.Create(models);
        var boxes = _ssd.Detect(_frame);
        _box = boxes.Count > 0 ? boxes[0] : throw new InvalidOperationException("The benchmark frame shows no face.");
        _chip = new DlibFaceChipAligner().Align(_frame, _landmarks.Locate(_frame, _box));
    }

    [Benchmark]
    public int DetectSsd() => _ssd.Detect(_frame).Count;

    [Benchmark]
    public int DetectTiny() => _tiny.Detect(_frame).Count;

    [Benchmark]
    public int Landmarks68() => _landmarks.Locate(_frame, _box).Count;

    [Benchmark]
    public float Descriptor() => _descriptor.Describe(_chip)[0];

    [Benchmark]
    public int WholeChain() => _engine.FindFaces(_frame, CancellationToken.None).Count;

    [GlobalCleanup]
    public void Dispose()
    {
        _ssd?.Dispose();
        _tiny?.Dispose();
        _landmarks?.Dispose();
        _descriptor?.Dispose();
        _engine?.Dispose();
        GC.SuppressFinalize(this);
    }
}
