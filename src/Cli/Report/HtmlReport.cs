using System.Globalization;
using System.Net;
using System.Text;
using Classroom.Cli.Batch;
using Classroom.Recognition;
using Classroom.Recognition.Pipeline;
using Classroom.Recognition.Video;

namespace Classroom.Cli.Report;

/// <summary>
/// <c>process … --report FILE</c>: one self-contained HTML page of what was decided, for a person to check — per video
/// the decision, the frame it was made on with the face's box and a crop of the face, distance and margin; in all
/// mode the attendance with first-seen times and a thumbnail per student; faces nobody was named for as thumbnails.
/// Images are inline (data: URIs), nothing is fetched, no script runs. The page holds faces, so it is written
/// owner-only (<see cref="PrivateFiles"/>) and says so on top.
/// </summary>
internal static class HtmlReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task WriteAsync(string path, IReadOnlyList<BatchItem> items, RecognitionMode mode, IVideoFrameSource frames, CancellationToken cancellationToken)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">")
            .Append("<title>Classroom report</title><style>").Append(Style).Append("</style></head><body>");
        html.Append("<p class=\"warning\"><strong>This page holds biometric data</strong>: the faces of the people in these videos. ")
            .Append("Keep it as you keep the videos, share it only with who may see them, and delete it when the check is done.</p>");
        html.Append(Inv, $"<h1>Classroom report</h1><p>{items.Count} video(s), {(mode == RecognitionMode.All ? "attendance (every student seen)" : "first student seen")}, ")
            .Append(Encode(DateTimeOffset.Now.ToString("yyyy-MM-dd HH:mm zzz", Inv))).Append("</p>");
        html.Append("<table class=\"summary\"><tr><th>video</th><th>status</th><th>students</th><th>unknown faces</th></tr>");
        foreach (var (item, n) in items.Select((item, n) => (item, n)))
        {
            html.Append("<tr><td><a href=\"#v").Append(n).Append("\">").Append(Encode(VideoInputs.DisplayName(item.Video))).Append("</a></td><td>")
                .Append(Encode(item.Result.Status.ToName())).Append("</td><td>")
                .Append(Encode(string.Join(", ", item.Result.Students.Select(s => s.Name)))).Append("</td><td>").Append(item.Result.UnknownFaces).Append("</td></tr>");
        }

        html.Append("</table>");
        for (var i = 0; i < items.Count; i++)
        {
            await AppendVideoAsync(html, i, items[i], mode, frames, cancellationToken).ConfigureAwait(false);
        }

        html.Append("</body></html>");
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".report-{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = PrivateFiles.Create(temp))
            {
                var bytes = Encoding.UTF8.GetBytes(html.ToString());
                await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task AppendVideoAsync(StringBuilder html, int index, BatchItem item, RecognitionMode mode, IVideoFrameSource frames, CancellationToken cancellationToken)
    {
        var result = item.Result;
        html.Append("<section id=\"v").Append(index).Append("\"><h2>").Append(Encode(VideoInputs.DisplayName(item.Video))).Append("</h2><p class=\"status ")
            .Append(Encode(result.Status.ToName())).Append("\">").Append(Encode(Decision(result))).Append("</p>");
        if (result.Status == VideoStatus.Error)
        {
            html.Append("</section>");
            return;
        }

        var known = result.Students.Select(s => new ReportFace(s.Name, s.Time, s.Box, Known: true)).ToList();
        var unknown = (result.Unknowns ?? []).Select((u, n) => new ReportFace($"unknown {n + 1}", u.Time, u.Box, Known: false)).ToList();
        ReportPictures pictures;
        try
        {
            pictures = await ReportImages.ReadAsync(frames, item.Video, mode == RecognitionMode.All ? VideoSampling.Attendance : VideoSampling.Uniform, [.. known, .. unknown], cancellationToken).ConfigureAwait(false);
        }
        catch (VideoDecodeException e)
        {
            html.Append("<p>The frames could not be read again for this page: ").Append(Encode(e.Message)).Append("</p></section>");
            return;
        }

        if (known.Count > 0)
        {
            html.Append("<table class=\"faces\"><tr><th>student</th><th>major</th><th>year</th><th>first seen</th><th>distance</th><th>margin</th><th>frames</th><th>face</th><th>frame it was decided on</th></tr>");
            foreach (var (student, face) in result.Students.Zip(known))
            {
                html.Append("<tr><td>").Append(Encode(student.Name)).Append("</td><td>").Append(Encode(student.Major ?? "(no record)")).Append("</td><td>")
                    .Append(Encode(student.Year ?? "")).Append("</td><td>").Append(Inv, $"{student.Time.TotalSeconds:0.0} s</td><td>{student.Distance:F3}</td><td>")
                    .Append(double.IsFinite(student.Margin) ? student.Margin.ToString("F3", Inv) : "—").Append("</td><td>").Append(student.Frames).Append("</td>");
                AppendPictures(html, pictures, face);
                html.Append("</tr>");
            }

            html.Append("</table>");
        }

        if (unknown.Count > 0)
        {
            html.Append("<h3>Faces nobody was named for</h3><div class=\"unknown\">");
            foreach (var face in unknown)
            {
                if (pictures.Faces.TryGetValue(face, out var picture))
                {
                    html.Append("<figure><img alt=\"").Append(Encode(face.Label)).Append("\" src=\"").Append(DataUri(picture.Crop)).Append("\"><figcaption>")
                        .Append(Encode(face.Label)).Append(Inv, $", {face.Time.TotalSeconds:0.0} s</figcaption></figure>");
                }
            }

            html.Append("</div>");
        }

        if (mode == RecognitionMode.All && known.Count == 0 && unknown.Count == 0)
        {
            html.Append("<p>Nobody was seen.</p>");
        }

        html.Append("</section>");
    }

    private static void AppendPictures(StringBuilder html, ReportPictures pictures, ReportFace face)
    {
        if (pictures.Faces.TryGetValue(face, out var picture))
        {
            html.Append("<td><img alt=\"face of ").Append(Encode(face.Label)).Append("\" src=\"").Append(DataUri(picture.Crop)).Append("\"></td><td><img class=\"frame\" alt=\"frame\" src=\"")
                .Append(DataUri(picture.Frame)).Append("\"></td>");
        }
        else
        {
            html.Append("<td></td><td></td>");
        }
    }

    /// <summary>The decision in words, as the table and JSON name it.</summary>
    private static string Decision(VideoResult result) => result.Status switch
    {
        VideoStatus.Recognized or VideoStatus.NoRecord => $"{result.Status.ToName()}: {string.Join(", ", result.Students.Select(s => s.Name))}",
        VideoStatus.Ambiguous => $"ambiguous: {string.Join(" or ", (result.Candidates ?? []).Select(c => string.Create(Inv, $"{c.Name} ({c.Distance:F3})")))} — too alike to name either",
        VideoStatus.UnknownPerson => "unknown_person: faces seen, none close enough to a known person",
        VideoStatus.NoFace => "no_face: no face found",
        _ => $"error: {result.Error}",
    };

    private static string DataUri(byte[] jpeg) => "data:image/jpeg;base64," + Convert.ToBase64String(jpeg);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}" +
        ".warning{background:#fff4e0;border:1px solid #d97a00;padding:.6em}.status.recognized{color:#2e7d32}.status.error{color:#b00020}" +
        "img.frame{max-width:360px}.unknown{display:flex;flex-wrap:wrap;gap:.6em}figure{margin:0}section{border-top:1px solid #ddd;margin-top:1.5em}";
}
