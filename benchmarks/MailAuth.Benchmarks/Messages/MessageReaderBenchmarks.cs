using System.Text;
using BenchmarkDotNet.Attributes;
using MailAuth.Benchmarks.Dkim;
using MailAuth.Messages;
using MimeKit;

namespace MailAuth.Benchmarks.Messages;

/// <summary>
/// Reading a message into header fields and body. Baseline: MimeKit's <see cref="MimeMessage.Load(Stream, CancellationToken)"/>,
/// what a MimeKit user does to get at the headers (it also parses the MIME structure).
/// </summary>
[MemoryDiagnoser]
public class MessageReaderBenchmarks
{
    private byte[] _crlf = [];
    private byte[] _lf = [];

    [Params(4 * 1024, 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _crlf = BenchmarkMessages.Create(Size);
        _lf = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(_crlf).Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Benchmark(Baseline = true)]
    public int MimeKit_Load()
    {
        using var message = MimeMessage.Load(new MemoryStream(_crlf, writable: false));
        return message.Headers.Count;
    }

    [Benchmark]
    public int Read_Memory()
    {
        using var message = MessageReader.Default.Read(_crlf).Message!;
        return message.Headers.Count + (int)message.Body.Length;
    }

    [Benchmark]
    public int Read_Memory_LfNormalised()
    {
        using var message = MessageReader.Default.Read(_lf).Message!;
        return message.Headers.Count + (int)message.Body.Length;
    }

    [Benchmark]
    public async Task<int> ReadAsync_Stream()
    {
        using var message = (await MessageReader.Default.ReadAsync(new MemoryStream(_crlf, writable: false))).Message!;
        return message.Headers.Count + (int)message.Body.Length;
    }
}
