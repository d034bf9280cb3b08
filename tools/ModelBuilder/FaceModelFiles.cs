namespace Classroom.FaceModels;

/// <summary>
/// The face engine's ONNX files: one naming rule for the tool that writes them (tools/ModelBuilder) and the runtime
/// that loads them (FaceModels.targets compiles this file into the engine too). A network's name, for Tiny its input
/// side, then ".onnx".
/// </summary>
internal static class FaceModelFiles
{
    public const string Ssd = "ssd_mobilenetv1.onnx";

    public const string Landmarks68 = "face_landmark_68.onnx";

    public const string Descriptor = "face_recognition.onnx";

    /// <summary>The Tiny input sizes built: face-api's TUTORIAL.md line 465, "common sizes are 128, 160, 224, 320, 416, 512, 608".</summary>
    public static readonly IReadOnlyList<int> TinyInputSizes = [128, 160, 224, 320, 416, 512, 608];

    /// <summary>Every file the tool writes.</summary>
    public static IEnumerable<string> All => [Ssd, .. TinyInputSizes.Select(Tiny), Landmarks68, Descriptor];

    public static string Tiny(int inputSize) => $"tiny_face_detector_{inputSize}.onnx";
}
