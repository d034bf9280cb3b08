using Classroom.Recognition.Pipeline;

namespace Classroom.Cli.Batch;

/// <summary>Writes each result's CSV into one folder, named after the video's stem; a stem seen twice in a batch gets -2, -3, ….</summary>
internal sealed class CsvFolder(string folder)
{
    private readonly Dictionary<string, int> _used = new(StringComparer.Ordinal);

    public string Folder { get; } = Path.GetFullPath(folder);

    public Task<string?> WriteAsync(VideoResult result, CancellationToken cancellationToken)
    {
        string name;
        lock (_used)
        {
            var stem = Path.GetFileNameWithoutExtension(ResultCsv.FileNameFor(result.Video));
            var n = _used[stem] = _used.GetValueOrDefault(stem) + 1;
            name = n == 1 ? stem + ".csv" : $"{stem}-{n}.csv";
        }

        return WriteFileAsync(result, name, cancellationToken);
    }

    private async Task<string?> WriteFileAsync(VideoResult result, string name, CancellationToken cancellationToken) =>
        await ResultCsv.WriteFileAsync(result, Folder, name, cancellationToken).ConfigureAwait(false);
}
