using System.CommandLine;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Roster;
using Microsoft.Extensions.DependencyInjection;

namespace Classroom.Cli.Commands;

/// <summary>
/// <c>classroom enroll --name NAME PHOTO...</c>: adds a person's face from photos to the local store (the largest face
/// of each photo); with <c>--major</c>/<c>--year</c> also their student record. Enrolling the same photo twice changes nothing.
/// </summary>
internal static class EnrollCommand
{
    public static Command Create()
    {
        var photos = new Argument<string[]>("photos") { Description = "Photos of the person (JPEG, PNG, …), ideally one face each", Arity = ArgumentArity.OneOrMore };
        var name = new Option<string>("--name") { Description = "The person's name, as the student records spell it", Required = true };
        var major = new Option<string?>("--major") { Description = "Also store the student record: major" };
        var year = new Option<string?>("--year") { Description = "Also store the student record: year" };
        var data = CliOptions.Data();
        var command = new Command("enroll", "Add a person's face from photos to the local store") { photos, name, major, year, data };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(name)!, parse.GetValue(photos)!, parse.GetValue(major), parse.GetValue(year), parse.GetValue(data), ct));
        return command;
    }

    internal static async Task<int> RunAsync(string name, IReadOnlyList<string> photos, string? major, string? year, string? data, CancellationToken cancellationToken)
    {
        name = name.Trim();
        if (name.Length == 0)
        {
            await Console.Error.WriteLineAsync("classroom enroll: --name must not be empty").ConfigureAwait(false);
            return 2;
        }

        await using var services = CliHost.Services(CliHost.Configuration(CliOptions.Overrides(data)));
        var engine = services.GetRequiredService<IFaceEngine>();
        var roster = services.GetRequiredService<SqliteRoster>();
        var faces = new List<KnownFace>();
        var failures = 0;
        foreach (var photo in photos)
        {
            try
            {
                var found = engine.FindFaces(ImageFiles.Load(photo), cancellationToken);
                if (found.Count == 0)
                {
                    throw new InvalidDataException("no face found");
                }

                if (found.Count > 1)
                {
                    await Console.Error.WriteLineAsync($"classroom enroll: {photo}: {found.Count} faces; enrolled the largest").ConfigureAwait(false);
                }

                faces.Add(new KnownFace(name, found[0].Descriptor));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                failures++;
                await Console.Error.WriteLineAsync($"classroom enroll: {photo}: {e.Message}").ConfigureAwait(false);
            }
        }

        var added = await roster.AddFacesAsync(faces, "enroll", replacePeople: false, cancellationToken).ConfigureAwait(false);
        if (major is not null || year is not null)
        {
            await roster.UpsertStudentsAsync([new StudentRecord(name, major ?? string.Empty, year ?? string.Empty)], cancellationToken).ConfigureAwait(false);
        }

        Console.WriteLine($"{name}: {added} face(s) added ({faces.Count - added} already known), {failures} photo(s) failed; store {roster.DatabasePath}");
        return failures == 0 ? 0 : 1;
    }
}
