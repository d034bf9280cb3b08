using System.CommandLine;
using Classroom.Recognition.Roster;
using Microsoft.Extensions.Options;

namespace Classroom.Cli.Commands;

/// <summary>Options several commands share (a fresh instance per command, as System.CommandLine wants).</summary>
internal static class CliOptions
{
    public static Option<string?> Data() => new("--data")
    {
        Description = "Folder of the local store (default: $XDG_DATA_HOME/classroom, i.e. ~/.local/share/classroom; setting Classroom__LocalStore__DataDirectory)",
    };

    /// <summary>
    /// A bad setting as one line, from the options classes' own checks (their messages start with the key, e.g.
    /// "Classroom:Matching:Tolerance must be in (0, 2]"), with the value given; null for any other exception.
    /// </summary>
    public static string? SettingError(Exception e) => e switch
    {
        ArgumentOutOfRangeException a when a.Message.StartsWith("Classroom:", StringComparison.Ordinal) => $"{Rule(a.Message)} (got {a.ActualValue})",
        OptionsValidationException o => Rule(o.Failures.FirstOrDefault() ?? o.Message),
        _ => null,
    };

    /// <summary>The rule of an ArgumentOutOfRangeException's message, without .NET's "(Parameter …)" and "Actual value was …" lines.</summary>
    private static string Rule(string message) => message.Split(" (Parameter", 2)[0].Split('\n', 2)[0].TrimEnd();

    /// <summary>Configuration overrides for a --data value.</summary>
    public static Dictionary<string, string?> Overrides(string? data)
    {
        var overrides = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(data))
        {
            overrides[LocalStoreOptions.SectionName + ":DataDirectory"] = data;
        }

        return overrides;
    }
}
