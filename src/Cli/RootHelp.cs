namespace Classroom.Cli;

/// <summary>
/// <c>classroom --help</c> (and <c>classroom</c> alone): the commands grouped by task, in 80 columns, each group in the
/// order a newcomer meets it; a command's own <c>--help</c> stays System.CommandLine's. Every registered command must
/// be listed (a test checks it), so a new one cannot be hidden.
/// </summary>
internal static class RootHelp
{
    /// <summary>Group title, then (usage, what it does) per line; the first word of a usage is its command.</summary>
    public static readonly (string Group, (string Usage, string What)[] Lines)[] Groups =
    [
        ("Start here", [("demo", "the whole job on sample videos, no data needed")]),
        ("Recognise videos", [("process PATH...", "the student in each video: CSV, --json, --report")]),
        ("The roster (local store)",
        [
            ("enroll --name N PHOTO...", "add a person's face from photos"),
            ("students import|list|forget", "student records; forget erases a student"),
            ("faces import|export|list", "known faces: encoding.dat or JSON"),
            ("faces PHOTO|VIDEO...", "the face engine's check: boxes, descriptors"),
            ("doctor", "check the store: missing records, look-alikes"),
        ]),
        ("Azure, or Azurite locally",
        [
            ("students push, faces push", "publish the roster: Cosmos DB, roster blob"),
            ("upload FILE... [--wait]", "upload videos; --wait for their results"),
            ("events --watch", "local loop: BlobCreated events for func"),
            ("failures, retry", "what failed, and why; run it again"),
            ("workload", "the original's grader: accuracy, latency"),
        ]),
        ("Measure", [("bench engine|pipeline|robustness", "medians; the degradation suite")]),
    ];

    /// <summary>Where descriptions start: with the longest description it keeps every line within 80 columns.</summary>
    public const int UsageColumn = 30;

    /// <summary>Prints the overview to <paramref name="output"/>.</summary>
    public static int Write(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("Smart Classroom Assistant: the student in each video, by face, and their record.");
        output.WriteLine();
        output.WriteLine("Usage: classroom COMMAND [options]    (classroom COMMAND --help: its options)");
        foreach (var (group, lines) in Groups)
        {
            output.WriteLine();
            output.WriteLine(group);
            foreach (var (usage, what) in lines)
            {
                // A usage wider than its column gets a line of its own, the description under it.
                output.WriteLine(usage.Length < UsageColumn - 3 ? $"  {usage.PadRight(UsageColumn - 2)}{what}" : $"  {usage}\n{new string(' ', UsageColumn)}{what}");
            }
        }

        output.WriteLine();
        output.WriteLine("Options: --verbose (Debug logs; the stack trace of a failure), --help, --version");
        output.WriteLine("Settings: docs/settings.md. Start with: ./classroom demo");
        return 0;
    }
}
