using Classroom.Recognition.Detection;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Models;

namespace Classroom.Benchmarks;

/// <summary>
/// <c>classroom bench engine --ort</c>: the engine's figures under ONNX Runtime settings that differ from the
/// product's defaults one at a time, so each setting's effect shows. Medians of wall-clock and process CPU time.
/// </summary>
internal static class OrtSettingsBench
{
    public static Task<int> RunAsync(string? frameSource, int runs, CancellationToken cancellationToken)
    {
        var frame = BenchFrame.Load(frameSource, runs);
        var settings = new (string Name, FaceModelOptions Options)[]
        {
            ("defaults: All, threads = cores, no spinning, arena", new()),
            ("1 intra-op thread", new() { IntraOpThreads = 1 }),
            ("2 intra-op threads", new() { IntraOpThreads = 2 }),
            ("optimisation Extended", new() { Optimization = OnnxOptimization.Extended }),
            ("optimisation Basic", new() { Optimization = OnnxOptimization.Basic }),
            ("thread spinning (ORT's default)", new() { ThreadSpinning = true }),
            ("no memory arena", new() { MemoryArena = false }),
        };

        FaceEngine.Create(settings[0].Options).Dispose(); // the first load reads the files from disk
        Console.WriteLine($"{"setting",-50} {"load",8} {"SSD/frame",16} {"descriptor/face",18} {"chain/frame",16}   (wall ms, CPU ms)");
        foreach (var (name, options) in settings)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var load = EngineBench.Time(Math.Min(runs, 3), () => FaceEngine.Create(options).Dispose());
            using var ssd = new SsdMobilenetV1Detector(options);
            using var descriptor = new DlibResNetDescriptor(options);
            using var engine = FaceEngine.Create(options);
            var chip = ChipOf(engine, frame);
            var detect = EngineBench.Time(runs, () => ssd.Detect(frame));
            var describe = EngineBench.Time(2 * runs, () => descriptor.Describe(chip));
            var chain = EngineBench.Time(runs, () => engine.FindFaces(frame, cancellationToken));
            Console.WriteLine($"{name,-50} {load.Median,8:F0} {Pair(detect),16} {Pair(describe),18} {Pair(chain),16}");
        }

        return Task.FromResult(0);
    }

    private static RgbImage ChipOf(FaceEngine engine, RgbImage frame) =>
        engine.FindFaces(frame) is [var face, ..]
            ? new DlibFaceChipAligner().Align(frame, face.Landmarks)
            : throw new InvalidDataException("The benchmark frame has no face; pass --frame with one.");

    private static string Pair((double First, double Median, double Cpu) t) => $"{t.Median:F1} ({t.Cpu:F1})";
}
