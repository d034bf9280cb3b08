using System.Globalization;
using Classroom.FaceModels;
using Classroom.Recognition.Detection;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Models;

/// <summary>
/// The rules of section <c>Classroom:Faces</c>, checked once at start (<c>ValidateOnStart</c>): the first bad setting as
/// one line naming its key, the rule and the value given. The stages take the values as they are.
/// </summary>
public sealed class FaceModelOptionsValidator : IValidateOptions<FaceModelOptions>
{
    public ValidateOptionsResult Validate(string? name, FaceModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var error =
            string.IsNullOrWhiteSpace(options.ModelDirectory) ? Bad("ModelDirectory", "must name the folder of the .onnx models", options.ModelDirectory)
            : !Enum.IsDefined(options.Detector) ? Bad("Detector", "must be Ssd or Tiny", options.Detector)
            : !(options.MinConfidence is > 0 and < 1) ? Bad("MinConfidence", "must be between 0 and 1 (exclusive)", options.MinConfidence)
            : options.MaxResults <= 0 ? Bad("MaxResults", "must be positive", options.MaxResults)
            : options.Detector == FaceDetectorKind.Tiny && !FaceModelFiles.TinyInputSizes.Contains(options.InputSize)
                ? Bad("InputSize", $"must be one of {string.Join(", ", FaceModelFiles.TinyInputSizes)}", options.InputSize)
            : options.IntraOpThreads < 0 ? Bad("IntraOpThreads", "must be 0 (one per core) or more", options.IntraOpThreads)
            : !Enum.IsDefined(options.Optimization) ? Bad("Optimization", "must be All, Extended, Basic or None", options.Optimization)
            : null;
        return error is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(error);
    }

    private static string Bad(string key, string rule, object? value) =>
        string.Create(CultureInfo.InvariantCulture, $"{FaceModelOptions.SectionName}:{key} {rule} (got {value})");
}
