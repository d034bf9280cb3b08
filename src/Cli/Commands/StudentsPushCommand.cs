using System.CommandLine;
using Classroom.Cloud.Cosmos;
using Classroom.Recognition.Roster;

namespace Classroom.Cli.Commands;

/// <summary>
/// <c>classroom students push [FILE]</c>: upserts student records into Cosmos DB (the function app's
/// <c>Classroom__Cosmos__*</c> settings): from a student_data.json, or without FILE the local store's.
/// </summary>
internal static class StudentsPushCommand
{
    /// <summary>The <c>push</c> subcommand of <see cref="StudentsCommand"/>'s group.</summary>
    public static Command Push()
    {
        var file = new Argument<string?>("file") { Description = "student_data.json (default: the local store's records)", Arity = ArgumentArity.ZeroOrOne };
        var data = CliOptions.Data();
        var push = new Command("push", "Upsert student records into Cosmos DB (id = name); creates database and container on a local emulator") { file, data };
        push.SetAction((parse, ct) => CloudCli.RunAsync("students push", () => PushAsync(parse.GetValue(file), parse.GetValue(data), ct)));
        return push;
    }

    private static async Task<int> PushAsync(string? file, string? data, CancellationToken cancellationToken)
    {
        // A bad file is bad input (exit 2), not a failure of the service (exit 1, CloudCli.RunAsync).
        var records = file is null
            ? await CliHost.LocalRoster(data).GetStudentsAsync(cancellationToken).ConfigureAwait(false)
            : await CliErrors.ReadInputAsync("students push", file, StudentRecordsFile.Read).ConfigureAwait(false);
        if (records is null)
        {
            return CliErrors.BadInvocation;
        }

        if (records.Count == 0)
        {
            await Console.Error.WriteLineAsync("classroom students push: no student records to push (import some with `students import FILE` or pass FILE)").ConfigureAwait(false);
            return 1;
        }

        var (client, options) = CloudCli.Cosmos(CloudCli.Configuration());
        using (client)
        {
            var count = await StudentSeeder.PushAsync(client, options, [.. records], cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"{count} student record(s) upserted into {client.Endpoint} {options.Database}/{options.Container}");
        }

        return 0;
    }
}
