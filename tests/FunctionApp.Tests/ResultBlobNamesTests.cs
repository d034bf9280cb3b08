namespace Classroom.FunctionApp.Tests;

public sealed class ResultBlobNamesTests
{
    [Theory]
    [InlineData("test_0.mp4", "test_0.csv", "test_0.error.json")]
    [InlineData("a/b/test_0.mp4", "a/b/test_0.csv", "a/b/test_0.error.json")]
    [InlineData("a.b/clip", "a.b/clip.csv", "a.b/clip.error.json")]
    [InlineData("clip.tar.mp4", "clip.tar.csv", "clip.tar.error.json")]
    [InlineData(".hidden", ".hidden.csv", ".hidden.error.json")]
    public void Results_are_named_after_the_video_path(string video, string csv, string error)
    {
        Assert.Equal(csv, ResultBlobNames.Csv(video));
        Assert.Equal(error, ResultBlobNames.Error(video));
    }
}
