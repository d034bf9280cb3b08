using Classroom.Cloud.Storage;
using Classroom.Recognition.Pipeline;

namespace Classroom.FunctionApp.Tests;

public sealed class ResultNamesTests
{
    [Theory]
    [InlineData("test_0.mp4", "test_0.csv", "test_0.error.json")]
    [InlineData("a/b/test_0.mp4", "a/b/test_0.csv", "a/b/test_0.error.json")]
    [InlineData("a/x.mov", "a/x.mov.csv", "a/x.mov.error.json")]
    [InlineData("a.b/clip", "a.b/clip%.csv", "a.b/clip%.error.json")]
    [InlineData("clip.tar.mp4", "clip.tar.mp4.csv", "clip.tar.mp4.error.json")]
    [InlineData("50%/x%.mp4", "50%/x%25.mp4.csv", "50%/x%25.mp4.error.json")]
    [InlineData("x.MP4", "x.MP4.csv", "x.MP4.error.json")]
    [InlineData(".hidden", ".hidden.csv", ".hidden.error.json")]
    public void Results_are_named_after_the_video_path(string video, string csv, string error)
    {
        Assert.Equal(csv, ResultNames.Csv(video));
        Assert.Equal(error, ResultNames.Error(video));
    }

    [Fact]
    public void The_reported_collision_gets_two_results()
    {
        Assert.NotEqual(ResultNames.Csv("a/x.mp4"), ResultNames.Csv("a/x.mov"));
        Assert.NotEqual(ResultNames.Csv("a/x.mp4"), ResultNames.Csv("a/x"));
        Assert.NotEqual(ResultNames.Csv("a/x.mov"), ResultNames.Csv("a/x.mov.mp4"));
    }

    /// <summary>
    /// Every name built from the characters the rules turn on ('.', '%', '/', the letters of "mp4" and "csv") up to a
    /// length where all their interplays occur: no two map to one result, and no CSV name is an error name. Exhaustive
    /// over that alphabet, so a collision the rules allow would be found.
    /// </summary>
    [Fact]
    public void No_two_videos_share_a_result()
    {
        char[] alphabet = ['.', '%', '/', 'm', 'p', '4', 'x', '2', '5'];
        var names = new List<string> { "" };
        var all = new List<string>();
        for (var length = 1; length <= 6; length++)
        {
            names = [.. names.SelectMany(n => alphabet.Select(c => n + c))];
            all.AddRange(names.Where(n => !n.EndsWith('/')));
        }

        var csvs = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var video in all)
        {
            Assert.True(csvs.TryAdd(ResultNames.Csv(video), video), $"{video} and {csvs.GetValueOrDefault(ResultNames.Csv(video))} share {ResultNames.Csv(video)}");
            Assert.True(errors.TryAdd(ResultNames.Error(video), video), $"{video} and {errors.GetValueOrDefault(ResultNames.Error(video))} share {ResultNames.Error(video)}");
        }

        Assert.Empty(csvs.Keys.Intersect(errors.Keys));
    }
}
