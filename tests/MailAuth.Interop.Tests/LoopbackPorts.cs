using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MailAuth.Interop.Tests;

/// <summary>Ports on 127.0.0.1 for servers the tests start themselves (redis-server, the SMTP sample).</summary>
internal static class LoopbackPorts
{
    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until <paramref name="process"/> accepts TCP connections on 127.0.0.1:<paramref name="port"/> (at most 30 seconds).</summary>
    public static async Task WaitUntilListeningAsync(Process process, int port)
    {
        for (int i = 0; i < 300; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited with code {process.ExitCode} before listening on port {port}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"{process.StartInfo.FileName} did not listen on port {port}");
    }
}
