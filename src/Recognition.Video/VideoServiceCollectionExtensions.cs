using Classroom.Recognition.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Classroom.Recognition.Video;

/// <summary>Registration of the decoders.</summary>
public static class VideoServiceCollectionExtensions
{
    /// <summary>Options ("Classroom:Video", checked at start) and the frame source <see cref="VideoFrameSources"/> picks, a singleton.</summary>
    public static IServiceCollection AddClassroomVideo(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<VideoOptions>(configuration, VideoOptions.SectionName);
        services.TryAddSingleton(VideoFrameSources.Create);
        return services;
    }
}
