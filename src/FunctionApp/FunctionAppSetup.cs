using Azure.Core;
using Classroom.Cloud;
using Classroom.Cloud.Jobs;
using Classroom.Recognition.Hosting;
using Classroom.Recognition.Pipeline;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Classroom.FunctionApp;

/// <summary>Everything the function app registers, in one place (Program.cs calls only this).</summary>
public static class FunctionAppSetup
{
    /// <summary>Telemetry ingestion with Microsoft Entra ID: <c>Authorization=AAD;ClientId=&lt;uami&gt;</c> (docs/settings.md).</summary>
    public const string TelemetryAuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static FunctionsApplicationBuilder AddClassroomFunctionApp(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddClassroomFunctionServices(builder.Configuration);
        builder.Services.AddClassroomTelemetry(builder.Configuration);
        return builder;
    }

    /// <summary>The app's services without the Functions host: what the DI test and the package self-check build.</summary>
    public static IServiceCollection AddClassroomFunctionServices(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddClassroomVideoJob(configuration);
        services.AddPackagedTools();
        return services;
    }

    /// <summary>Application Insights for the worker's own logs and dependencies; Entra ID ingestion when configured.</summary>
    public static IServiceCollection AddClassroomTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddApplicationInsightsTelemetryWorkerService();
        services.ConfigureFunctionsApplicationInsights();
        var authentication = configuration[TelemetryAuthenticationSetting];
        if (authentication?.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase) == true)
        {
            services.AddOptions<TelemetryConfiguration>().Configure<TokenCredential>((telemetry, credential) => telemetry.SetAzureTokenCredential(credential));
        }

        // The Application Insights logger provider defaults to Warning; let host.json's levels decide instead.
        services.Configure<LoggerFilterOptions>(options =>
        {
            var rule = options.Rules.FirstOrDefault(r => r.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
            if (rule is not null)
            {
                options.Rules.Remove(rule);
            }
        });
        return services;
    }
}
