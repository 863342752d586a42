using System.Security.Cryptography;
using System.Text;
using MailAuth.Dkim;
using MailAuth.Messages;
using Xunit;

namespace MailAuth.Tests.Dkim;

public sealed class DkimHeaderHasherTests
{
    private const string Headers =
        "Received: from a by b; one\r\n" +
        "From: Alice <alice@example.com>\r\n" +
        "Received: from b by c; two\r\n" +
        "Subject:  Hi \r\n" +
        "\r\n";

    private static readonly byte[] SignatureField = Encoding.ASCII.GetBytes("DKIM-Signature: v=1; b=XYZ; h=from");

    private static RawMessage Read() => MessageReader.Default.Read(Encoding.ASCII.GetBytes(Headers)).Message!;

    [Fact]
    public void SelectFields_RepeatedName_PicksBottomUpAndSkipsOversigned()
    {
        using var message = Read();
        var selected = new HeaderField[4];
        int count = DkimHeaderHasher.SelectFields(message.Headers, ["received", "Received", "from", "received"], selected);

        // RFC 6376 §5.4.2: the last instance first, then the one above; a name with no instance left adds nothing.
        Assert.Equal(3, count);
        Assert.Same(message.Headers[2], selected[0]);
        Assert.Same(message.Headers[0], selected[1]);
        Assert.Same(message.Headers[1], selected[2]);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(200)]
    public void SelectFields_ShortAndLongLists_PickWhatANaiveSearchPicks(int names)
    {
        // Both look-up strategies (the look-back for short lists, the dictionary for long ones): over-signed names,
        // names in mixed case and names of absent fields.
        using var message = Read();
        string[] pool = ["received", "FROM", "Received", "subject", "x-absent", "from"];
        string[] signed = Enumerable.Range(0, names).Select(i => pool[(i * 7) % pool.Length]).ToArray();
        var selected = new HeaderField[names];

        int count = DkimHeaderHasher.SelectFields(message.Headers, signed, selected);

        var used = new HashSet<HeaderField>();
        var expected = new List<HeaderField>();
        foreach (string name in signed)
        {
            var field = message.Headers.LastOrDefault(h => h.HasName(name) && !used.Contains(h));
            if (field is not null)
            {
                used.Add(field);
                expected.Add(field);
            }
        }

        Assert.Equal(expected, selected.Take(count));
    }

    [Fact]
    public void ComputeHash_ExplicitList_EqualsTheHSelection()
    {
        using var message = Read();
        var range = new Range(23, 26);
        byte[] byNames = DkimHeaderHasher.ComputeHash(message.Headers, ["subject", "received", "from"], DkimCanonicalization.Relaxed, HashAlgorithmName.SHA256, SignatureField, range);
        byte[] byList = DkimHeaderHasher.ComputeHash([message.Headers[3], message.Headers[2], message.Headers[1]], DkimCanonicalization.Relaxed, HashAlgorithmName.SHA256, SignatureField, range);
        Assert.Equal(byNames, byList);
    }

    [Fact]
    public void ComputeHash_ExplicitList_HashesFieldsInTheGivenOrderThenTheSignatureWithoutB()
    {
        using var message = Read();
        byte[] hash = DkimHeaderHasher.ComputeHash([message.Headers[3], message.Headers[0]], DkimCanonicalization.Relaxed, HashAlgorithmName.SHA256, SignatureField, new Range(23, 26));

        // Relaxed (RFC 6376 §3.4.2): lower-case names, no space around the colon, WSP runs to one SP, none at the end;
        // the signature field last, b= emptied and without CRLF (§3.7).
        byte[] expected = SHA256.HashData("subject:Hi\r\nreceived:from a by b; one\r\ndkim-signature:v=1; b=; h=from"u8);
        Assert.Equal(expected, hash);

        byte[] swapped = DkimHeaderHasher.ComputeHash([message.Headers[0], message.Headers[3]], DkimCanonicalization.Relaxed, HashAlgorithmName.SHA256, SignatureField, new Range(23, 26));
        Assert.NotEqual(hash, swapped);
    }

    [Fact]
    public void ComputeHash_EmptyList_HashesOnlyTheSignatureField()
    {
        byte[] hash = DkimHeaderHasher.ComputeHash([], DkimCanonicalization.Simple, HashAlgorithmName.SHA256, SignatureField, new Range(23, 26));
        Assert.Equal(SHA256.HashData("DKIM-Signature: v=1; b=; h=from"u8), hash);
    }
}
