using Classroom.Recognition.Faces;
using Classroom.Recognition.Models;

namespace Classroom.Recognition.Detection;

/// <summary>Creates the detector the options name (setting <c>Classroom:Faces:Detector</c>).</summary>
public static class FaceDetectors
{
    public static IFaceDetector Create(FaceModelOptions models, FaceDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Resolve().Detector switch
        {
            FaceDetectorKind.Ssd => new SsdMobilenetV1Detector(models, options),
            FaceDetectorKind.Tiny => new TinyFaceDetector(models, options),
            var other => throw new NotSupportedException($"Detector '{other}' is not available in this build."),
        };
    }
}
