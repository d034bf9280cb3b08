using Classroom.FaceModels;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Models;
using Microsoft.ML.OnnxRuntime;

namespace Classroom.Recognition.Faces;

/// <summary>
/// The 128-d face descriptor of dlib's ResNet (face_recognition_model from @vladmandic/face-api) on ONNX Runtime.
/// Takes a 150x150 aligned chip (see <see cref="DlibFaceChipAligner"/>); any other size is padded to a square and
/// resized as face-api does. Thread-safe: one session, runs may overlap.
/// </summary>
public sealed class DlibResNetDescriptor : IFaceDescriptorExtractor
{
    /// <summary>face-api src/faceRecognitionNet/FaceRecognitionNet.ts forwardInput: toBatchTensor(150, true).</summary>
    private const int Size = 150;
    private const int ChipFloats = 3 * Size * Size;
    private const int DescriptorLength = 128;

    /// <summary>Chips per Run: bounds the input tensor (2.7 MB) and the activations while amortising the call.</summary>
    private const int MaxBatch = 8;

    private readonly InferenceSession _session;

    /// <summary>Loads <c>face_recognition.onnx</c>.</summary>
    public DlibResNetDescriptor(FaceModelOptions options)
    {
        _session = OnnxSessions.Open(options, FaceModelFiles.Descriptor);
    }

    public float[] Describe(RgbImage alignedChip) => Describe([alignedChip])[0];

    /// <summary>Descriptors of several chips, computed in batches; empty in, empty out.</summary>
    public IReadOnlyList<float[]> Describe(IReadOnlyList<RgbImage> alignedChips)
    {
        ArgumentNullException.ThrowIfNull(alignedChips);
        var result = new List<float[]>(alignedChips.Count);
        for (var start = 0; start < alignedChips.Count; start += MaxBatch)
        {
            var count = Math.Min(MaxBatch, alignedChips.Count - start);
            var input = new float[count * ChipFloats];
            for (var i = 0; i < count; i++)
            {
                var chip = alignedChips[start + i] ?? throw new ArgumentException("A chip is null.", nameof(alignedChips));
                var slot = input.AsSpan(i * ChipFloats, ChipFloats);
                if (chip.Width == Size && chip.Height == Size)
                {
                    FaceApiInput.WritePlanar(chip, slot);
                }
                else
                {
                    FaceApiInput.Write(chip, (0, 0, chip.Width, chip.Height), Size, slot);
                }
            }

            var output = Run(input, count);
            for (var i = 0; i < count; i++)
            {
                result.Add(output.AsSpan(i * DescriptorLength, DescriptorLength).ToArray());
            }
        }

        return result;
    }

    /// <summary>Runs the network on raw planar input [count,3,150,150] (0..255), returning [count,128] flat.</summary>
    internal float[] Run(float[] input, int count)
    {
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [count, 3, Size, Size]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, ["chip"], [tensor], ["descriptor"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public void Dispose() => _session.Dispose();
}
