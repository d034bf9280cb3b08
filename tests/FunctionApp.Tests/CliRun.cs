using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Classroom.FunctionApp.Tests;

/// <summary>The built <c>classroom</c> CLI in its own process, with the app's settings as environment variables (the CLI reads them as the function app does).</summary>
internal static class CliRun
{
    /// <param name="configuration">The app's settings (their <c>Classroom…</c> keys are passed); null: none, and no storage connection from the test's environment.</param>
    /// <param name="folder">The working folder: one without <c>local.settings.json</c>, so only these settings count.</param>
    /// <param name="args">The command line.</param>
    public static (int Exit, string Stdout, string Stderr) Run(IConfiguration? configuration, string folder, params string[] args) =>
        Run(configuration, folder, new Dictionary<string, string>(), args);

    /// <param name="configuration">As above.</param>
    /// <param name="folder">As above.</param>
    /// <param name="environment">Further environment variables (e.g. TMPDIR).</param>
    /// <param name="args">The command line.</param>
    public static (int Exit, string Stdout, string Stderr) Run(IConfiguration? configuration, string folder, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "classroom.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment.Remove(Cloud.ClassroomCloudOptions.StorageConnectionName);
        foreach (var (key, value) in configuration?.AsEnumerable() ?? [])
        {
            if (value is not null && key.StartsWith("Classroom", StringComparison.Ordinal))
            {
                start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }
}
