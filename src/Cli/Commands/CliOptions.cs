using System.CommandLine;
using Classroom.Recognition.Roster;

namespace Classroom.Cli.Commands;

/// <summary>Options several commands share (a fresh instance per command, as System.CommandLine wants).</summary>
internal static class CliOptions
{
    public static Option<string?> Data() => new("--data")
    {
        Description = "Folder of the local store (default: $XDG_DATA_HOME/classroom, i.e. ~/.local/share/classroom; setting Classroom__LocalStore__DataDirectory)",
    };

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
