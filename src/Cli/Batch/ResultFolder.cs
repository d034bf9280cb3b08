using Classroom.Recognition.Pipeline;

namespace Classroom.Cli.Batch;

/// <summary>
/// Writes each video's result into one folder under the name <see cref="ResultNames.Plan"/> gave it for the batch: the CSV,
/// or for a video that could not be processed its <c>.error.json</c>, as the function writes them (<see cref="ResultFile"/>).
/// </summary>
internal sealed class ResultFolder
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    public ResultFolder(string folder, IReadOnlyList<string> videos)
    {
        Folder = Path.GetFullPath(folder);
        var names = ResultNames.Plan(videos);
        for (var i = 0; i < videos.Count; i++)
        {
            _names.TryAdd(videos[i], names[i]);
        }
    }

    public string Folder { get; }

    /// <summary>Writes the result of <paramref name="video"/> (an input of the planned batch) and returns its path.</summary>
    public async Task<string?> WriteAsync(string video, VideoResult result, CancellationToken cancellationToken)
    {
        if (!_names.TryGetValue(video, out var name))
        {
            throw new ArgumentException($"{video} is not an input of this batch.", nameof(video));
        }

        var path = Path.Combine(Folder, name.Replace('/', Path.DirectorySeparatorChar));
        return await ResultFile.WriteFileAsync(result, Path.GetDirectoryName(path)!, Path.GetFileName(path), cancellationToken).ConfigureAwait(false);
    }
}
