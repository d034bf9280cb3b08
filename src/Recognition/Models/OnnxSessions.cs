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
            GraphOptimizationLevel = options.Optimization switch
            {
                OnnxOptimization.Extended => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                OnnxOptimization.Basic => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                OnnxOptimization.None => GraphOptimizationLevel.ORT_DISABLE_ALL,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            },
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpThreads,
            EnableCpuMemArena = options.MemoryArena,
        };

        // onnxruntime_session_options_config_keys.h: "session.intra_op.allow_spinning".
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", options.ThreadSpinning ? "1" : "0");
        return new InferenceSession(modelPath, sessionOptions);
    }
}
