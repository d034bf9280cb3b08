using System.CommandLine;
using System.Text.Json;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Video;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

using Classroom.Cli.Batch;

namespace Classroom.Cli.Commands;

/// <summary>
/// <c>classroom faces FILE...</c>: the engine's user-facing check, like face_recognition's CLI. For an image, its faces;
/// for a video, the faces of the first sampled frame that has any. <c>--json</c>: one object per face per line.
/// </summary>
internal static class FacesCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Images (JPEG, PNG, …) or videos", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "One JSON object per face per line: file, frame, time, box [x,y,w,h], score, landmarks (dlib's 5), descriptor (128)" };
        var detector = new Option<string?>("--detector") { Description = "Ssd (default) or Tiny" };
        detector.AcceptOnlyFromAmong("Ssd", "Tiny", "ssd", "tiny");
        var command = new Command("faces", "Find faces and print their boxes, landmarks and 128-d descriptors") { files, json, detector };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(files)!, parse.GetValue(json), parse.GetValue(detector), cancellationToken));
        // The whole group here: the local store's import, export and list (FacesRosterCommand), the roster blob (FacesPushCommand).
        foreach (var sub in FacesRosterCommand.Subcommands().Append(FacesPushCommand.Push()))
        {
            command.Subcommands.Add(sub);
        }

        return command;
    }

    private static async Task<int> RunAsync(string[] files, bool json, string? detector, CancellationToken cancellationToken)
    {
        var overrides = new Dictionary<string, string?>
        {
            // Keep video frames at their own resolution so boxes are in the video's pixels.
            ["Classroom:Video:MaxDimension"] = "8192",
        };
        if (detector is not null)
        {
            overrides["Classroom:Faces:Detector"] = detector;
        }

        await using var services = CliHost.Services(CliHost.Configuration(overrides));
        var engine = services.GetRequiredService<IFaceEngine>();
        var frames = services.GetRequiredService<IVideoFrameSource>();
        var output = new FacesOutput(json);
        var failures = 0;
        foreach (var file in files)
        {
            try
            {
                var (frame, time, faces) = ImageFiles.IsImage(file)
                    ? (0, TimeSpan.Zero, engine.FindFaces(ImageFiles.Load(file), cancellationToken))
                    : await FirstFacesAsync(engine, frames, file, cancellationToken).ConfigureAwait(false);
                output.Add(file, frame, time, faces);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or VideoDecodeException or UnauthorizedAccessException)
            {
                failures++;
                await Console.Error.WriteLineAsync($"classroom faces: {file}: {e.Message}").ConfigureAwait(false);
            }
        }

        output.Finish();
        return failures == 0 ? 0 : 1;
    }

    /// <summary>The first sampled frame with a face, or (last frame, no faces) when none has one.</summary>
    private static async Task<(int Frame, TimeSpan Time, IReadOnlyList<DetectedFace> Faces)> FirstFacesAsync(
        IFaceEngine engine, IVideoFrameSource source, string file, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"No such file.", file);
        }

        (int, TimeSpan, IReadOnlyList<DetectedFace>) last = (0, TimeSpan.Zero, []);
        await foreach (var frame in source.ReadFramesAsync(file, cancellationToken).ConfigureAwait(false))
        {
            var faces = engine.FindFaces(frame.Image, cancellationToken);
            last = (frame.Index, frame.Time, faces);
            if (faces.Count > 0)
            {
                break;
            }
        }

        return last;
    }

    /// <summary>Writes faces as JSON lines as they come, or collects them into one table.</summary>
    private sealed class FacesOutput(bool json)
    {
        private readonly Table _table = new Table().Border(TableBorder.Rounded)
            .AddColumns("file", "frame", "#", "box x,y,w,h", "score", "5 landmarks", "descriptor[[0..3]]");

        public void Add(string file, int frame, TimeSpan time, IReadOnlyList<DetectedFace> faces)
        {
            if (faces.Count == 0 && !json)
            {
                _table.AddRow(TerminalText.Markup(Path.GetFileName(file)), frame.ToString(Inv), "-", "no face", "", "", "");
            }

            for (var i = 0; i < faces.Count; i++)
            {
                var f = faces[i];
                if (json)
                {
                    Console.Out.WriteLine(JsonLine(file, frame, time, f));
                    continue;
                }

                _table.AddRow(
                    TerminalText.Markup(Path.GetFileName(file)), frame.ToString(Inv), (i + 1).ToString(Inv),
                    string.Create(Inv, $"{f.Box.X:F0},{f.Box.Y:F0},{f.Box.Width:F0},{f.Box.Height:F0}"),
                    f.Box.Score.ToString("F3", Inv),
                    string.Join(" ", f.Landmarks5.Select(p => string.Create(Inv, $"({p.X:F0},{p.Y:F0})"))),
                    string.Join(" ", f.Descriptor.Take(3).Select(v => v.ToString("F3", Inv))) + " …");
            }
        }

        public void Finish()
        {
            if (!json && _table.Rows.Count > 0)
            {
                AnsiConsole.Write(_table);
            }
        }

        private static string JsonLine(string file, int frame, TimeSpan time, DetectedFace face)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("file", file);
                w.WriteNumber("frame", frame);
                w.WriteNumber("time", Math.Round(time.TotalSeconds, 3));
                w.WriteStartArray("box");
                foreach (var v in new[] { face.Box.X, face.Box.Y, face.Box.Width, face.Box.Height })
                {
                    w.WriteNumberValue(MathF.Round(v, 2));
                }

                w.WriteEndArray();
                w.WriteNumber("score", MathF.Round(face.Box.Score, 4));
                w.WriteStartArray("landmarks");
                foreach (var p in face.Landmarks5)
                {
                    w.WriteStartArray();
                    w.WriteNumberValue(MathF.Round(p.X, 2));
                    w.WriteNumberValue(MathF.Round(p.Y, 2));
                    w.WriteEndArray();
                }

                w.WriteEndArray();
                w.WriteStartArray("descriptor");
                foreach (var v in face.Descriptor)
                {
                    w.WriteNumberValue(v);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }

        private static readonly System.Globalization.CultureInfo Inv = System.Globalization.CultureInfo.InvariantCulture;
    }
}
