using Microsoft.ML.OnnxRuntime;

namespace Classroom.Recognition.Models;

/// <summary>Creates ONNX Runtime sessions with the product's settings (one per model, created once).</summary>
public static class OnnxSessions
{
    public static InferenceSession Create(string modelPath, FaceModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpThreads,
        };

        // Idle intra-op threads sleep instead of spinning. Measured on the 2-core box with other work running
        // (SSD per frame, 2 threads): median 115 ms without spinning vs 282 ms with it (spinning threads steal
        // the cores the busy one needs); Tiny 5 ms vs 38 ms. The product always shares the cores with ffmpeg.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return new InferenceSession(modelPath, sessionOptions);
    }
}
