using Classroom.Cli;
using Classroom.Cli.Commands;

namespace Classroom.Cli.Tests.EndToEnd;

/// <summary>A bad setting stops a command with one line naming the key, the rule and the value, before any work.</summary>
public sealed class CliSettingsTests
{
    [Theory]
    [InlineData("Classroom:Matching:Tolerance", "7", "Classroom:Matching:Tolerance must be in (0, 2]")]
    [InlineData("Classroom:Matching:MinMargin", "3", "Classroom:Matching:MinMargin must be in [0, 2).")]
    [InlineData("Classroom:Search:RetryEvery", "0", "Classroom:Search:RetryEvery must be between 1 and 10000.")]
    [InlineData("Classroom:Faces:MinConfidence", "2", "Classroom:Faces:MinConfidence must be between 0 and 1 (exclusive)")]
    [InlineData("Classroom:Video:Decoder", "InProcess", "Classroom:Video:Decoder cannot be 'InProcess' (one of Auto, Worker, FFmpeg)")]
    public async Task Each_bad_setting_is_one_line_with_its_key(string key, string value, string start)
    {
        await using var services = CliHost.Services(CliHost.Configuration([new(key, value)]));

        var error = CliHost.SettingsError(services);

        Assert.NotNull(error);
        Assert.StartsWith(start, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain("(Parameter", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Good_settings_are_no_error_and_other_exceptions_are_not_taken_for_settings()
    {
        await using var services = CliHost.Services(CliHost.Configuration());

        Assert.Null(CliHost.SettingsError(services));
        Assert.Null(CliOptions.SettingError(new ArgumentOutOfRangeException("index", "Index was out of range.")));
    }
}
