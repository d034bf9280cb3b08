using System.Globalization;
using Classroom.Recognition.Pipeline;
using Spectre.Console;

namespace Classroom.Cli.Batch;

/// <summary>What a batch shows: a progress bar on stderr while it runs, then a summary table on stdout (or one JSON line per video).</summary>
internal static class BatchReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>stderr as a Spectre console, so stdout stays clean for tables or JSON.</summary>
    public static IAnsiConsole ErrorConsole { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    /// <summary>
    /// Runs <paramref name="work"/> with progress on stderr: on a terminal a bar counting videos (its title naming a long
    /// video's position); elsewhere (stderr piped or logged) plain lines: one per video as it finishes,
    /// <c>[3/10] name: status</c>, and for a long video its position every few seconds, so a long batch shows it is moving.
    /// </summary>
    /// <param name="duration">A video's length for a long video's time left (null: positions only).</param>
    public static async Task<T> WithProgressAsync<T>(string title, int total, Func<BatchProgress, Task<T>> work, Func<string, Task<TimeSpan?>>? duration = null)
    {
        if (!ErrorConsole.Profile.Capabilities.Interactive)
        {
            return await work(new BatchProgress(total, line => Console.Error.WriteLine(line), null, duration)).ConfigureAwait(false);
        }

        return await ErrorConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(TerminalText.Markup(title), maxValue: total);
                return await work(new BatchProgress(total, null, (done, reading) =>
                {
                    task.Increment(done ? 1 : 0);
                    task.Description = TerminalText.Markup(reading is null ? title : $"{title}: {reading}");
                }, duration)).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    public static void WriteTable(IReadOnlyList<BatchItem> items, string? csvFolder, TimeSpan wall)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive && AnsiConsole.Profile.Width < 140)
        {
            AnsiConsole.Profile.Width = 140; // redirected output: no terminal to fit, so keep rows on one line
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("video", "status", "student", "major", "year", "distance", "seen at", "ms");
        foreach (var item in items)
        {
            var r = item.Result;
            var who = r.Students.Count == 0 ? "" : string.Join(", ", r.Students.Select(s => s.Name));
            var status = r.Status == VideoStatus.Error
                ? $"[red]error[/]: {TerminalText.Markup(r.Error)}"
                : Colour(r.Status) + (r.UnknownFaces > 0 && r.Status != VideoStatus.UnknownPerson ? $" (+{r.UnknownFaces} unknown)" : "");
            table.AddRow(
                TerminalText.Markup(VideoInputs.DisplayName(item.Video)),
                status,
                TerminalText.Markup(who),
                TerminalText.Markup(string.Join(", ", r.Students.Select(s => s.Major ?? "-"))),
                TerminalText.Markup(string.Join(", ", r.Students.Select(s => s.Year ?? "-"))),
                string.Join(", ", r.Students.Select(s => s.Distance.ToString("F3", Inv))),
                string.Join(", ", r.Students.Select(s => s.Time.TotalSeconds.ToString("0.0#", Inv) + " s")),
                item.Elapsed.TotalMilliseconds.ToString("F0", Inv));
        }

        AnsiConsole.Write(table);
        var counts = items.GroupBy(i => i.Result.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToName()}");
        AnsiConsole.MarkupLine(TerminalText.Markup($"{items.Count} video(s) in {wall.TotalSeconds:F1} s: {string.Join(", ", counts)}"));
        if (csvFolder is not null && items.Any(i => i.Csv is not null))
        {
            AnsiConsole.MarkupLine($"CSVs in [bold]{TerminalText.Markup(csvFolder)}[/]");
        }
    }

    private static string Colour(VideoStatus status) => status switch
    {
        VideoStatus.Recognized => "[green]recognized[/]",
        VideoStatus.NoRecord => "[yellow]no_record[/]",
        VideoStatus.UnknownPerson => "[yellow]unknown_person[/]",
        _ => status.ToName(),
    };
}
