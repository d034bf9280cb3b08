using Classroom.Cli.Batch;

namespace Classroom.Cli.Tests.EndToEnd;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("test_0.mp4", "test_0.mp4")]
    [InlineData("a\u001b[2Jb", "a\\x1B[2Jb")]        // clear screen
    [InlineData("x\u001b]0;pwned\u0007.mp4", "x\\x1B]0;pwned\\x07.mp4")] // window title
    [InlineData("cr\rover", "cr\\x0Dover")]            // carriage return: would overwrite the row
    [InlineData("c1\u009bm", "c1\\x9Bm")]              // the 8-bit CSI
    [InlineData("evil\u202Egnp.mp4", "evil\\u202Egnp.mp4")] // right-to-left override: shows as "evil4pm.png"
    [InlineData("Klasse ☺ é", "Klasse ☺ é")]
    public void Characters_that_act_on_a_terminal_are_shown_not_acted_on(string text, string shown) =>
        Assert.Equal(shown, TerminalText.Safe(text));

    [Fact]
    public void Markup_is_escaped_after_the_characters_are_made_safe() =>
        Assert.Equal("[[red]]\\x1B", TerminalText.Markup("[red]\u001b"));
}
