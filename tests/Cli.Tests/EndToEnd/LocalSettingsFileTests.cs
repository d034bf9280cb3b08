using Classroom.Cli.Commands;

namespace Classroom.Cli.Tests.EndToEnd;

/// <summary>The cloud commands read the local.settings.json Core Tools read: beside the function project, or the current folder's.</summary>
public sealed class LocalSettingsFileTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("classroom-settings-");

    [Fact]
    public void The_function_projects_file_is_found_from_the_repository_root_and_the_current_folders_wins()
    {
        Assert.Null(CloudCli.LocalSettingsFile(_root.FullName));

        var project = Path.Combine(_root.FullName, "src", "FunctionApp", "local.settings.json");
        Directory.CreateDirectory(Path.GetDirectoryName(project)!);
        File.WriteAllText(project, "{}");
        Assert.Equal(project, CloudCli.LocalSettingsFile(_root.FullName));

        var here = Path.Combine(_root.FullName, "local.settings.json");
        File.WriteAllText(here, "{}");
        Assert.Equal(here, CloudCli.LocalSettingsFile(_root.FullName));
    }

    public void Dispose() => _root.Delete(recursive: true);
}
