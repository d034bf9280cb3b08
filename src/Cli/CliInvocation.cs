using System.CommandLine;
using System.CommandLine.Parsing;

namespace Classroom.Cli;

/// <summary>
/// Runs a command line: a wrong invocation (unknown command or option, bad or missing value) is one line and exit 2
/// before anything runs; a failure while running is one line (<see cref="CliErrors"/>), the stack trace only with
/// <c>--verbose</c>, which also turns the logs up to Debug.
/// </summary>
internal static class CliInvocation
{
    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show what it does (Debug logs on stderr) and, on a failure, the stack trace",
        Recursive = true,
    };

    /// <summary>Whether this run was asked for --verbose (for the commands that print their own errors).</summary>
    public static bool IsVerbose { get; private set; }

    /// <summary>Ctrl+C was pressed: a cancellation is the user's, not a timeout of a service (which is a failure like any other).</summary>
    private static volatile bool interrupted;

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        ArgumentNullException.ThrowIfNull(root);
        Console.CancelKeyPress += (_, _) => interrupted = true;
        root.Options.Add(Verbose);
        var parse = root.Parse(args);
        var verbose = IsVerbose = parse.GetValue(Verbose);
        var name = CommandName(parse.CommandResult);
        if (verbose && Environment.GetEnvironmentVariable("Logging__LogLevel__Default") is null)
        {
            Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Debug"); // read by CliHost.Configuration
        }

        if (parse.CommandResult.Command is RootCommand && args.Any(a => a is "--help" or "-h" or "-?" or "help"))
        {
            return RootHelp.Write(Console.Out); // the overview grouped by task (a command's own --help is System.CommandLine's)
        }

        if (UsageError(parse) is { } usage)
        {
            await Console.Error.WriteLineAsync($"{name}: {usage} (see: {name} --help)").ConfigureAwait(false);
            return CliErrors.BadInvocation;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (interrupted)
        {
            await Console.Error.WriteLineAsync($"{name}: cancelled").ConfigureAwait(false);
            return 130;
        }
        catch (Exception e)
        {
            var (exit, message) = CliErrors.Describe(e);
            await Console.Error.WriteLineAsync($"{name}: {message}").ConfigureAwait(false);
            if (verbose)
            {
                await Console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }
            else
            {
                await Console.Error.WriteLineAsync($"(run with --verbose for the details)").ConfigureAwait(false);
            }

            return exit;
        }
    }

    /// <summary>The first parse error, or a value that is an option this command does not have (taken for a path otherwise).</summary>
    private static string? UsageError(ParseResult parse)
    {
        if (parse.Errors.Count > 0)
        {
            // "Unrecognized command or argument 'x'" says more than the "Required command was not provided" it causes.
            var error = parse.Errors.OrderBy(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal) ? 0 : 1).First().Message;
            return error.StartsWith("Cannot parse argument", StringComparison.Ordinal) ? error.Split(" as expected type", 2)[0] : error;
        }

        var options = parse.CommandResult.Command.Options.Concat(parse.RootCommandResult.Command.Options.Where(o => o.Recursive))
            .SelectMany(o => o.Aliases.Append(o.Name)).ToList();
        foreach (var argument in parse.CommandResult.Children.OfType<ArgumentResult>())
        {
            foreach (var token in argument.Tokens.Select(t => t.Value))
            {
                if (LooksLikeOption(token) && !File.Exists(token) && !Directory.Exists(token))
                {
                    var near = options.Where(o => o.StartsWith("--", StringComparison.Ordinal)).MinBy(o => Distance(o, token.Split('=')[0]));
                    var suggestion = near is not null && Distance(near, token.Split('=')[0]) <= 3 ? $"; did you mean {near}?" : "";
                    return $"unknown option {token}{suggestion}";
                }
            }
        }

        return null;
    }

    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && (char.IsAsciiLetter(token[1]) || (token[1] == '-' && token.Length > 2));

    private static string CommandName(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c; r = c.Parent)
        {
            names.Add(c.Command is RootCommand ? "classroom" : c.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>Levenshtein distance, for the "did you mean" of a mistyped option.</summary>
    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }

        return row[b.Length];
    }
}
