using Classroom.Cli.Batch;

namespace Classroom.Cli.Tests.EndToEnd;

public sealed class ParallelismTests
{
    [Theory]
    [InlineData(2, 2, 24L << 30, 2)]     // what the CLI asks by default
    [InlineData(100, 2, 24L << 30, 8)]   // four per core: more only queues on the CPU
    [InlineData(100, 64, 2L << 30, 8)]   // half of 2 GiB at 128 MB a video
    [InlineData(4, 2, 100L << 20, 1)]    // a tiny container still runs one
    public void The_parallelism_asked_is_capped_by_cores_and_memory(int requested, int cores, long available, int expected) =>
        Assert.Equal(expected, Parallelism.Cap(requested, cores, available));
}
