using System.Globalization;
using Classroom.Recognition.Processes;

namespace Classroom.Recognition.Tests.Processes;

/// <summary>The one launcher of child processes: no shell, an argument list, stderr kept, the whole tree killed.</summary>
public sealed class ChildProcessTests
{
    [Fact]
    public void A_program_that_is_not_there_is_one_line_with_the_hint()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ChildProcess.Start("/nonexistent/tool", [], new ChildProcessSettings { Hint = "Install the tool." }));

        Assert.StartsWith("Cannot run '/nonexistent/tool': ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith(" Install the tool.", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task Arguments_reach_the_child_as_given_and_the_last_lines_of_stderr_are_kept()
    {
        const string argument = "a b; $HOME 'c' \"d\"";
        await using var child = ChildProcess.Start(
            "sh", ["-c", "printf '%s' \"$1\"; for i in 1 2 3 4; do echo line $i >&2; done", "sh", argument], new ChildProcessSettings { KeptLines = 2 });

        var output = await child.ReadOutputAsync(CancellationToken.None);

        Assert.Equal(0, await child.WaitForExitAsync(CancellationToken.None));
        Assert.Equal(argument, output);
        Assert.Equal(["line 3", "line 4"], child.ErrorLines);
    }

    [Fact]
    public async Task Cancellation_kills_the_child_and_the_processes_it_started()
    {
        using var cancel = new CancellationTokenSource();
        int grandchild;
        await using (var child = ChildProcess.Start("sh", ["-c", "sleep 60 & echo $! >&2; wait"], cancellationToken: cancel.Token))
        {
            grandchild = await FirstErrorLineAsync(child);
            Assert.True(IsRunning(grandchild));

            await cancel.CancelAsync();

            Assert.True(child.WaitForExit(TimeSpan.FromSeconds(10)), "the child outlived its cancellation");
            Assert.True(child.WasKilled);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (IsRunning(grandchild) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.False(IsRunning(grandchild), $"process {grandchild}, started by the child, outlived it");
    }

    private static async Task<int> FirstErrorLineAsync(ChildProcess child)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (child.ErrorLines.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return int.Parse(Assert.Single(child.ErrorLines), CultureInfo.InvariantCulture);
    }

    /// <summary>Whether a process exists and is not a zombie (one killed but not yet reaped has ended).</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
