using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Classroom.Recognition.Processes;

namespace Classroom.Cloud.Local;

/// <summary>A Node server from node_modules (Azurite, the Cosmos DB server) on free loopback ports, stopped on dispose: the one place that launches them, for the CLI's local runs and the tests.</summary>
public sealed class NodeServer : IDisposable
{
    /// <summary>How long a server may take to listen: a few seconds when idle, far longer on a small machine busy with builds and parallel test assemblies.</summary>
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(2);

    private readonly ChildProcess process;
    private readonly string script;

    private NodeServer(ChildProcess process, string script)
    {
        this.process = process;
        this.script = script;
    }

    /// <summary>The last lines the server wrote (stdout and stderr), for the error text.</summary>
    public string Output => string.Join(Environment.NewLine, process.ErrorLines);

    /// <summary>Starts <c>node SCRIPT ARGS</c> and waits until every port accepts connections.</summary>
    public static NodeServer Start(string script, IEnumerable<string> arguments, IReadOnlyList<int> ports, string workingDirectory)
    {
        if (!File.Exists(script))
        {
            throw new FileNotFoundException($"{script} is missing: run scripts/setup.sh (npm ci).", script);
        }

        var settings = new ChildProcessSettings { WorkingDirectory = workingDirectory, OutputIsLog = true, KeptLines = 200, Hint = "Install Node.js." };
        var server = new NodeServer(ChildProcess.Start("node", [script, .. arguments], settings), script);
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
    public void Stop() => process.Terminate(TimeSpan.FromSeconds(15));

    /// <summary>Kills the server and whatever it started, and waits for it.</summary>
    public void Dispose() => process.Dispose();

    private void WaitForPort(int port, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{script} exited with {process.ExitCode}: {Output}");
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
}
