using Classroom.Recognition.Detection;
using Classroom.Recognition.Hosting;
using Classroom.Recognition.Models;

namespace Classroom.Recognition.Tests.Faces;

/// <summary>Section Classroom:Faces: real defaults that pass, and each bad value refused in one line with its key, the rule and the value.</summary>
public sealed class FaceSettingsTests
{
    private readonly OptionsRules<FaceModelOptions> validator = new();

    [Theory]
    [InlineData(FaceDetectorKind.Ssd)]
    [InlineData(FaceDetectorKind.Tiny)]
    public void The_defaults_are_valid_for_either_detector(FaceDetectorKind detector)
    {
        Assert.True(validator.Validate(null, new FaceModelOptions { Detector = detector }).Succeeded);
    }

    [Fact]
    public void Each_bad_value_names_its_key_the_rule_and_the_value()
    {
        Assert.Equal("Classroom:Faces:MinConfidence must be between 0 and 1 (exclusive) (got 0)", Error(new() { MinConfidence = 0 }));
        Assert.Equal("Classroom:Faces:MaxResults must be positive (got 0)", Error(new() { MaxResults = 0 }));
        Assert.Equal("Classroom:Faces:InputSize must be one of 128, 160, 224, 320, 416, 512, 608 (got 96)", Error(new() { Detector = FaceDetectorKind.Tiny, InputSize = 96 }));
        Assert.Equal("Classroom:Faces:ModelDirectory must name the folder of the .onnx models (got )", Error(new() { ModelDirectory = "" }));
        Assert.Equal("Classroom:Faces:IntraOpThreads must be 0 (one per core) or more (got -1)", Error(new() { IntraOpThreads = -1 }));
        Assert.Equal("Classroom:Faces:Detector must be Ssd or Tiny (got 7)", Error(new() { Detector = (FaceDetectorKind)7 }));
        Assert.Equal("Classroom:Faces:Optimization must be All, Extended, Basic or None (got 9)", Error(new() { Optimization = (OnnxOptimization)9 }));
    }

    [Fact]
    public void Ssd_ignores_the_tiny_input_size_and_the_quick_detector_keeps_face_apis_tiny_defaults()
    {
        var configured = new FaceModelOptions { InputSize = 100, MinConfidence = 0.9f, MaxResults = 3, ModelDirectory = "/m", IntraOpThreads = 1, ThreadSpinning = true };

        var quick = configured.ForQuickDetector();

        Assert.True(validator.Validate(null, configured).Succeeded);
        Assert.Equal((FaceDetectorKind.Tiny, 416, 0.5f, 100), (quick.Detector, quick.InputSize, quick.MinConfidence, quick.MaxResults));
        Assert.Equal(("/m", 1, true), (quick.ModelDirectory, quick.IntraOpThreads, quick.ThreadSpinning));
    }

    private string? Error(FaceModelOptions options) => validator.Validate(null, options).FailureMessage;
}
