using System.Diagnostics;
using System.Globalization;
using Classroom.Cloud.Jobs;
using Classroom.Cloud.Storage;
using Classroom.Recognition.Roster;
using Xunit.Abstractions;

namespace Classroom.FunctionApp.Tests;

/// <summary>A fact that runs only when the cse546 workload is present, and is reported as skipped with the reason otherwise.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class WorkloadFactAttribute : FactAttribute
{
    public WorkloadFactAttribute()
    {
        if (RepoPaths.SharedWorkload is null)
        {
            Skip = "the cse546 workload (../shared/cse546 or $CLASSROOM_CSE546) is absent: acceptance skipped";
        }
    }
}

/// <summary>The original's 8 clips through the function against Azurite + the Cosmos server, seeded from its own files.</summary>
[Collection(EmulatorGroup.Name)]
public sealed class WorkloadAcceptanceTests(Emulators emulators, ITestOutputHelper output)
{
    /// <summary>The person in each clip (../shared/cse546/README.md).</summary>
    private static readonly Dictionary<string, string> Expected = new()
    {
        ["test_0"] = "president_trump", ["test_1"] = "president_biden", ["test_2"] = "mr_bean", ["test_4"] = "johnny_dep",
        ["test_5"] = "vin_diesel", ["test_6"] = "floki", ["test_7"] = "morgan_freeman", ["test_8"] = "president_obama",
    };

    [WorkloadFact]
    public async Task All_eight_clips_get_the_right_students_csv()
    {
        var shared = RepoPaths.SharedWorkload!;
        using var app = new FunctionHarness(emulators.Configuration());
        var students = StudentRecordsFile.Read(Path.Combine(shared, "student_data.json"));
        await app.SeedStudentsAsync([.. students]);
        await app.PushFacesAsync([.. KnownFacesFile.Read(Path.Combine(shared, "encoding.dat"))]);

        var latencies = new List<double>();
        foreach (var (clip, name) in Expected)
        {
            await app.UploadAsync(Path.Combine(shared, "videos", clip + ".mp4"), clip + ".mp4");
            latencies.Add((await app.InvokeAsync(clip + ".mp4")).TotalMilliseconds);
            var record = students.Single(s => s.Name == name);
            var (text, metadata) = await app.ReadResultAsync(clip + ".csv");
            Assert.Equal($"name,major,year\r\n{name},{record.Major},{record.Year}\r\n", text);
            Assert.Equal("recognized", metadata[ResultMetadata.StatusKey]);
        }

        // The first invocation includes loading the models and the roster (a cold instance); the rest are warm.
        var warm = latencies.Skip(1).Order().ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"per-video function latency against Azurite + Cosmos server: first {latencies[0]:F0} ms, warm median {warm[warm.Count / 2]:F0} ms (min {warm[0]:F0}, max {warm[^1]:F0}); {Environment.ProcessorCount} cores"));
        Assert.Equal(8, (await app.OutputNamesAsync()).Count);
    }
}
