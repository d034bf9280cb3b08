using System.CommandLine;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Roster;
using Microsoft.Extensions.DependencyInjection;

namespace Classroom.Cli.Commands;

/// <summary>
/// <c>classroom enroll --name NAME PHOTO... [--face N]</c>: adds a person's face from photos to the local store; a photo
/// with several faces is enrolled only with the face chosen (<c>--face N</c>, or asked on a terminal), never a guess;
/// with <c>--major</c>/<c>--year</c> also their student record. Enrolling the same photo twice changes nothing.
/// </summary>
internal static class EnrollCommand
{
    public static Command Create()
    {
        var photos = new Argument<string[]>("photos") { Description = "Photos of the person (JPEG, PNG, …), ideally one face each", Arity = ArgumentArity.OneOrMore };
        var name = new Option<string>("--name") { Description = "The person's name, as the student records spell it", Required = true };
        var major = new Option<string?>("--major") { Description = "Also store the student record: major" };
        var year = new Option<string?>("--year") { Description = "Also store the student record: year" };
        var face = new Option<int?>("--face") { Description = "In a photo with several faces, the one to enrol (1 = first listed: most confident)" };
        var data = CliOptions.Data();
        var command = new Command("enroll", "Add a person's face from photos to the local store") { photos, name, major, year, face, data };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(name)!, parse.GetValue(photos)!, parse.GetValue(major), parse.GetValue(year), parse.GetValue(data), ct, parse.GetValue(face)));
        return command;
    }

    internal static async Task<int> RunAsync(string name, IReadOnlyList<string> photos, string? major, string? year, string? data, CancellationToken cancellationToken, int? choice = null)
    {
        name = name.Trim();
        if (choice is < 1)
        {
            await Console.Error.WriteLineAsync($"classroom enroll: --face must be 1 or more (got {choice})").ConfigureAwait(false);
            return 2;
        }

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

                // --face picks among several faces; a photo of one face is that face whatever --face says.
                var chosen = found.Count == 1 ? found[0] : await ChooseAsync(photo, found, choice).ConfigureAwait(false);
                faces.Add(new KnownFace(name, chosen.Descriptor));
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
        if (faces.Count > 0 && await roster.FindAsync(name, cancellationToken).ConfigureAwait(false) is null)
        {
            await Console.Error.WriteLineAsync($"classroom enroll: {name} has no student record, so a video of them gives no_record: add one with --major M --year Y, or classroom students import FILE").ConfigureAwait(false);
        }

        return failures == 0 ? 0 : 1;
    }

    /// <summary>The face <paramref name="choice"/> names, the one a person picks on a terminal, or none (the photo fails, listing the faces).</summary>
    private static async Task<DetectedFace> ChooseAsync(string photo, IReadOnlyList<DetectedFace> found, int? choice)
    {
        if (choice is { } n)
        {
            return n <= found.Count ? found[n - 1] : throw new InvalidDataException($"--face {n}, but the photo has {found.Count} face(s): {List(found)}");
        }

        if (Console.IsInputRedirected || Console.IsErrorRedirected)
        {
            throw new InvalidDataException($"{found.Count} faces; choose one with --face N: {List(found)}");
        }

        await Console.Error.WriteAsync($"classroom enroll: {photo}: {found.Count} faces: {List(found)}; which one? [1-{found.Count}] ").ConfigureAwait(false);
        var answer = Console.ReadLine();
        return int.TryParse(answer, out var picked) && picked >= 1 && picked <= found.Count
            ? found[picked - 1]
            : throw new InvalidDataException($"no face chosen (answer 1-{found.Count}, or pass --face N)");
    }

    /// <summary>"1: 80×80 at (120,40), confidence 0.98; 2: …" in the order --face counts.</summary>
    private static string List(IReadOnlyList<DetectedFace> faces) => string.Join("; ", faces.Select((f, i) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{i + 1}: {f.Box.Width:F0}×{f.Box.Height:F0} at ({f.Box.X:F0},{f.Box.Y:F0}), confidence {f.Box.Score:F2}")));
}
