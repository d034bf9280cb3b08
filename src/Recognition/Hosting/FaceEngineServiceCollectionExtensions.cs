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
        var section = configuration.GetSection(FaceModelOptions.SectionName);
        services.AddOptions<FaceModelOptions>().Bind(section);
        services.AddOptions<FaceDetectorOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FaceDetectorOptions>, DetectorOptionsValidator>());

        services.TryAddSingleton<IFaceDetector>(sp =>
            FaceDetectors.Create(sp.GetRequiredService<IOptions<FaceModelOptions>>().Value, sp.GetRequiredService<IOptions<FaceDetectorOptions>>().Value));
        services.TryAddSingleton<IFaceLandmarker>(sp => new FaceLandmark68Net(sp.GetRequiredService<IOptions<FaceModelOptions>>().Value));
        services.TryAddSingleton<IFaceAligner, DlibFaceChipAligner>();
        services.TryAddSingleton<IFaceDescriptorExtractor>(sp => new DlibResNetDescriptor(sp.GetRequiredService<IOptions<FaceModelOptions>>().Value));
        services.TryAddKeyedSingleton<IFaceDetector>(QuickDetector, (sp, _) => new TinyFaceDetector(sp.GetRequiredService<IOptions<FaceModelOptions>>().Value));
        services.TryAddSingleton<IFaceEngine>(sp => new FaceEngine(
            sp.GetRequiredService<IFaceDetector>(),
            sp.GetRequiredService<IFaceLandmarker>(),
            sp.GetRequiredService<IFaceAligner>(),
            sp.GetRequiredService<IFaceDescriptorExtractor>(),
            new Lazy<IFaceDetector>(() => sp.GetRequiredKeyedService<IFaceDetector>(QuickDetector))));
        return services;
    }

    /// <summary>Reports the first bad detector setting, in <see cref="FaceDetectorOptions.Resolve"/>'s words.</summary>
    private sealed class DetectorOptionsValidator : IValidateOptions<FaceDetectorOptions>
    {
        public ValidateOptionsResult Validate(string? name, FaceDetectorOptions options)
        {
            try
            {
                options.Resolve();
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentOutOfRangeException e)
            {
                return ValidateOptionsResult.Fail($"{FaceModelOptions.SectionName}: {e.Message}");
            }
        }
    }
}
