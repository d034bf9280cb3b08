using System.Diagnostics;

namespace Classroom.Infrastructure.Tests;

/// <summary>The lint gate itself: the pinned CLI, and a configuration that turns findings into errors.</summary>
public sealed class BicepCliTests
{
    [Fact]
    public void Templates_were_compiled_by_the_pinned_bicep_cli()
    {
        var (exit, output) = Run("--version");
        Assert.Equal(0, exit);
        Assert.Contains($"Bicep CLI version {Repo.BicepVersion} ", output, StringComparison.Ordinal);
        foreach (var template in new[] { Infra.Main, Infra.EventGrid })
        {
            Assert.StartsWith(Repo.BicepVersion + ".", template.Root["metadata"]!["_generator"]!["version"]!.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Repository_lint_configuration_turns_a_finding_into_an_error()
    {
        // A template with two findings the defaults only warn about (or ignore): an unused parameter and a hard-coded location.
        var dir = Directory.CreateTempSubdirectory("bicep-lint-");
        try
        {
            var file = Path.Combine(dir.FullName, "bad.bicep");
            File.WriteAllText(file, """
                param unused string
                resource id 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
                  name: 'id-test'
                  location: 'westeurope'
                }
                """);
            var (exit, output) = Run("lint", file, "--config", Repo.PathOf("bicep", "bicepconfig.json"));
            Assert.NotEqual(0, exit);
            Assert.Contains("Error no-unused-params", output, StringComparison.Ordinal);
            Assert.Contains("Error no-hardcoded-location", output, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Parameter_file_sets_only_parameters_main_declares()
    {
        var file = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.ArmDirectory, "main.parameters.json")))!;
        var declared = Infra.Main.Root["parameters"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var set = file["parameters"]!.AsObject().Select(p => p.Key).ToList();
        Assert.NotEmpty(set);
        Assert.DoesNotContain(set, p => !declared.Contains(p));
    }

    private static (int Exit, string Output) Run(params string[] args)
    {
        var start = new ProcessStartInfo(Repo.BicepPath) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "bicep did not finish within 2 minutes");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
