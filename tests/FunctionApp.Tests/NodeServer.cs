using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Classroom.FunctionApp.Tests;

/// <summary>A Node server from node_modules (Azurite, the Cosmos DB server) on free loopback ports, stopped on dispose.</summary>
internal sealed class NodeServer : IDisposable
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

    /// <summary>Starts <c>node SCRIPT ARGS</c> and waits (at most 30 s) until every port accepts connections.</summary>
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
                server.WaitForPort(port, TimeSpan.FromSeconds(30));
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
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
