using System.Net;
using System.Net.Sockets;
using System.Text;
using MailAuth.Srs;
using Xunit;

namespace MailAuth.Interop.Tests.Srs;

/// <summary>
/// Our SRS against postsrsd (Debian postsrsd), the rewriting daemon Postfix sites use: the test starts it on 127.0.0.1
/// on two free ports with a secrets file, and talks to its Postfix TCP lookup tables (<c>get ADDRESS</c> →
/// <c>200 RESULT</c> or <c>500 REASON</c>). postsrsd reads the real clock, so we do too; the comparisons are by
/// decoding, which one day's difference does not change.
/// </summary>
public sealed class PostSrsdInteropTests
{
    private const string Alias = "fwd.example";

    private static readonly string[] Senders =
    [
        "alice@example.com", "Bob.Smith@Mail.Example.ORG", "user+tag@sub.example.net", "a=b=c@example.com", "x@y.example",
    ];

    private static SrsRewriter Ours(params string[] secrets) => new(new SrsOptions { Secrets = secrets });

    [SkippableFact]
    public async Task Forward_PostsrsdThenOursReverse_GivesOriginal()
    {
        await using var daemon = await PostSrsd.StartAsync(["tops3cret"]);
        SrsRewriter ours = Ours("tops3cret");
        foreach (string sender in Senders)
        {
            (int code, string written) = await daemon.ForwardAsync(sender);
            Assert.True(code == 200, written);
            Assert.StartsWith("SRS0=", written, StringComparison.Ordinal);
            SrsResult back = ours.Reverse(written);
            Assert.True(back.Success, $"{written}: {back.Reason}");
            Assert.Equal(sender, back.Address);
        }
    }

    [SkippableFact]
    public async Task Forward_OursThenPostsrsdReverse_GivesOriginal()
    {
        await using var daemon = await PostSrsd.StartAsync(["tops3cret"]);
        SrsRewriter ours = Ours("tops3cret");
        foreach (string sender in Senders)
        {
            string written = ours.Forward(sender, Alias).Address!;
            (int code, string back) = await daemon.ReverseAsync(written);
            Assert.True(code == 200, $"{written}: {back}");
            Assert.Equal(sender, back);
        }
    }

    [SkippableFact]
    public async Task Srs1_OursAsSecondHop_PostsrsdFirstHopDecodesChain()
    {
        // postsrsd is the first forwarder (fwd.example); we forward its SRS0 again and a bounce comes back through us to it.
        await using var daemon = await PostSrsd.StartAsync(["first-hop"]);
        (_, string srs0) = await daemon.ForwardAsync("alice@example.com");
        SrsRewriter secondHop = Ours("second-hop");
        SrsResult srs1 = secondHop.Forward(srs0, "two.example");
        Assert.Equal(SrsAddressKind.Srs1, srs1.Kind);
        SrsResult toFirst = secondHop.Reverse(srs1.Address);
        Assert.Equal(srs0, toFirst.Address);
        (int code, string original) = await daemon.ReverseAsync(toFirst.Address!);
        Assert.True(code == 200, original);
        Assert.Equal("alice@example.com", original);
    }

    [SkippableFact]
    public async Task Srs1_SameSecret_PostsrsdReversesOurSrs1()
    {
        await using var daemon = await PostSrsd.StartAsync(["tops3cret"]);
        string srs0 = Ours("elsewhere").Forward("alice@example.com", "one.example").Address!;
        string srs1 = Ours("tops3cret").Forward(srs0, Alias).Address!;
        (int code, string back) = await daemon.ReverseAsync(srs1);
        Assert.True(code == 200, back);
        Assert.Equal(srs0, back);
    }

    [SkippableFact]
    public async Task Reverse_RotatedSecrets_BothSidesAcceptOldSecret()
    {
        await using var daemon = await PostSrsd.StartAsync(["new", "old"]);
        (int code, string back) = await daemon.ReverseAsync(Ours("old").Forward("alice@example.com", Alias).Address!);
        Assert.True(code == 200, back);
        Assert.Equal("alice@example.com", back);
        (_, string written) = await daemon.ForwardAsync("carol@example.com");
        Assert.Equal(0, Ours("new").Reverse(written).SecretIndex);
    }

    [SkippableFact]
    public async Task Reverse_ForgedOrWrongSecret_BothSidesRefuse()
    {
        await using var daemon = await PostSrsd.StartAsync(["tops3cret"]);
        string ours = Ours("tops3cret").Forward("alice@example.com", Alias).Address!;
        string forged = ours.Replace("=alice@", "=mallory@", StringComparison.Ordinal);
        Assert.Equal(500, (await daemon.ReverseAsync(forged)).Code);
        Assert.Equal(500, (await daemon.ReverseAsync(Ours("other").Forward("alice@example.com", Alias).Address!)).Code);
        (_, string theirs) = await daemon.ForwardAsync("alice@example.com");
        Assert.Equal(SrsError.BadHash, Ours("other").Reverse(theirs).Error);
        Assert.Equal(SrsError.BadHash, Ours("tops3cret").Reverse(theirs.Replace("=alice@", "=mallory@", StringComparison.Ordinal)).Error);
    }

    /// <summary>A postsrsd process on 127.0.0.1 with its own secrets file, stopped and cleaned up on dispose.</summary>
    private sealed class PostSrsd : IAsyncDisposable
    {
        private readonly System.Diagnostics.Process _process;
        private readonly string _dir;
        private readonly int _forwardPort;
        private readonly int _reversePort;

        private PostSrsd(System.Diagnostics.Process process, string dir, int forwardPort, int reversePort)
        {
            _process = process;
            _dir = dir;
            _forwardPort = forwardPort;
            _reversePort = reversePort;
        }

        public static async Task<PostSrsd> StartAsync(string[] secrets)
        {
            string? program = Peers.FindOnPath("postsrsd") ?? (File.Exists("/usr/sbin/postsrsd") ? "/usr/sbin/postsrsd" : null);
            Peers.Require(program is not null, "postsrsd not found (apt-get install postsrsd; see .ci/apt/srs.txt)");
            string dir = Directory.CreateTempSubdirectory("mailauth-postsrsd-").FullName;
            string secretFile = Path.Combine(dir, "secrets");
            await File.WriteAllTextAsync(secretFile, string.Join('\n', secrets) + "\n");
            int forward = FreePort();
            int reverse = FreePort();
            var info = new System.Diagnostics.ProcessStartInfo(program!)
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            foreach (string argument in new[] { "-s" + secretFile, "-d" + Alias, "-l127.0.0.1", "-4", "-f" + forward, "-r" + reverse, "-t10" })
            {
                info.ArgumentList.Add(argument);
            }

            var process = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("could not start postsrsd");
            var daemon = new PostSrsd(process, dir, forward, reverse);

            // Wait (bounded: 100 tries) until both ports accept connections.
            for (int i = 0; i < 100; i++)
            {
                if (process.HasExited)
                {
                    break;
                }

                if (await CanConnectAsync(forward) && await CanConnectAsync(reverse))
                {
                    return daemon;
                }

                await Task.Delay(50);
            }

            string error = process.HasExited ? await process.StandardError.ReadToEndAsync() : "no listener";
            await daemon.DisposeAsync();
            Assert.Fail($"postsrsd did not start: {error}");
            throw new InvalidOperationException("unreachable");
        }

        public Task<(int Code, string Text)> ForwardAsync(string address) => QueryAsync(_forwardPort, address);

        public Task<(int Code, string Text)> ReverseAsync(string address) => QueryAsync(_reversePort, address);

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
            Directory.Delete(_dir, recursive: true);
        }

        // Postfix tcp_table(5): "get KEY\n" → "200 VALUE\n" / "500 REASON\n"; KEY and VALUE are %-encoded.
        private static async Task<(int Code, string Text)> QueryAsync(int port, string address)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            NetworkStream stream = client.GetStream();
            byte[] request = Encoding.ASCII.GetBytes("get " + Uri.EscapeDataString(address).Replace("%40", "@", StringComparison.Ordinal) + "\n");
            await stream.WriteAsync(request);
            using var reader = new StreamReader(stream, Encoding.ASCII);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            string line = await reader.ReadLineAsync(timeout.Token) ?? string.Empty;
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            int code = space > 0 && int.TryParse(line.AsSpan(0, space), out int c) ? c : -1;
            return (code, Uri.UnescapeDataString(space > 0 ? line[(space + 1)..] : line));
        }

        private static async Task<bool> CanConnectAsync(int port)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
