namespace Classroom.Infrastructure.Tests;

/// <summary>The compiled templates, loaded once per test run, and the names used across tests.</summary>
internal static class Infra
{
    public static readonly Lazy<ArmTemplate> MainTemplate = new(() => ArmTemplate.Load("main.json"));
    public static readonly Lazy<ArmTemplate> EventGridTemplate = new(() => ArmTemplate.Load("eventgrid.json"));

    public static ArmTemplate Main => MainTemplate.Value;

    public static ArmTemplate EventGrid => EventGridTemplate.Value;

    public static ArmResource Site => Main.Single("Microsoft.Web/sites");

    /// <summary>The function app's app settings: name → raw value (literal or ARM expression).</summary>
    public static IReadOnlyDictionary<string, string> AppSettings =>
        Site.Properties["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => (string)s!["name"]!, s => s!["value"]!.ToString(), StringComparer.Ordinal);

    public static string? Resolved(string appSetting) => Site.Resolve(Site.Properties["siteConfig"]!["appSettings"]!.AsArray()
        .Single(s => (string)s!["name"]! == appSetting)!["value"]);

    /// <summary>The root template's default for one of main.bicep's parameters.</summary>
    public static string MainDefault(string parameter) => Main.Root["parameters"]![parameter]!["defaultValue"]!.ToString();
}
