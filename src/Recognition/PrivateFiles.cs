namespace Classroom.Recognition;

/// <summary>
/// The one rule for files that hold faces, descriptors or student records (the local store, known-faces exports,
/// result CSVs): readable by their owner only — folders 0700, files 0600 — whatever the umask. A school's data on a
/// shared machine must not be readable by every other account on it. Files are created with the mode (never briefly
/// wider) and set again through the open handle, so a file that existed with a wider mode is tightened too.
/// On Windows, files keep the ACLs they inherit (user profile folders are private there); nothing is changed.
/// </summary>
public static class PrivateFiles
{
    /// <summary>0600.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>0700.</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode GroupAndOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Creates the folder and any missing parents 0700; an existing folder is left as it is (an output folder the
    /// user chose is theirs to share — the files written into it are private all the same).
    /// </summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, FolderMode);
    }

    /// <summary>Creates or truncates <paramref name="path"/> for writing, 0600.</summary>
    public static FileStream Create(string path) => Open(path, System.IO.FileMode.Create, FileShare.None);

    /// <summary>
    /// Makes sure <paramref name="path"/> exists, 0600, without touching its content (never truncates): for a file
    /// another library then writes, such as the SQLite database, whose journal files SQLite creates with the
    /// database file's own mode.
    /// </summary>
    public static void Reserve(string path) => Open(path, System.IO.FileMode.OpenOrCreate, FileShare.ReadWrite | FileShare.Delete).Dispose();

    /// <summary>
    /// Removes the group and other permissions of an existing file or folder. Returns the mode it had when it had
    /// any such permission (so the caller can say what it changed), null when it was already private or is missing.
    /// </summary>
    public static UnixFileMode? Tighten(string path)
    {
        if (OperatingSystem.IsWindows() || !(File.Exists(path) || Directory.Exists(path)))
        {
            return null;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupAndOthers) == 0)
        {
            return null;
        }

        File.SetUnixFileMode(path, mode & ~GroupAndOthers);
        return mode;
    }

    /// <summary>A mode as <c>ls -l</c> and <c>chmod</c> write it in octal, e.g. 0755.</summary>
    public static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');

    private static FileStream Open(string path, System.IO.FileMode fileMode, FileShare share)
    {
        if (OperatingSystem.IsWindows())
        {
            return new FileStream(path, fileMode, FileAccess.Write, share);
        }

        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = fileMode,
            Access = FileAccess.Write,
            Share = share,
            UnixCreateMode = FileMode,
        });
        try
        {
            File.SetUnixFileMode(stream.SafeFileHandle, FileMode);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}
