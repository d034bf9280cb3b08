using System.Text.Json;

namespace Classroom.Infrastructure.Tests;

/// <summary>
/// host.json's blob concurrency fits the instance Bicep deploys: Flex Consumption gives 0.25 vCPU per 512 MB, 1 per
/// 2048 MB, 2 per 4096 MB, and invocations are CPU-bound, so the rule (docs/settings.md) is two videos per vCPU —
/// one decoding or waiting on storage while the other runs the models; more only queue on the core.
/// </summary>
public sealed class HostConcurrencyTests
{
    private static readonly Dictionary<int, double> VCpus = new() { [512] = 0.25, [2048] = 1, [4096] = 2 };

    [Fact]
    public void Blob_concurrency_is_two_videos_per_vcpu_of_the_default_instance()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Repo.PathOf("host.json")));
        var parallelism = host.RootElement.GetProperty("extensions").GetProperty("blobs").GetProperty("maxDegreeOfParallelism").GetInt32();
        var memory = int.Parse(Infra.MainDefault("instanceMemoryMB"), System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(2048, memory);
        Assert.Equal(Math.Max(1, (int)(2 * VCpus[memory])), parallelism);
    }
}
