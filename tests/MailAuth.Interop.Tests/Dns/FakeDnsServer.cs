using System.Net;
using System.Net.Sockets;

namespace MailAuth.Interop.Tests.Dns;

/// <summary>
/// A UDP "server" on 127.0.0.1 that answers every query with a fixed RCODE and no records, or never answers
/// (<paramref name="rcode"/> null) — for failover and timeout tests that need a misbehaving server.
/// </summary>
internal sealed class FakeDnsServer : IDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private int _queries;

    public FakeDnsServer(int? rcode)
    {
        if (rcode is { } code)
        {
            _ = AnswerAsync(code);
        }
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

    public int Queries => Volatile.Read(ref _queries);

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task AnswerAsync(int rcode)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                UdpReceiveResult query = await _socket.ReceiveAsync(_stop.Token);
                Interlocked.Increment(ref _queries);
                byte[] q = query.Buffer;
                if (q.Length < 12)
                {
                    continue;
                }

                // RFC 1035 §4.1: header + the question (QNAME labels, QTYPE, QCLASS); no answer, authority or EDNS.
                int end = 12;
                while (end < q.Length && q[end] != 0)
                {
                    end += q[end] + 1;
                }

                end += 5;
                if (end > q.Length)
                {
                    continue;
                }

                byte[] reply = q[..end];
                reply[2] = (byte)(0x80 | (q[2] & 0x79));   // QR=1, keep opcode and RD
                reply[3] = (byte)(0x80 | rcode);            // RA=1, RCODE
                reply[6] = reply[7] = reply[8] = reply[9] = reply[10] = reply[11] = 0;
                await _socket.SendAsync(reply, query.RemoteEndPoint, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Disposed: the test is over.
        }
    }
}
