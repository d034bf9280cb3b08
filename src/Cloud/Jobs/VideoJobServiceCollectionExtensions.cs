using Classroom.Recognition.Hosting;
using Classroom.Recognition.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Classroom.Cloud.Jobs;

/// <summary>The function's work without a host: what the function app registers and what <c>./classroom workload --target local</c> runs.</summary>
public static class VideoJobServiceCollectionExtensions
{
    /// <summary>
    /// The cloud stores (<see cref="CloudServiceCollectionExtensions.AddClassroomCloud"/>), the face engine, the pipeline
    /// with the function's limits (its video timeout inside host.json's functionTimeout) and <see cref="VideoBlobJob"/>.
    /// </summary>
    public static IServiceCollection AddClassroomVideoJob(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddClassroomCloud(configuration);
        services.AddFaceEngine(configuration);
        // Before the section is bound, so a configured value wins: inside host.json's functionTimeout (LimitsOptions).
        services.AddOptions<LimitsOptions>().Configure(limits => limits.VideoTimeout = LimitsOptions.FunctionDefaultTimeout);
        services.AddClassroomRecognition(configuration);
        services.TryAddSingleton<VideoBlobJob>();
        return services;
    }
}
