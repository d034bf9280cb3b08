using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Classroom.Infrastructure.Tests;

/// <summary>One row of docs/settings.md: the names it defines, their local value and their Azure value.</summary>
internal sealed record SettingRow(IReadOnlyList<string> Names, string LocalValue, string AzureValue)
{
    /// <summary>"—" (local only) or "never set": Bicep must not set these names.</summary>
    public bool AbsentInAzure => AzureValue is "—" or "-" || AzureValue.Contains("never set", StringComparison.OrdinalIgnoreCase);

    /// <summary>A single back-ticked value with no placeholder (e.g. `videos`), or "same" as the local one.</summary>
    public string? ExactAzureValue =>
        AzureValue == "same" ? SingleCode(LocalValue) : SingleCode(AzureValue) is { } v && !v.Contains('<', StringComparison.Ordinal) ? v : null;

    /// <summary>A back-ticked `&lt;app&gt;/sub/path` value: the path the package carries.</summary>
    public string? AppRelativePath =>
        SingleCode(AzureValue) is { } v && v.StartsWith("<app>/", StringComparison.Ordinal) ? v["<app>".Length..] : null;

    private static string? SingleCode(string cell)
    {
        var codes = SettingsContract.CodeSpans(cell);
        return codes.Count == 1 && cell.Trim() == $"`{codes[0]}`" ? codes[0] : null;
    }
}

/// <summary>docs/settings.md (the shared contract) and local.settings.sample.json, read as data.</summary>
internal static partial class SettingsContract
{
    public static string DocPath => Repo.PathOf("docs", "settings.md");

    public static string SamplePath => Repo.PathOf("local.settings.sample.json");

    /// <summary>The rows of the settings table. Names like `A__x` / `__y` expand to A__x and A__y.</summary>
    public static IReadOnlyList<SettingRow> Rows()
    {
        var rows = new List<SettingRow>();
        foreach (var line in File.ReadLines(DocPath))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            // "| key | meaning | local | azure |" splits into 6 cells, the first and last empty.
            if (cells.Length != 6 || !cells[1].StartsWith('`'))
            {
                continue;
            }

            rows.Add(new SettingRow(ExpandNames(CodeSpans(cells[1])), cells[3], cells[4]));
        }

        Assert.True(rows.Count >= 10, $"{DocPath}: expected the settings table, found {rows.Count} rows");
        return rows;
    }

    /// <summary>Keys of local.settings.sample.json's Values, in app-setting form (':' becomes '__').</summary>
    public static IReadOnlyList<string> SampleKeys()
    {
        var values = JsonNode.Parse(File.ReadAllText(SamplePath), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true })?["Values"]?.AsObject();
        Assert.True(values is not null, $"{SamplePath} has no Values object");
        return values.Select(p => p.Key.Replace(":", "__", StringComparison.Ordinal)).ToList();
    }

    public static string? SampleValue(string key) =>
        JsonNode.Parse(File.ReadAllText(SamplePath), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true })?["Values"]?[key]?.ToString();

    public static IReadOnlyList<string> CodeSpans(string cell) =>
        CodeSpan().Matches(cell).Select(m => m.Groups[1].Value).ToList();

    private static List<string> ExpandNames(IReadOnlyList<string> codes)
    {
        var names = new List<string>();
        string? stem = null;
        foreach (var code in codes)
        {
            if (code.StartsWith("__", StringComparison.Ordinal) && stem is not null)
            {
                names.Add(stem + code);
            }
            else
            {
                names.Add(code);
                var last = code.LastIndexOf("__", StringComparison.Ordinal);
                stem = last > 0 ? code[..last] : code;
            }
        }

        return names;
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();
}
