namespace Classroom.Recognition.Roster;

/// <summary>Where the embedded local store (known faces + student records, one SQLite file) lives (section "Classroom:LocalStore").</summary>
public sealed class LocalStoreOptions
{
    public const string SectionName = "Classroom:LocalStore";

    /// <summary>The store's file name inside the data folder.</summary>
    public const string FileName = "roster.db";

    /// <summary>Data folder; empty: <c>$XDG_DATA_HOME/classroom</c> (usually <c>~/.local/share/classroom</c>).</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The data folder this configuration resolves to (not created).</summary>
    public string ResolveDataDirectory()
    {
        if (!string.IsNullOrWhiteSpace(DataDirectory))
        {
            return Path.GetFullPath(DataDirectory);
        }

        // .NET maps LocalApplicationData to $XDG_DATA_HOME, else ~/.local/share, on Linux.
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return string.IsNullOrEmpty(data)
            ? Path.GetFullPath(Path.Combine(".classroom", "data"))
            : Path.Combine(data, "classroom");
    }
}
