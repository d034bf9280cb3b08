namespace Classroom.Cli.Batch;

/// <summary>
/// How many videos a batch runs at once: what was asked, within what the machine can hold. Each video in flight
/// holds a decoder (a worker process) and its frames; more than a few per core only queues work on the CPU while the
/// memory stays taken (the figures: docs/pipeline.md, "How many at once").
/// </summary>
internal static class Parallelism
{
    /// <summary>Memory set aside per video in flight: the decoder worker and a few full-size frames, with room.</summary>
    internal const long BytesPerVideo = 128L << 20;

    /// <summary>Videos in flight per core: one decoding while another runs the models, and one waiting on the disk.</summary>
    internal const int PerCore = 4;

    public static int Cap(int requested, int cores, long availableBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requested, 1);
        var byMemory = (int)Math.Clamp(availableBytes / 2 / BytesPerVideo, 1, int.MaxValue); // half the memory: the models and the rest of the machine keep the other
        return Math.Max(1, Math.Min(requested, Math.Min(Math.Max(1, cores) * PerCore, byMemory)));
    }

    public static int Cap(int requested) =>
        Cap(requested, Environment.ProcessorCount, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
}
