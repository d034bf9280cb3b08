using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Classroom.FunctionApp.Tests;

/// <summary>local.settings.sample.json's Values as configuration, the way the host passes them (env vars, <c>__</c> = <c>:</c>).</summary>
internal static class LocalSettings
{
    public static string SamplePath => Path.Combine(RepoPaths.Root, "local.settings.sample.json");

    public static Dictionary<string, string?> SampleValues()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SamplePath));
        return document.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value.GetString());
    }

    /// <summary>The sample's values with <paramref name="overrides"/> applied (same key forms).</summary>
    public static IConfiguration Build(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var values = SampleValues();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            values[key.Replace("__", ":", StringComparison.Ordinal)] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
