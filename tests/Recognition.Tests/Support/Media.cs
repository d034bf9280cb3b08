using System.Diagnostics;

namespace Classroom.Recognition.Tests.Support;

/// <summary>Generates test media with the system ffmpeg (installed by scripts/setup.sh) into a private temp folder.</summary>
public sealed class MediaFolder : IDisposable
{
    public MediaFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "classroom-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string name) => System.IO.Path.Combine(Root, name);

    /// <summary>Runs ffmpeg (quiet, overwrite) and returns the output path, which is the last argument.</summary>
    public static string Ffmpeg(params string[] args)
    {
        RunTool("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", .. args]);
        return args[^1];
    }

    public static string RunTool(string tool, IEnumerable<string> args)
    {
        var (exit, stdout, stderr) = Run(tool, args);
        return exit == 0 ? stdout : throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed: {stderr}");
    }

    /// <summary>Runs a program to its end: exit code, stdout, stderr; <paramref name="environment"/> sets variables (null: removes one).</summary>
    public static (int Exit, string Stdout, string Stderr) Run(string tool, IEnumerable<string> args, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The face photos shipped with @vladmandic/face-api (demo/sample1..6.jpg), found by walking up to node_modules.</summary>
public static class SamplePhotos
{
    public static string Path(int n)
    {
        var relative = $"node_modules/@vladmandic/face-api/demo/sample{n}.jpg";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}; run scripts/setup.sh.");
    }
}

/// <summary>Child processes of this test process (Linux /proc), to prove no ffmpeg outlives its reader.</summary>
public static class ChildProcesses
{
    /// <summary>Children named <paramref name="name"/> whose command line mentions <paramref name="argument"/> (other tests' ffmpeg runs do not count).</summary>
    public static IReadOnlyList<string> Named(string name, string argument)
    {
        var self = Environment.ProcessId;
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(System.IO.Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                var comm = stat[(stat.IndexOf('(') + 1)..close];
                var fields = stat[(close + 2)..].Split(' ');
                if (comm != name || int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) != self)
                {
                    continue;
                }

                var commandLine = File.ReadAllText(System.IO.Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(argument, StringComparison.Ordinal))
                {
                    found.Add($"{System.IO.Path.GetFileName(dir)} state {fields[0]}: {commandLine}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
            }
        }

        return found;
    }
}
