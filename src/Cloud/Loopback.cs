using System.Net;

namespace Classroom.Cloud;

/// <summary>Loopback checks: emulator-only relaxations (gateway mode, self-signed certificates) apply to these hosts only.</summary>
public static class Loopback
{
    public static bool IsLoopback(Uri? uri) =>
        uri is not null && (uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));
}
