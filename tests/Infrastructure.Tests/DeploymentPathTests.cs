using System.Text.RegularExpressions;

namespace Classroom.Infrastructure.Tests;

/// <summary>The deployment scripts and azure.yaml name only outputs and parameters the templates have.</summary>
public sealed partial class DeploymentPathTests
{
    private static string Read(params string[] parts) => File.ReadAllText(Repo.PathOf(parts));

    [Fact]
    public void Scripts_read_only_outputs_stage_one_produces()
    {
        var outputs = Infra.Main.Root["outputs"]!.AsObject().Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        var common = Read("scripts", "deploy", "common.sh");
        var loaded = OutputList().Match(common);
        Assert.True(loaded.Success, "common.sh no longer lists the outputs it loads");
        var names = loaded.Groups[1].Value.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(outputs.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));

        // Every AZURE_*/CLASSROOM_* variable the azd hook for Windows reads is an output (or one azd sets itself).
        string[] azdOwn = ["AZURE_RESOURCE_GROUP"];
        var hook = Read("scripts", "deploy", "azd-postdeploy.ps1");
        var used = Regex.Matches(hook, @"\$env:((?:AZURE|CLASSROOM)_\w+)").Select(m => m.Groups[1].Value)
            .Where(n => n is not "CLASSROOM_STUDENTS_FILE" and not "CLASSROOM_FACES_FILE").Distinct();
        Assert.DoesNotContain(used, n => !outputs.Contains(n) && !azdOwn.Contains(n));
    }

    [Theory]
    [InlineData("eventgrid.sh")]
    [InlineData("azd-postdeploy.ps1")]
    public void Event_grid_stage_is_called_with_parameters_it_declares(string script)
    {
        var declared = Infra.EventGrid.Root["parameters"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var text = Read("scripts", "deploy", script);
        var passed = ParameterArgument().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(5, passed.Count);
        Assert.DoesNotContain(passed, p => !declared.Contains(p));
        // Stage 2's parameters without a default must all be passed.
        var required = Infra.EventGrid.Root["parameters"]!.AsObject().Where(p => p.Value!["defaultValue"] is null).Select(p => p.Key);
        Assert.DoesNotContain(required, r => !passed.Contains(r));
    }

    [Fact]
    public void Azure_yaml_points_at_the_templates_the_app_and_hooks_that_exist()
    {
        var yaml = Read("azure.yaml");
        Assert.Matches(@"(?m)^infra:\s*\n\s+provider: bicep\s*\n\s+path: bicep\s*\n\s+module: main\s*$", yaml);
        var service = ServiceEntry().Match(yaml);
        Assert.True(service.Success, "azure.yaml has no function service");
        Assert.True(Directory.Exists(Repo.PathOf(service.Groups[2].Value.TrimStart('.', '/').Split('/'))), $"service project {service.Groups[2].Value} does not exist");
        // azd finds the app by its azd-service-name tag.
        var tags = Infra.Site.Node["tags"]!.ToString();
        Assert.Contains($"'azd-service-name', '{service.Groups[1].Value}'", tags, StringComparison.Ordinal);

        var hooks = Regex.Matches(yaml, @"run: \./(scripts/[\w/.-]+)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, hooks.Count); // postdeploy in sh and pwsh
        foreach (var hook in hooks)
        {
            var path = Repo.PathOf(hook.Split('/'));
            Assert.True(File.Exists(path), $"azure.yaml runs {hook}, which does not exist");
            if (hook.EndsWith(".sh", StringComparison.Ordinal) && !OperatingSystem.IsWindows())
            {
                Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute), $"{hook} is not executable");
            }
        }
    }

    [GeneratedRegex(@"local names=\(([^)]*)\)")]
    private static partial Regex OutputList();

    [GeneratedRegex(@"\b([a-z]\w+)=(?:""\$|\$env:)")]
    private static partial Regex ParameterArgument();

    [GeneratedRegex(@"(?m)^services:\s*\n\s+(\w+):.*\n\s+project: (\S+)\s*\n\s+language: dotnet\s*\n\s+host: function")]
    private static partial Regex ServiceEntry();
}
