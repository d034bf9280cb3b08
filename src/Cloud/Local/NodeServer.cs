using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Classroom.Cloud.Local;

/// <summary>A Node server from node_modules (Azurite, the Cosmos DB server) on free loopback ports, stopped on dispose: the one place that launches them, for the CLI's local runs and the tests.</summary>
public sealed class NodeServer : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private NodeServer(Process process) => this.process = process;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>How long a server may take to listen: Azurite starts in ~2 s, but on a loaded 2-core machine (parallel test assemblies, builds) it has taken over 30 s.</summary>
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Starts <c>node SCRIPT ARGS</c> and waits until every port accepts connections.</summary>
    public static NodeServer Start(string script, IEnumerable<string> arguments, IReadOnlyList<int> ports, string workingDirectory)
    {
        if (!File.Exists(script))
        {
            throw new FileNotFoundException($"{script} is missing: run scripts/setup.sh (npm ci).", script);
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var server = new NodeServer(Process.Start(start) ?? throw new InvalidOperationException("node did not start"));
        server.process.OutputDataReceived += server.Append;
        server.process.ErrorDataReceived += server.Append;
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        try
        {
            foreach (var port in ports)
            {
                server.WaitForPort(port, StartupTimeout);
            }
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    /// <summary>A port nothing listens on right now (the OS picks it).</summary>
    public static int FreePort() => FreePorts(1)[0];

    /// <summary>Distinct free ports: each listener is held until all are picked, so the OS cannot hand out one twice.</summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }

    /// <summary>Stops the server as an operator would (SIGTERM: Azurite saves its metadata on the way out), killing it if it lingers.</summary>
    public void Stop()
    {
        if (!process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
            if (!process.WaitForExit(15_000))
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process.Dispose();
    }

    private void WaitForPort(int port, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.StartInfo.ArgumentList[0]} exited with {process.ExitCode}: {Output}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        throw new TimeoutException($"Nothing listened on 127.0.0.1:{port} within {timeout.TotalSeconds} s: {Output}");
    }

    private void Append(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(e.Data);
        }
    }
}
