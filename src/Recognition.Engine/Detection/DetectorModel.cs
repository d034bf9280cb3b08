using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Classroom.Recognition.Detection;

/// <summary>Runs a detector graph: its one NCHW float input filled in place, in ORT's own memory.</summary>
internal static class DetectorModel
{
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
