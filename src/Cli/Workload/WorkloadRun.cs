using System.Diagnostics;
using Azure.Storage.Blobs;
using Classroom.Cli.Commands;
using Classroom.Cloud.Cosmos;
using Classroom.Cloud.Storage;
using static Classroom.Cli.Workload.WorkloadCommand;

namespace Classroom.Cli.Workload;

/// <summary>
/// A workload run: the videos uploaded under a fresh prefix (<c>workload-…/</c>, so runs never mix) with four uploads
/// in flight, each result awaited from the moment its upload completed (<see cref="ResultWatch"/>: the result of that
/// very upload, by its sourceetag), then graded. Locally the function's job runs here (<see cref="LocalFunctionHost"/>);
/// in Azure Event Grid delivers the uploads to the deployed app.
/// </summary>
internal static class WorkloadRun
{
    private const int UploadsInFlight = 4;

    public static async Task<int> RunAsync(WorkloadRequest request, Prepared prepared, CancellationToken cancellationToken)
    {
        var log = Console.Error;
        var prefix = $"workload-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..4]}/";
        var timeout = TimeSpan.FromSeconds(request.TimeoutSeconds);
        LocalFunctionHost? local = null;
        try
        {
            BlobServiceClient blobs;
            string inputName, outputName;
            if (request.Local)
            {
                await log.WriteLineAsync($"workload (local): starting Azurite and the Cosmos DB server (node_modules), seeding {prepared.Faces!.Count} known face(s) and {prepared.Students!.Count} record(s)").ConfigureAwait(false);
                local = await LocalFunctionHost.StartAsync(prepared.RepositoryRoot, [.. prepared.Faces], [.. prepared.Students], cancellationToken).ConfigureAwait(false);
                (blobs, inputName, outputName) = (local.Blobs, local.Names.InputContainer, local.Names.OutputContainer);
                await log.WriteLineAsync($"workload (local): the function's job on this machine, {local.Host.MaxDegreeOfParallelism} video(s) at once (host.json), retried up to {local.Host.PoisonBlobThreshold} times").ConfigureAwait(false);
            }
            else
            {
                var configuration = CloudCli.Configuration();
                blobs = CloudCli.Blobs(configuration);
                var names = CloudCli.Names(configuration);
                (inputName, outputName) = (names.InputContainer, names.OutputContainer);
                await SeedAzureAsync(prepared, configuration, blobs, names, cancellationToken).ConfigureAwait(false);
                await log.WriteLineAsync($"workload (azure): {blobs.Uri} — Event Grid delivers each upload to the deployed app").ConfigureAwait(false);
            }

            var input = blobs.GetBlobContainerClient(inputName);
            var output = blobs.GetBlobContainerClient(outputName);
            await input.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var poll = request.Local ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(1);
            var watch = new ResultWatch(output, prefix, TimeProvider.System);
            await log.WriteLineAsync($"workload: uploading {prepared.Videos.Count} video(s) to {input.Name}/{prefix} and waiting for their results (at most {timeout.TotalSeconds:0} s after the last upload)").ConfigureAwait(false);

            var started = Stopwatch.GetTimestamp();
            var startedAt = DateTimeOffset.UtcNow;
            using var uploadsFailed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var waiting = watch.WaitAsync(prepared.Videos.Count, timeout, poll, uploadsFailed.Token);
            if (local is not null)
            {
                local.OnPoisoned = watch.GiveUp; // the host set it aside: no result will come
            }

            try
            {
                await Parallel.ForEachAsync(
                    prepared.Videos,
                    new ParallelOptions { MaxDegreeOfParallelism = UploadsInFlight, CancellationToken = cancellationToken },
                    async (video, ct) =>
                    {
                        var uploaded = await BlobUploads.UploadFileAsync(input, video.Source, prefix + video.Name, ct).ConfigureAwait(false);
                        watch.Expect(uploaded);
                        local?.Notify(uploaded);
                    }).ConfigureAwait(false);
            }
            catch
            {
                await uploadsFailed.CancelAsync().ConfigureAwait(false); // the watch would wait for uploads that never come
                try
                {
                    await waiting.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // expected: the upload's failure is what is reported
                }

                throw;
            }

            var uploading = Stopwatch.GetElapsedTime(started);
            var watched = await waiting.ConfigureAwait(false);
            var last = watched.Max(w => w.Arrived) ?? DateTimeOffset.UtcNow;
            var wall = last - startedAt;

            var byBlob = watched.ToDictionary(w => w.Upload.Blob.Name, StringComparer.Ordinal); // in the order uploads completed
            var entries = prepared.Videos.Select(video =>
            {
                var result = byBlob.TryGetValue(prefix + video.Name, out var seen) ? seen
                    : throw new InvalidOperationException($"{video.Name} was uploaded but not watched"); // every upload is expected before the wait ends
                var mapped = prepared.Mapping is { } m && m.TryGetValue(video.MappingKey, out var record) ? record : null;
                return new WorkloadEntry(video, result, WorkloadGrader.Grade(video, mapped, result.Result.Status, result.Result.Content));
            }).ToList();
            var report = new WorkloadReport(request.Target, prefix, entries, wall, uploading, poll, local?.Host.MaxDegreeOfParallelism, local?.Poisoned ?? []);
            if (request.Json)
            {
                report.WriteJson(Console.Out);
            }
            else
            {
                report.WriteText(Console.Out);
            }

            return report.ExitCode;
        }
        finally
        {
            if (local is not null)
            {
                await local.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>In Azure the roster is the deployment's (scripts/deploy/seed.sh); files given here are pushed first, as students/faces push would.</summary>
    private static async Task SeedAzureAsync(Prepared prepared, Microsoft.Extensions.Configuration.IConfiguration configuration, BlobServiceClient blobs, Cloud.ClassroomCloudOptions names, CancellationToken cancellationToken)
    {
        if (prepared.Faces is { } faces)
        {
            await RosterPush.PushAsync(blobs.GetBlobContainerClient(names.RosterContainer).GetBlobClient(names.RosterBlob), [.. faces], cancellationToken).ConfigureAwait(false);
        }

        if (prepared.Students is { Count: > 0 } students)
        {
            var (client, options) = CloudCli.Cosmos(configuration);
            using (client)
            {
                await StudentSeeder.PushAsync(client, options, [.. students], cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
