using System.CommandLine;
using Classroom.Recognition.Roster;
using Spectre.Console;

using Classroom.Cli.Batch;

namespace Classroom.Cli.Commands;

/// <summary><c>classroom students import FILE</c> (the original's student_data.json) and <c>students list</c>, on the local store.</summary>
internal static class StudentsCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "student_data.json: [{\"id\", \"name\", \"major\", \"year\"}]" };
        var importData = CliOptions.Data();
        var import = new Command("import", "Add or update student records from a student_data.json file") { file, importData };
        import.SetAction((parse, ct) => ImportAsync(parse.GetValue(file)!, parse.GetValue(importData), ct));

        var listData = CliOptions.Data();
        var list = new Command("list", "Show the student records in the local store") { listData };
        list.SetAction((parse, ct) => ListAsync(parse.GetValue(listData), ct));
        // The whole group here: the local store's import and list, erasure (StudentsForgetCommand), Cosmos DB (StudentsPushCommand).
        return new Command("students", "Student records: the local store's, and Cosmos DB's") { import, list, StudentsForgetCommand.Forget(), StudentsPushCommand.Push() };
    }

    internal static async Task<int> ImportAsync(string file, string? data, CancellationToken cancellationToken)
    {
        if (await CliErrors.ReadInputAsync("students import", file, StudentRecordsFile.Read).ConfigureAwait(false) is not { } records)
        {
            return CliErrors.BadInvocation;
        }

        var roster = CliHost.LocalRoster(data);
        var written = await roster.UpsertStudentsAsync(records, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"{written} student record(s) imported from {file} into {roster.DatabasePath}");
        return 0;
    }

    private static async Task<int> ListAsync(string? data, CancellationToken cancellationToken)
    {
        var roster = CliHost.LocalRoster(data);
        var table = new Table().Border(TableBorder.Rounded).AddColumns("id", "name", "major", "year");
        foreach (var r in await roster.GetStudentsAsync(cancellationToken).ConfigureAwait(false))
        {
            table.AddRow(r.Id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", TerminalText.Markup(r.Name), TerminalText.Markup(r.Major), TerminalText.Markup(r.Year));
        }

        AnsiConsole.Write(table);
        Console.WriteLine($"store: {roster.DatabasePath}");
        return 0;
    }
}
