using System.CommandLine;
using System.Text.RegularExpressions;
using Classroom.Recognition.Roster;
using Microsoft.Extensions.Options;

namespace Classroom.Cli.Commands;

/// <summary>Options several commands share (a fresh instance per command, as System.CommandLine wants).</summary>
internal static partial class CliOptions
{
    public static Option<string?> Data() => new("--data")
    {
        Description = "Folder of the local store (default: $XDG_DATA_HOME/classroom, i.e. ~/.local/share/classroom; setting Classroom__LocalStore__DataDirectory)",
    };

    /// <summary>
    /// A bad setting as one line, from the sections' validators (<c>OptionsRules</c>: the key, e.g.
    /// "Classroom:Matching:Tolerance must be in (0, 2]", and the value given), or from the configuration binder (a
    /// value of the wrong type, a name no choice has); null for any other exception.
    /// </summary>
    public static string? SettingError(Exception e) => e switch
    {
        OptionsValidationException o => o.Failures.FirstOrDefault() ?? o.Message,
        InvalidOperationException i when UnconvertibleValue().Match(i.Message) is { Success: true } m =>
            $"{m.Groups["key"].Value} cannot be '{m.Groups["value"].Value}'{Choices(m.Groups["type"].Value)}",
        _ => null,
    };

    /// <summary>" (one of A, B, C)" when <paramref name="typeName"/> is an enum's full name, else nothing.</summary>
    private static string Choices(string typeName) =>
        AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName)).FirstOrDefault(t => t is { IsEnum: true }) is { } type
            ? $" (one of {string.Join(", ", Enum.GetNames(type))})"
            : string.Empty;

    /// <summary>The binder's message: "Failed to convert configuration value 'x' at 'Classroom:Video:Decoder' to type '…VideoDecoder'."</summary>
    [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex UnconvertibleValue();

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
