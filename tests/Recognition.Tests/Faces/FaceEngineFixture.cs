using Classroom.Recognition.Detection;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Models;

namespace Classroom.Recognition.Tests.Faces;

/// <summary>The face models, loaded once for every test class in the "face engine" collection.</summary>
public sealed class FaceEngineFixture : IDisposable
{
    public FaceEngineFixture()
    {
        Models = new FaceModelOptions();
        Detector = new SsdMobilenetV1Detector(Models);
        Landmarks = new FaceLandmark68Net(Models);
        Descriptor = new DlibResNetDescriptor(Models);
        Aligner = new DlibFaceChipAligner();
        Engine = new FaceEngine(Detector, Landmarks, Aligner, Descriptor);
    }

    public FaceModelOptions Models { get; }

    public SsdMobilenetV1Detector Detector { get; }

    public FaceLandmark68Net Landmarks { get; }

    public DlibResNetDescriptor Descriptor { get; }

    public DlibFaceChipAligner Aligner { get; }

    public FaceEngine Engine { get; }

    public void Dispose()
    {
        Engine.Dispose();
        Detector.Dispose();
        Landmarks.Dispose();
        Descriptor.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class FaceEngineGroup : ICollectionFixture<FaceEngineFixture>
{
    public const string Name = "face engine";
}
