using System.CommandLine;
using Classroom.Cli;

namespace Classroom.Cli.Tests.EndToEnd;

/// <summary>The overview lists every command, grouped by task, within 80 columns.</summary>
public sealed class RootHelpTests
{
    [Fact]
    public void Every_registered_command_and_subcommand_is_in_the_overview_and_no_line_is_wider_than_80()
    {
        var root = new RootCommand();
        foreach (var command in CommandRegistry.Commands())
        {
            root.Subcommands.Add(command);
        }

        using var output = new StringWriter();
        RootHelp.Write(output);
        var text = output.ToString();
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length} columns: {l}"));
        var usages = RootHelp.Groups.SelectMany(g => g.Lines).Select(l => l.Usage).ToList();
        foreach (var command in root.Subcommands)
        {
            Assert.True(usages.Any(u => u.Split(' ', ',').Contains(command.Name)), $"{command.Name} is not in the overview");
            foreach (var sub in command.Subcommands)
            {
                // a subcommand is named in its group's usage: "students import|list|forget", "students push, faces push"
                Assert.True(usages.Any(u => u.StartsWith(command.Name + " ", StringComparison.Ordinal) && u.Split(' ', '|', ',').Contains(sub.Name)) || usages.Any(u => u.Contains($"{command.Name} {sub.Name}", StringComparison.Ordinal)),
                    $"{command.Name} {sub.Name} is not in the overview");
            }
        }
    }
}
