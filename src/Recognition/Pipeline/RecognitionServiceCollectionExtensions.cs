using Classroom.Recognition.Hosting;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Video;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Classroom.Recognition.Pipeline;

/// <summary>Registration of the pipeline for the CLI and the function app.</summary>
public static class RecognitionServiceCollectionExtensions
{
    /// <summary>
    /// The decoders (<see cref="VideoFrameSources.AddClassroomVideo"/>), options ("Classroom:Matching",
    /// "Classroom:Search", "Classroom:Limits", checked at start) and the video processor, a singleton. The host adds logging, the face engine (<c>AddFaceEngine</c>) and its stores: <c>AddLocalRoster</c>
    /// locally, Cosmos DB and the roster blob in Azure.
    /// </summary>
    public static IServiceCollection AddClassroomRecognition(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddClassroomVideo(configuration);
        services.AddValidatedOptions<MatchingOptions>(configuration, MatchingOptions.SectionName);
        services.AddValidatedOptions<FaceSearchOptions>(configuration, FaceSearchOptions.SectionName);
        services.AddValidatedOptions<LimitsOptions>(configuration, LimitsOptions.SectionName);
        services.TryAddSingleton<IVideoProcessor, VideoProcessor>();
        return services;
    }
}
