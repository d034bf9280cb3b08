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
        return new InferenceSession(modelPath, sessionOptions);
    }
}
