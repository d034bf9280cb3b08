using Classroom.Recognition.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Classroom.Recognition.Roster;

/// <summary>Registration of the CLI's local store.</summary>
public static class LocalRosterServiceCollectionExtensions
{
    /// <summary>The embedded local store (SQLite under "Classroom:LocalStore:DataDirectory") as known faces and student records.</summary>
    public static IServiceCollection AddLocalRoster(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LocalStoreOptions>().Bind(configuration.GetSection(LocalStoreOptions.SectionName));
        services.AddSingleton<SqliteRoster>();
        services.AddSingleton<IKnownFaceStore>(sp => sp.GetRequiredService<SqliteRoster>());
        services.AddSingleton<IStudentRecords>(sp => sp.GetRequiredService<SqliteRoster>());
        return services;
    }
}
