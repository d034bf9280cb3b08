using System.CommandLine;
using Classroom.Recognition.Roster;
using Spectre.Console;

using Classroom.Cli.Batch;

namespace Classroom.Cli.Commands;

/// <summary>
/// <c>classroom faces import FILE</c> (the original's encoding pickle or our JSON: each person in the file ends up with
/// exactly the file's faces), <c>faces export FILE</c> (our JSON) and <c>faces list</c>, on the local store.
/// </summary>
internal static class FacesRosterCommand
{
    /// <summary>The local store's subcommands of <see cref="FacesCommand"/>'s group.</summary>
    public static IEnumerable<Command> Subcommands()
    {
        var importFile = new Argument<string>("file") { Description = "encoding / encoding.dat (face_recognition pickle) or a classroom-known-faces JSON file" };
        var importData = CliOptions.Data();
        var import = new Command("import", "Load known faces into the local store (replacing the faces of the people in the file)") { importFile, importData };
        import.SetAction((parse, ct) => ImportAsync(parse.GetValue(importFile)!, parse.GetValue(importData), ct));

        var exportFile = new Argument<string>("file") { Description = "Where to write the known faces (classroom-known-faces JSON)" };
        var exportData = CliOptions.Data();
        var export = new Command("export", "Write the local store's known faces to a JSON file") { exportFile, exportData };
        export.SetAction((parse, ct) => ExportAsync(parse.GetValue(exportFile)!, parse.GetValue(exportData), ct));

        var listData = CliOptions.Data();
        var list = new Command("list", "Show who is in the local store's known faces") { listData };
        list.SetAction((parse, ct) => ListAsync(parse.GetValue(listData), ct));
        return [import, export, list];
    }

    private static SqliteRoster Roster(string? data) => CliHost.LocalRoster(data);

    internal static async Task<int> ImportAsync(string file, string? data, CancellationToken cancellationToken)
    {
        if (await CliErrors.ReadInputAsync("faces import", file, f => KnownFacesFile.Read(f)).ConfigureAwait(false) is not { } faces)
        {
            return CliErrors.BadInvocation;
        }

        var roster = Roster(data);
        var added = await roster.AddFacesAsync(faces, Path.GetFileName(file), replacePeople: true, cancellationToken).ConfigureAwait(false);
        var people = faces.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count();
        Console.WriteLine($"{added} face(s) of {people} people imported from {file} into {roster.DatabasePath}");
        return 0;
    }

    private static async Task<int> ExportAsync(string file, string? data, CancellationToken cancellationToken)
    {
        var roster = Roster(data);
        var faces = await roster.GetAllAsync(cancellationToken).ConfigureAwait(false);
        KnownFacesFile.Write(file, faces);
        Console.WriteLine($"{faces.Count} face(s) written to {file}");
        return 0;
    }

    private static async Task<int> ListAsync(string? data, CancellationToken cancellationToken)
    {
        var roster = Roster(data);
        var table = new Table().Border(TableBorder.Rounded).AddColumns("name", "faces");
        foreach (var g in (await roster.GetAllAsync(cancellationToken).ConfigureAwait(false)).GroupBy(f => f.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            table.AddRow(TerminalText.Markup(g.Key), g.Count().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        Console.WriteLine($"store: {roster.DatabasePath}");
        return 0;
    }
}
