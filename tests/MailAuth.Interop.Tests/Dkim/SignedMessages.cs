using System.Collections.Concurrent;
using System.Text;
using Xunit;

namespace MailAuth.Interop.Tests.Dkim;

/// <summary>Signed copies of the test messages, made once per (signer, request, message) and shared by the cells.</summary>
internal static class SignedMessages
{
    private static readonly ConcurrentDictionary<(string, DkimSignRequest, string), Lazy<Task<byte[]>>> Signed = new();

    internal static Task<byte[]> SignOnceAsync(IDkimPeer signer, DkimSignRequest request, string message) =>
        Signed.GetOrAdd((signer.Name, request, message), _ => new Lazy<Task<byte[]>>(() => signer.SignAsync(DkimTestMessages.Load(message), request))).Value;

    /// <summary>The signer did what it was asked: one DKIM-Signature with the algorithm, canonicalization and l= requested.</summary>
    internal static void AssertShape(byte[] signed, DkimSignRequest request)
    {
        var tags = Tags(SignatureField(signed));
        Assert.Equal(request.Algorithm, tags.GetValueOrDefault("a"));
        var c = tags.GetValueOrDefault("c", "simple");
        Assert.Equal(request.Canonicalization, c.Contains('/', StringComparison.Ordinal) ? c : c + "/simple");
        Assert.Equal(request.BodyLength, tags.ContainsKey("l"));
        Assert.Equal(request.Domain, tags.GetValueOrDefault("d"));
    }

    internal static string SignatureField(byte[] signed)
    {
        var text = Encoding.Latin1.GetString(signed);
        var start = text.IndexOf("DKIM-Signature:", StringComparison.OrdinalIgnoreCase);
        Assert.True(start >= 0, "the signer added no DKIM-Signature field");
        var end = start;
        do
        {
            end = text.IndexOf("\r\n", end, StringComparison.Ordinal) + 2;
        }
        while (end < text.Length && text[end] is ' ' or '\t');

        return text[start..end];
    }

    /// <summary>The tags of a DKIM-Signature field, white space removed (a plain test-side reading, not the library's parser).</summary>
    internal static Dictionary<string, string> Tags(string field)
    {
        var value = field[(field.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var compact = new string(value.Where(ch => ch is not (' ' or '\t' or '\r' or '\n')).ToArray());
        return compact.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(spec => spec.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : string.Empty, StringComparer.Ordinal);
    }
}
