using System.Diagnostics;
using Azure.Storage.Blobs;
using Classroom.Cloud;
using Classroom.Cloud.Cosmos;
using Classroom.Cloud.Jobs;
using Classroom.Cloud.Storage;
using Classroom.Recognition.Faces;
using Classroom.Recognition.Imaging;
using Classroom.Recognition.Roster;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Classroom.FunctionApp.Tests;

/// <summary>
/// The function app's services (the same registration as Program.cs, minus the host) against the test
/// servers, with the helpers a test needs: seed as the CLI does, upload, invoke as the host does, read results.
/// </summary>
public sealed class FunctionHarness : IDisposable
{
    private readonly ServiceProvider services;

    public FunctionHarness(IConfiguration configuration)
    {
        Configuration = configuration;
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        collection.AddClassroomFunctionServices(configuration);
        services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var names = configuration.GetSection(ClassroomCloudOptions.SectionName).Get<ClassroomCloudOptions>()!;
        Names = names;
        Blobs = services.GetRequiredService<BlobServiceClient>();
        Input = Blobs.GetBlobContainerClient(names.InputContainer);
        Output = Blobs.GetBlobContainerClient(names.OutputContainer);
        Roster = Blobs.GetBlobContainerClient(names.RosterContainer).GetBlobClient(names.RosterBlob);
        services.GetRequiredService<VideoBlobJob>().TempDirectory = TempDirectory;
    }

    /// <summary>The job's private temp folder: empty again after every invocation.</summary>
    public string TempDirectory { get; } = Directory.CreateTempSubdirectory("classroom-job-").FullName;

    public IConfiguration Configuration { get; }

    public ClassroomCloudOptions Names { get; }

    public BlobServiceClient Blobs { get; }

    public BlobContainerClient Input { get; }

    public BlobContainerClient Output { get; }

    public BlobClient Roster { get; }

    public IServiceProvider Services => services;

    public CosmosOptions CosmosOptions => Configuration.GetSection(CosmosOptions.SectionName).Get<CosmosOptions>()!;

    /// <summary>Seeds the students the way <c>./classroom students push</c> does.</summary>
    public Task SeedStudentsAsync(IReadOnlyCollection<StudentRecord> students) =>
        StudentSeeder.PushAsync(services.GetRequiredService<CosmosClient>(), CosmosOptions, students, CancellationToken.None);

    /// <summary>Publishes the roster the way <c>./classroom faces push</c> does.</summary>
    public Task PushFacesAsync(IReadOnlyCollection<KnownFace> faces) => RosterPush.PushAsync(Roster, faces, CancellationToken.None);

    /// <summary>The largest face in a photo, found by the app's own engine (what enrolment does).</summary>
    public DetectedFace LargestFace(string photo) =>
        services.GetRequiredService<IFaceEngine>().FindFaces(ImageFiles.Load(photo)).MaxBy(f => f.Box.Area)
        ?? throw new InvalidOperationException($"no face in {photo}");

    public KnownFace Enrol(string name, string photo) => new(name, LargestFace(photo).Descriptor);

    public async Task<BlobClient> UploadAsync(string path, string blobName) =>
        (await BlobUploads.UploadFileAsync(Input, path, blobName, CancellationToken.None)).Blob;

    /// <summary>Invokes ProcessVideo as the host does: the function class from DI, a BlobClient for the blob, a FunctionContext.</summary>
    public async Task<TimeSpan> InvokeAsync(string blobName, CancellationToken cancellationToken = default)
    {
        var function = ActivatorUtilities.CreateInstance<ProcessVideo>(services);
        var context = new TestFunctionContext(services, cancellationToken);
        var blob = new BlobServiceClient(Configuration[ClassroomCloudOptions.StorageConnectionName]).GetBlobContainerClient(Names.InputContainer).GetBlobClient(blobName);
        var clock = Stopwatch.StartNew();
        await function.RunAsync(blob, context, context.CancellationToken);
        return clock.Elapsed;
    }

    /// <summary>The names of the blobs in the output container.</summary>
    public async Task<List<string>> OutputNamesAsync()
    {
        var names = new List<string>();
        if (!await Output.ExistsAsync())
        {
            return names;
        }

        await foreach (var item in Output.GetBlobsAsync())
        {
            names.Add(item.Name);
        }

        return names;
    }

    public async Task<(string Text, IDictionary<string, string> Metadata)> ReadResultAsync(string name)
    {
        var blob = Output.GetBlobClient(name);
        var content = await blob.DownloadContentAsync();
        return (content.Value.Content.ToString(), content.Value.Details.Metadata);
    }

    public void Dispose()
    {
        services.Dispose();
        Directory.Delete(TempDirectory, recursive: true);
    }
}
