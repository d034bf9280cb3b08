using Classroom.Cli;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Roster;
using Classroom.Recognition.Video;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Classroom.Benchmarks;

/// <summary>What every benchmark shares: medians, the machine's load, and pipelines built as the CLI builds them.</summary>
internal static class Measure
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        return n == 0 ? double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>The 1, 5 and 15 minute load averages (a busy machine explains slow figures).</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>
    /// The CLI's services (<see cref="CliHost.Services"/>) over in-memory roster files, sharing <paramref name="shared"/>'s engine
    /// and decoder (loaded once), with <paramref name="replace"/>'s registrations on top: a variant of the pipeline, not a
    /// hand-built one. Dispose it; the shared engine and decoder stay <paramref name="shared"/>'s.
    /// </summary>
    public static ServiceProvider Pipeline(IServiceProvider shared, IConfiguration configuration, IReadOnlyList<KnownFace> faces,
        IReadOnlyList<StudentRecord> records, Action<IServiceCollection>? replace = null)
    {
        var engine = shared.GetRequiredService<IFaceEngine>();
        var frames = shared.GetRequiredService<IVideoFrameSource>();
        return CliHost.Services(configuration, new InMemoryKnownFaceStore(faces), new InMemoryStudentRecords(records), s =>
        {
            s.Replace(ServiceDescriptor.Singleton(engine)).Replace(ServiceDescriptor.Singleton(frames));
            replace?.Invoke(s);
        });
    }
}
