using Classroom.Recognition.Detection;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Hosting;

/// <summary>Registers the face engine: each stage a singleton (models load once, on first use), options from "Classroom:Faces".</summary>
public static class FaceEngineServiceCollectionExtensions
{
    /// <summary>The key of the engine's quick detector (face-api's Tiny, made on first use: only `all` mode follows faces with it).</summary>
    public const string QuickDetector = "quick";

    public static IServiceCollection AddFaceEngine(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<FaceModelOptions>(configuration, FaceModelOptions.SectionName);

        services.TryAddSingleton<IFaceDetector>(sp => FaceDetectors.Create(sp.GetRequiredService<IOptions<FaceModelOptions>>().Value));
        services.TryAddSingleton<IFaceLandmarker>(sp => new FaceLandmark68Net(sp.GetRequiredService<IOptions<FaceModelOptions>>().Value));
        services.TryAddSingleton<IFaceAligner, DlibFaceChipAligner>();
        services.TryAddSingleton<IFaceDescriptorExtractor>(sp => new DlibResNetDescriptor(sp.GetRequiredService<IOptions<FaceModelOptions>>().Value));
        services.TryAddKeyedSingleton<IFaceDetector>(QuickDetector, (sp, _) => new TinyFaceDetector(sp.GetRequiredService<IOptions<FaceModelOptions>>().Value.ForQuickDetector()));
        services.TryAddSingleton<IFaceEngine>(sp => new FaceEngine(
            sp.GetRequiredService<IFaceDetector>(),
            sp.GetRequiredService<IFaceLandmarker>(),
            sp.GetRequiredService<IFaceAligner>(),
            sp.GetRequiredService<IFaceDescriptorExtractor>(),
            new Lazy<IFaceDetector>(() => sp.GetRequiredKeyedService<IFaceDetector>(QuickDetector))));
        return services;
    }
}
