using Classroom.Recognition.Faces;
using Classroom.Recognition.Models;

namespace Classroom.Recognition.Detection;

/// <summary>Creates the detector the options name (setting <c>Classroom:Faces:Detector</c>).</summary>
public static class FaceDetectors
{
    public static IFaceDetector Create(FaceModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Detector switch
        {
            FaceDetectorKind.Ssd => new SsdMobilenetV1Detector(options),
            FaceDetectorKind.Tiny => new TinyFaceDetector(options),
            var other => throw new NotSupportedException($"Detector '{other}' is not available in this build."),
        };
    }
}
