using System.Text.Json;
using Classroom.FaceModels;
using Classroom.ModelBuilder.Graphs;
using Classroom.ModelBuilder.Tfjs;

namespace Classroom.ModelBuilder;

/// <summary>
/// <c>Classroom.ModelBuilder FACE_API_MODEL_FOLDER OUTPUT_FOLDER</c>: turns face-api's TF.js weights into the face
/// engine's ONNX files (<see cref="FaceModelFiles"/>), each written atomically (temp file, then rename). Run by
/// FaceModels.targets during the build when the weights or this tool change. Bad input: one line on stderr, exit 2.
/// </summary>
internal static class FaceModelBuild
{
    public const string Usage = "usage: Classroom.ModelBuilder FACE_API_MODEL_FOLDER OUTPUT_FOLDER";

    public static int Run(IReadOnlyList<string> args, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Count != 2 || args.Any(a => a.StartsWith('-')))
        {
            error.WriteLine(Usage);
            return 2;
        }

        var (weights, output) = (args[0], args[1]);
        if (!Directory.Exists(weights))
        {
            error.WriteLine($"model-builder: no such folder: {weights} (face-api's model folder: run scripts/setup.sh)");
            return 2;
        }

        try
        {
            Directory.CreateDirectory(output);
            Write(output, FaceModelFiles.Ssd, SsdMobilenetV1Graph.Build(Load(weights, "ssd_mobilenetv1_model")));
            var tiny = Load(weights, "tiny_face_detector_model");
            foreach (var size in FaceModelFiles.TinyInputSizes)
            {
                Write(output, FaceModelFiles.Tiny(size), TinyFaceDetectorGraph.Build(tiny, size));
            }

            Write(output, FaceModelFiles.Landmarks68, FaceLandmark68Graph.Build(Load(weights, "face_landmark_68_model")));
            Write(output, FaceModelFiles.Descriptor, DlibResNetGraph.Build(Load(weights, "face_recognition_model")));
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            error.WriteLine($"model-builder: {e.Message.ReplaceLineEndings(" ")}");
            return 2;
        }
    }

    /// <summary>One network's weights: face-api's <c>NAME-weights_manifest.json</c> and the shards it names.</summary>
    private static TfjsWeights Load(string folder, string network) =>
        TfjsWeights.Load(Path.Combine(folder, $"{network}-weights_manifest.json"));

    private static void Write(string folder, string file, byte[] model)
    {
        var path = Path.Combine(folder, file);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temp, model);
        File.Move(temp, path, overwrite: true);
    }
}
