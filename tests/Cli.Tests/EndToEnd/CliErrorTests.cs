using System.Net.Sockets;
using Azure;
using Classroom.Cli;
using Classroom.Recognition.Tests.Support;

namespace Classroom.Cli.Tests.EndToEnd;

/// <summary>Every wrong invocation is exit 2 and one line naming the problem and the fix, never a stack trace.</summary>
public sealed class CliErrorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("classroom-cli-errors-").FullName;

    [Theory]
    [InlineData("unknown option --outdir; did you mean --out?", "process", "x.mp4", "--outdir", "y")]
    [InlineData("Cannot parse argument 'abc' for option '--tolerance'", "process", "--tolerance", "abc", "x.mp4")]
    [InlineData("Unrecognized command or argument 'proces'", "proces", "x.mp4")]
    [InlineData("Required argument missing for command: 'process'", "process")]
    [InlineData("Classroom:Matching:Tolerance must be in (0, 2]", "process", "x.mp4", "--tolerance", "7")]
    [InlineData("--count must be at least 1", "workload", "x.mp4", "--count", "0")]
    public void A_wrong_invocation_is_one_line_and_exit_2(string expected, params string[] args)
    {
        var (exit, stdout, stderr) = Cli(args);

        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr + stdout, StringComparison.Ordinal);
        Assert.True(stderr.Trim().Split('\n').Length <= 2, stderr);
    }

    [Fact]
    public void Storage_that_does_not_answer_names_the_endpoint_and_what_to_start_at_once()
    {
        var video = Path.Combine(_folder, "x.mp4");
        File.WriteAllBytes(video, [0, 1, 2]);
        // A port nothing listens on, named as Azurite's would be: the hint depends on the port, the line must name it.
        var (exit, _, stderr) = Cli(new Dictionary<string, string?>
        {
            ["ClassroomStorage"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;",
        }, "upload", video);

        Assert.Equal(2, exit);
        Assert.Contains("nothing answers at 127.0.0.1:9", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    /// <summary>A URL is no input of ours (inputs are local files): it is a file name like any other, and not there.</summary>
    [Theory]
    [InlineData("no-such-folder/", "no-such-folder/")]
    [InlineData("https://example.com/lecture.mp4", "lecture.mp4")]
    public void A_missing_input_is_named_in_the_table_not_left_blank(string input, string named)
    {
        var (exit, stdout, _) = Cli("process", input, "--data", _folder);

        Assert.Equal(1, exit); // that video could not be processed
        Assert.Contains(named, stdout, StringComparison.Ordinal);
        Assert.Contains("file not found", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_works_on_every_subcommand_including_merged_groups()
    {
        foreach (var command in new[] { "faces push", "students push", "faces import", "workload" })
        {
            var (exit, stdout, stderr) = Cli([.. command.Split(' '), "--help"]);

            Assert.True(exit == 0, $"{command} --help: exit {exit}: {stderr}");
            Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Refused_connections_are_recognised_through_the_sdks_wrappers()
    {
        var refused = new AggregateException(new RequestFailedException(0, "Connection refused (127.0.0.1:10000)", new HttpRequestException(
            HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:10000)", new SocketException((int)SocketError.ConnectionRefused))));

        var (exit, message) = CliErrors.Describe(refused);

        Assert.Equal(2, exit);
        Assert.StartsWith("nothing answers at 127.0.0.1:10000 (Azurite)", message, StringComparison.Ordinal);
        Assert.Equal((1, "the storage service answered 403 AuthorizationFailure: denied"), CliErrors.Describe(new RequestFailedException(403, "denied", "AuthorizationFailure", null)));
        Assert.Null(CliErrors.Unreachable(new InvalidOperationException("no")));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (int Exit, string Stdout, string Stderr) Cli(params string[] args) => Cli(new Dictionary<string, string?>(), args);

    /// <summary>The CLI in its own process, without the test's storage connection unless <paramref name="environment"/> gives one.</summary>
    private (int Exit, string Stdout, string Stderr) Cli(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        MediaFolder.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "classroom.dll"), .. args], _folder,
            new Dictionary<string, string?>(environment) { ["ClassroomStorage"] = environment.GetValueOrDefault("ClassroomStorage") });
}
