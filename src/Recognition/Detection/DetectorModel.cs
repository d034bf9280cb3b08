using Classroom.Recognition.Models;
using Classroom.Recognition.Models.Tfjs;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Classroom.Recognition.Detection;

/// <summary>Loads a detector: TF.js weights from the face-api package, the ONNX graph (cached), one ORT session.</summary>
internal static class DetectorModel
{
    public static InferenceSession Open(FaceModelOptions models, string manifestFile, string graphName, int graphVersion, Func<TfjsWeights, byte[]> build) =>
        TfjsOnnxModel.Open(models, manifestFile, graphName, graphVersion, build);

    /// <summary>Runs a one-input graph on a [1, 3, size, size] tensor filled by <paramref name="fill"/>.</summary>
    public static IDisposableReadOnlyCollection<OrtValue> Run(InferenceSession session, string[] outputNames, int size, Action<Span<float>> fill)
    {
        using var input = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [1, 3, size, size]);
        fill(input.GetTensorMutableDataAsSpan<float>());
        using var runOptions = new RunOptions();
        return session.Run(runOptions, InputNames, [input], outputNames);
    }

    private static readonly string[] InputNames = ["input"];
}
