using Classroom.Recognition.Roster;
using Classroom.Recognition.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Classroom.Cli.Tests.EndToEnd;

/// <summary><c>classroom students forget</c> as a user runs it: what it reports, and its exit codes (0 erased, 2 nothing to forget or bad usage).</summary>
public sealed class CliForgetTests : IDisposable
{
    private readonly MediaFolder _work = new();

    private string Data => _work.PathOf("data");

    private static KnownFace Face(string name, int seed) => new(name, [.. Enumerable.Range(0, 128).Select(i => (float)Math.Sin(seed + i))]);

    [Fact]
    public async Task Forget_reports_what_it_removed_and_a_second_time_there_is_nothing_to_forget()
    {
        var roster = new SqliteRoster(Path.Combine(Data, LocalStoreOptions.FileName));
        await roster.AddFacesAsync([Face("zelda_q", 1), Face("zelda_q", 2), Face("bob", 3)], null, false, CancellationToken.None);
        await roster.UpsertStudentsAsync([new StudentRecord("zelda_q", "math", "junior")], CancellationToken.None);
        SqliteConnection.ClearAllPools();

        var first = Cli("students", "forget", "zelda_q", "--data", Data);
        Assert.Equal(0, first.Exit);
        Assert.Contains("1 record and 2 faces removed", first.Stdout, StringComparison.Ordinal);
        Assert.Equal("", first.Stderr);
        Assert.Equal(["bob"], (await roster.GetAllAsync(CancellationToken.None)).Select(f => f.Name));

        var second = Cli("students", "forget", "zelda_q", "--data", Data);
        Assert.Equal(2, second.Exit);
        Assert.Equal("", second.Stdout);
        Assert.Equal($"classroom students forget: nothing to forget: no record or face of 'zelda_q' in the local store {Path.Combine(Data, "roster.db")} (names match exactly)",
            second.Stderr.TrimEnd());
    }

    [Theory]
    [InlineData("", "NAME must not be empty")]
    [InlineData("ada --purge-versions", "--purge-versions applies to the roster blob: use it with --cloud")]
    public void Bad_usage_is_one_line_and_exit_2(string arguments, string message)
    {
        var run = Cli(["students", "forget", .. arguments.Length == 0 ? [""] : arguments.Split(' '), "--data", Data]);

        Assert.Equal(2, run.Exit);
        Assert.Equal($"classroom students forget: {message}", run.Stderr.TrimEnd());
    }

    [Fact]
    public void A_missing_store_is_nothing_to_forget_and_is_not_created()
    {
        var run = Cli("students", "forget", "ada", "--data", Data);

        Assert.Equal(2, run.Exit);
        Assert.Single(run.Stderr.TrimEnd().Split('\n'));
        Assert.Contains("there is none at", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Data));
    }

    private (int Exit, string Stdout, string Stderr) Cli(params string[] args) =>
        MediaFolder.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "classroom.dll"), .. args], _work.Root);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _work.Dispose();
    }
}
