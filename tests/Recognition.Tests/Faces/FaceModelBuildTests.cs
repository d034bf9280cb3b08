using Classroom.ModelBuilder;
using Classroom.Recognition.Detection;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Models;
using Classroom.Recognition.Tests.Support;

namespace Classroom.Recognition.Tests.Faces;

/// <summary>
/// The models the build makes (tools/ModelBuilder, run by FaceModels.targets) are what the importer writes from
/// face-api's weights now, they reach every referencing project's <c>models/</c> folder, and the runtime loads them
/// from there; bad input to the tool or a missing model is one line.
/// </summary>
public sealed class FaceModelBuildTests
{
    private static string FaceApiModels => Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(SamplePhotos.Path(1)))!, "model");

    private static string Shipped => new FaceModelOptions().ModelDirectory;

    [Fact]
    public void The_models_beside_the_app_are_the_importers_output_from_face_apis_weights()
    {
        var output = Directory.CreateTempSubdirectory("classroom-models-").FullName;
        try
        {
            using var error = new StringWriter();

            var exit = FaceModelBuild.Run([FaceApiModels, output], error);

            Assert.True(exit == 0, error.ToString());
            Assert.Empty(error.ToString());
            var built = Directory.GetFiles(output).Select(Path.GetFileName).Order().ToList();
            Assert.Equal(10, built.Count); // SSD, Tiny at face-api's seven suggested sizes, 68 landmarks, descriptor
            Assert.Equal(built, Directory.GetFiles(Shipped).Select(Path.GetFileName).Order().ToList());
            Assert.All(built, file => Assert.True(
                File.ReadAllBytes(Path.Combine(output, file!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(Shipped, file!))),
                $"models/{file} differs from what the importer writes now: the build did not rerun it"));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("--help")]
    [InlineData("/nonexistent/model out")]
    [InlineData("/ out extra")]
    public void The_tool_refuses_bad_input_with_one_line_and_exit_2(string commandLine)
    {
        using var error = new StringWriter();

        Assert.Equal(2, FaceModelBuild.Run(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries), error));
        Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_folder_without_face_apis_weights_is_one_line_naming_the_missing_file()
    {
        var empty = Directory.CreateTempSubdirectory("classroom-models-").FullName;
        try
        {
            using var error = new StringWriter();

            Assert.Equal(2, FaceModelBuild.Run([empty, Path.Combine(empty, "out")], error));
            Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("ssd_mobilenetv1_model-weights_manifest.json", error.ToString(), StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(Path.Combine(empty, "out")));
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void A_missing_model_is_one_line_naming_the_file_and_the_setting()
    {
        var empty = Directory.CreateTempSubdirectory("classroom-models-").FullName;
        try
        {
            var options = new FaceModelOptions { ModelDirectory = empty, Detector = FaceDetectorKind.Tiny, InputSize = 320 };

            var error = Assert.Throws<FileNotFoundException>(() => FaceEngine.Create(options));

            Assert.Contains("tiny_face_detector_320.onnx", error.Message, StringComparison.Ordinal);
            Assert.Contains("Classroom:Faces:ModelDirectory", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
