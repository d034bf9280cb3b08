using System.Net.Sockets;
using System.Text.RegularExpressions;
using Azure;

namespace Classroom.Cli;

/// <summary>
/// The one place that turns a failure into what a person reads: one line naming the problem and, for a service that
/// does not answer, which endpoint it is and what to start. Exit 2 for what the user can fix by the invocation or by
/// starting something (a bad value, a missing file, nothing listening), 1 for a service that answered with a failure.
/// </summary>
internal static partial class CliErrors
{
    /// <summary>The exit code of a bad invocation, a bad file or an unreachable service.</summary>
    public const int BadInvocation = 2;

    /// <summary>
    /// Reads a file the user named (a roster, student records) with <paramref name="read"/>: its content, or null after the
    /// one-line error <c>classroom COMMAND: reason</c> on stderr (a bad file is <see cref="BadInvocation"/>, not a failure).
    /// </summary>
    public static async Task<T?> ReadInputAsync<T>(string command, string file, Func<string, T> read)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return read(file);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"classroom {command}: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Exit code and line for <paramref name="error"/>.</summary>
    public static (int Exit, string Message) Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (Unreachable(error) is { } endpoint)
        {
            return (BadInvocation, $"nothing answers at {endpoint.Host}:{endpoint.Port}{Hint(endpoint.Port)}");
        }

        return error switch
        {
            FileNotFoundException or DirectoryNotFoundException or InvalidDataException or UnauthorizedAccessException or ArgumentException => (BadInvocation, error.Message),
            RequestFailedException r => (1, $"the storage service answered {r.Status} {r.ErrorCode}: {FirstLine(r.Message)}"),
            AggregateException => (1, FirstLine(Chain(error).Last().Message)),
            _ => (1, FirstLine(error.Message)),
        };
    }

    /// <summary>The endpoint a connection to which was refused or could not be made, anywhere in the exception's chain.</summary>
    public static (string Host, int Port)? Unreachable(Exception error)
    {
        var chain = Chain(error).ToList();
        if (!chain.Any(e => e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.HostNotFound or SocketError.TimedOut }
                            or HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }))
        {
            return null;
        }

        // .NET names the endpoint in the message of the exception around the socket's: "Connection refused (127.0.0.1:10000)".
        var named = chain.Select(e => EndpointInMessage().Match(e.Message)).FirstOrDefault(m => m.Success);
        return named is null ? ("the configured endpoint", 0)
            : (named.Groups["host"].Value, int.Parse(named.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The exception and the ones inside it, outermost first (an AggregateException by its first).</summary>
    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e is not null; e = e is AggregateException { InnerExceptions.Count: > 0 } a ? a.InnerExceptions[0] : e.InnerException)
        {
            yield return e;
        }
    }

    /// <summary>What usually listens on a port of the local loop, and how to start it.</summary>
    private static string Hint(int port) => port switch
    {
        10000 or 10001 or 10002 => " (Azurite): start it with `npx azurite --inMemoryPersistence --skipApiVersionCheck --loose`, or point ClassroomStorage elsewhere (docs/function-app.md)",
        7071 => " (a Functions host): start `func start` in src/FunctionApp, keep `./classroom events --watch` running, or leave out --notify (docs/function-app.md)",
        8081 or 3000 => " (the Cosmos DB server): start it with `node scripts/dev/cosmos-server.js 3000`, or check Classroom__Cosmos__ConnectionString (docs/function-app.md)",
        _ => ": is the service started, and are ClassroomStorage / Classroom__Cosmos__* right? (docs/settings.md)",
    };

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    [GeneratedRegex(@"\((?<host>\[[0-9a-fA-F:]+\]|[^():\s]+):(?<port>\d{1,5})\)")]
    private static partial Regex EndpointInMessage();
}
