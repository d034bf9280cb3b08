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

    /// <summary>Exit code and line for <paramref name="error"/>.</summary>
    public static (int Exit, string Message) Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (Unreachable(error) is { } endpoint)
        {
            return (BadInvocation, $"nothing answers at {endpoint.Host}:{endpoint.Port}{Hint(endpoint.Port)}");
        }

        var inner = Innermost(error);
        return error switch
        {
            FileNotFoundException or DirectoryNotFoundException or InvalidDataException or UnauthorizedAccessException or ArgumentException => (BadInvocation, error.Message),
            RequestFailedException r => (1, $"the storage service answered {r.Status} {r.ErrorCode}: {FirstLine(r.Message)}"),
            AggregateException => (1, FirstLine(inner.Message)),
            _ => (1, FirstLine(error.Message)),
        };
    }

    /// <summary>The endpoint a connection to which was refused or could not be made, anywhere in the exception's chain.</summary>
    public static (string Host, int Port)? Unreachable(Exception error)
    {
        for (var e = error; e is not null; e = e is AggregateException a && a.InnerExceptions.Count > 0 ? a.InnerExceptions[0] : e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.HostNotFound or SocketError.TimedOut }
                || e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError })
            {
                // .NET names the endpoint in the message of the exception around the socket's: "Connection refused (127.0.0.1:10000)".
                for (var m = error; m is not null; m = m is AggregateException a2 && a2.InnerExceptions.Count > 0 ? a2.InnerExceptions[0] : m.InnerException)
                {
                    if (EndpointInMessage().Match(m.Message) is { Success: true } match)
                    {
                        return (match.Groups["host"].Value, int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
                    }
                }

                return ("the configured endpoint", 0);
            }
        }

        return null;
    }

    /// <summary>What usually listens on a port of the local loop, and how to start it.</summary>
    private static string Hint(int port) => port switch
    {
        10000 or 10001 or 10002 => " (Azurite): start it with `npx azurite --inMemoryPersistence --skipApiVersionCheck --loose`, or point ClassroomStorage elsewhere (docs/function-app.md)",
        7071 => " (a Functions host): start `func start` in src/FunctionApp, keep `./classroom events --watch` running, or leave out --notify (docs/function-app.md)",
        8081 or 3000 => " (the Cosmos DB server): start it with `node scripts/dev/cosmos-server.js 3000`, or check Classroom__Cosmos__ConnectionString (docs/function-app.md)",
        _ => ": is the service started, and are ClassroomStorage / Classroom__Cosmos__* right? (docs/settings.md)",
    };

    private static Exception Innermost(Exception error)
    {
        var e = error;
        while ((e is AggregateException a && a.InnerExceptions.Count > 0 ? a.InnerExceptions[0] : e.InnerException) is { } next)
        {
            e = next;
        }

        return e;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    [GeneratedRegex(@"\((?<host>\[[0-9a-fA-F:]+\]|[^():\s]+):(?<port>\d{1,5})\)")]
    private static partial Regex EndpointInMessage();
}
