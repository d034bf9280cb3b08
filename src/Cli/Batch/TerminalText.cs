using System.Globalization;
using System.Text;

namespace Classroom.Cli.Batch;

/// <summary>
/// Text from files (video names, roster names, records, decoder messages) made safe to print on a terminal: control
/// characters (ESC sequences could move the cursor, retitle the window or rewrite what was printed before) and the
/// bidirectional overrides (which reorder what a reader sees) are shown as <c>\x1B</c>/<c>\u202E</c> instead of acting.
/// The one place this is decided; JSON output is escaped by its writer.
/// </summary>
internal static class TerminalText
{
    /// <summary>For Spectre.Console markup: safe, and its [ ] escaped.</summary>
    public static string Markup(string? text) => Spectre.Console.Markup.Escape(Safe(text));

    public static string Safe(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        if (!text.Any(Acts))
        {
            return text;
        }

        var safe = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            safe.Append(!Acts(c) ? c.ToString() : c <= 0xFF ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}") : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"));
        }

        return safe.ToString();
    }

    private static bool Acts(char c) => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C';
}
