using System.Text;
using Classroom.Recognition.Pipeline;

namespace Classroom.FunctionApp;

// Replaced by the pipeline branch's CSV writer when merged.
internal static class PendingCsv
{
    public static async Task WriteAsync(VideoResult result, Stream destination, CancellationToken cancellationToken)
    {
        var text = new StringBuilder("name,major,year\n");
        foreach (var s in result.Students)
        {
            text.Append(s.Name).Append(',').Append(s.Major).Append(',').Append(s.Year).Append('\n');
        }

        await destination.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
    }
}
