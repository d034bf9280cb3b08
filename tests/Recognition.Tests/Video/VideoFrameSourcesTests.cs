using Classroom.Recognition.Pipeline;
using Classroom.Recognition.Video;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Classroom.Recognition.Tests.Video;

/// <summary>Classroom:Video:Decoder picks the frame source a host gets.</summary>
public sealed class VideoFrameSourcesTests
{
    [Theory]
    [InlineData(null, typeof(WorkerFrameSource))] // Auto: the worker, since the test command installs the ffmpeg libraries
    [InlineData("Auto", typeof(WorkerFrameSource))]
    [InlineData("Worker", typeof(WorkerFrameSource))]
    [InlineData("FFmpeg", typeof(FFmpegFrameSource))]
    public void The_configured_decoder_is_the_one_registered(string? setting, Type expected)
    {
        Assert.Null(WorkerFrameSource.WhyUnavailable());
        var values = new Dictionary<string, string?>();
        if (setting is not null)
        {
            values["Classroom:Video:Decoder"] = setting;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using var services = new ServiceCollection().AddClassroomRecognition(configuration).BuildServiceProvider();
        Assert.IsType(expected, services.GetRequiredService<IVideoFrameSource>());
    }

    /// <summary>InProcess (the in-process decoder, removed) is no longer a value: the same error as any unknown name.</summary>
    [Theory]
    [InlineData("gpu")]
    [InlineData("InProcess")]
    public void An_unknown_decoder_name_is_a_configuration_error(string name)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Classroom:Video:Decoder"] = name }).Build();
        using var services = new ServiceCollection().AddClassroomRecognition(configuration).BuildServiceProvider();
        var e = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IVideoFrameSource>());
        Assert.Contains("Decoder", e.Message, StringComparison.Ordinal);
    }
}
