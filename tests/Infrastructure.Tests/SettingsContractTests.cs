using System.Text.RegularExpressions;

namespace Classroom.Infrastructure.Tests;

/// <summary>
/// Infra and code cannot drift: docs/settings.md (the shared contract), local.settings.sample.json and
/// the function's attributes must agree with the app settings the template sets.
/// </summary>
public sealed partial class SettingsContractTests
{
    [Fact]
    public void Every_setting_the_contract_sets_in_azure_is_in_the_template_and_no_local_only_one_is()
    {
        var settings = Infra.AppSettings;
        foreach (var row in SettingsContract.Rows())
        {
            foreach (var name in row.Names)
            {
                if (row.AbsentInAzure)
                {
                    Assert.False(settings.ContainsKey(name), $"{name} is local-only in docs/settings.md but the template sets it");
                }
                else
                {
                    Assert.True(settings.ContainsKey(name), $"{name} (docs/settings.md) is missing from the function app's settings in bicep/modules/functionapp.bicep");
                }
            }
        }
    }

    [Fact]
    public void Every_setting_the_template_sets_is_in_the_contract()
    {
        var documented = SettingsContract.Rows().SelectMany(r => r.Names).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(Infra.AppSettings.Keys, k => !documented.Contains(k));
    }

    [Fact]
    public void Azure_values_are_the_ones_the_contract_names()
    {
        var checkedValues = 0;
        foreach (var row in SettingsContract.Rows().Where(r => !r.AbsentInAzure))
        {
            foreach (var name in row.Names)
            {
                if (row.ExactAzureValue is { } exact)
                {
                    Assert.Equal((name, exact), (name, Infra.Resolved(name)));
                    checkedValues++;
                }
                else if (row.AppRelativePath is { } path)
                {
                    Assert.Equal((name, Infra.MainDefault("appContentRoot") + path), (name, Infra.Resolved(name)));
                    checkedValues++;
                }
            }
        }

        // Containers, roster blob, database, container, detector, tolerance, model and ffmpeg folders.
        Assert.True(checkedValues >= 10, $"only {checkedValues} values were comparable: has docs/settings.md's table changed shape?");
    }

    [FactWhenPresent("local.settings.sample.json")]
    public void Every_key_of_the_local_sample_is_in_the_contract()
    {
        var documented = SettingsContract.Rows().SelectMany(r => r.Names).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(SettingsContract.SampleKeys(), k => !documented.Contains(k));
    }

    [FactWhenPresent("local.settings.sample.json")]
    public void Worker_runtime_of_the_local_sample_is_the_flex_consumption_runtime()
    {
        var runtime = Infra.Site.Properties["functionAppConfig"]!["runtime"]!["name"]!.ToString();
        Assert.Equal(runtime, SettingsContract.SampleValue("FUNCTIONS_WORKER_RUNTIME"));
    }

    [FactWhenPresent("src/FunctionApp")]
    public void Every_connection_and_setting_the_function_attributes_name_is_set()
    {
        var functionSources = Sources("FunctionApp");
        var settings = Infra.AppSettings;
        var connections = functionSources.SelectMany(s => ConnectionArgument().Matches(s))
            .Select(m => m.Groups[1].Success ? m.Groups[1].Value : Constant(m.Groups[2].Value))
            .Distinct().ToList();
        var expressions = functionSources.SelectMany(s => BindingExpression().Matches(s))
            .Select(m => m.Groups[1].Value.Replace(":", "__", StringComparison.Ordinal))
            .Distinct().ToList();
        Assert.NotEmpty(connections);
        Assert.NotEmpty(expressions);
        foreach (var connection in connections)
        {
            foreach (var part in new[] { "blobServiceUri", "queueServiceUri", "credential", "clientId" })
            {
                Assert.True(settings.ContainsKey($"{connection}__{part}"), $"connection {connection} lacks {connection}__{part}");
            }
        }

        Assert.DoesNotContain(expressions, e => !settings.ContainsKey(e));
    }

    [FactWhenPresent("src/FunctionApp")]
    public void Event_grid_stage_targets_a_function_the_app_defines()
    {
        var names = Sources("FunctionApp")
            .SelectMany(s => FunctionName().Matches(s))
            .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
            .ToList();
        Assert.Contains(Infra.EventGrid.Root["parameters"]!["functionName"]!["defaultValue"]!.ToString(), names);
    }

    /// <summary>C# sources of one src/ project, bin and obj excluded.</summary>
    private static List<string> Sources(string project) =>
        Directory.EnumerateFiles(Repo.PathOf("src", project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(d => d is "bin" or "obj"))
            .Select(File.ReadAllText)
            .ToList();

    /// <summary>The value of a string constant (Type.Name or Name) declared anywhere under src/.</summary>
    private static string Constant(string reference)
    {
        var name = reference[(reference.LastIndexOf('.') + 1)..];
        var values = Directory.GetDirectories(Repo.PathOf("src")).Select(Path.GetFileName).SelectMany(p => Sources(p!))
            .SelectMany(s => Regex.Matches(s, $$"""const\s+string\s+{{name}}\s*=\s*"([^"]*)"\s*;"""))
            .Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(values.Count == 1, $"constant {reference} not found (or ambiguous) under src/");
        return values[0];
    }

    /// <summary>Connection = "X" or Connection = SomeType.Constant in a trigger or binding attribute.</summary>
    [GeneratedRegex("""Connection\s*=\s*(?:"([^"%]+)"|([A-Za-z_][\w.]*))""")]
    private static partial Regex ConnectionArgument();

    /// <summary>%Setting% binding expressions, e.g. "%Classroom:InputContainer%/{name}".</summary>
    [GeneratedRegex("""%([A-Za-z0-9_:]+)%""")]
    private static partial Regex BindingExpression();

    /// <summary>[Function("Name")] or [Function(nameof(Name))].</summary>
    [GeneratedRegex("""\[Function\((?:"([^"]+)"|nameof\((\w+)\))\)\]""")]
    private static partial Regex FunctionName();
}
