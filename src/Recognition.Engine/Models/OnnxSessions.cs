using Microsoft.ML.OnnxRuntime;

namespace Classroom.Recognition.Models;

/// <summary>Opens the face models (the .onnx files the build makes) as ONNX Runtime sessions with the product's settings.</summary>
public static class OnnxSessions
{
    /// <summary>One model of <see cref="FaceModelOptions.ModelDirectory"/>, e.g. <c>ssd_mobilenetv1.onnx</c>; a missing file is one clear line.</summary>
    public static InferenceSession Open(FaceModelOptions options, string modelFile)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = Path.Combine(options.ModelDirectory, modelFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Face model {modelFile} is not in '{options.ModelDirectory}' ({FaceModelOptions.SectionName}:ModelDirectory): build the app (dotnet build makes it) or set that folder.", path);
        }

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
        return new InferenceSession(path, sessionOptions);
    }
}
