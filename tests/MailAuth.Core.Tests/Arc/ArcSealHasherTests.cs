using System.Text;
using MailAuth.Arc;
using MailAuth.Dkim;
using MailAuth.Messages;
using Xunit;

namespace MailAuth.Tests.Arc;

/// <summary>The seal hashes computed once over the chain equal hashing each seal's ARC Sets from scratch (RFC 8617 §5.1.1).</summary>
public class ArcSealHasherTests
{
    [Theory]
    [InlineData(1, null)]
    [InlineData(3, null)]
    [InlineData(5, null)]
    [InlineData(4, 1)]
    [InlineData(4, 3)]
    [InlineData(5, 5)]
    public async Task ComputeHashes_ChainWithOneSha1Seal_EqualsHashingEachSealFromScratch(int hops, int? sha1Instance)
    {
        // One seal rewritten to rsa-sha1 (a hash only, nothing is verified): its running hash starts late, at its own
        // instance, and must still cover every set before it.
        using var chains = new ArcChains();
        string message = await chains.ChainAsync(hops);
        if (sha1Instance is { } s)
        {
            message = RewriteSealAlgorithm(message, s);
        }

        using var raw = MessageReader.Default.Read(Encoding.UTF8.GetBytes(message)).Message!;
        var (scope, seals) = Sets(raw, hops);
        var hashes = new byte[hops + 1][];

        ArcSealHasher.ComputeHashes(scope, seals, hashes);

        for (int i = 1; i <= hops; i++)
        {
            var field = scope[(3 * i) - 1];
            byte[] expected = DkimHeaderHasher.ComputeHash(scope.AsSpan(0, (3 * i) - 1), DkimCanonicalization.Relaxed, DkimAlgorithms.GetHash(seals[i].Algorithm), field.Raw.Span, ArcChainValidator.ValueRange(field, seals[i]));
            Assert.Equal(expected, hashes[i]);
        }

        if (sha1Instance is { } instance)
        {
            Assert.Equal(20, hashes[instance].Length);
        }
    }

    [Fact]
    public async Task ComputeHashes_FoldedFieldsWithRunsOfWhitespace_EqualsHashingEachSealFromScratch()
    {
        // Relaxed canonicalization does work here (unfolding, WSP runs, WSP before the colon and at the end).
        using var chains = new ArcChains();
        string message = await chains.ChainAsync(3);
        message = message.Replace("ARC-Authentication-Results: i=2;", "ARC-Authentication-Results  :   i=2;\r\n\t \t", StringComparison.Ordinal);
        using var raw = MessageReader.Default.Read(Encoding.UTF8.GetBytes(message)).Message!;
        var (scope, seals) = Sets(raw, 3);
        var hashes = new byte[4][];

        ArcSealHasher.ComputeHashes(scope, seals, hashes);

        for (int i = 1; i <= 3; i++)
        {
            var field = scope[(3 * i) - 1];
            Assert.Equal(DkimHeaderHasher.ComputeHash(scope.AsSpan(0, (3 * i) - 1), DkimCanonicalization.Relaxed, DkimAlgorithms.GetHash(seals[i].Algorithm), field.Raw.Span, ArcChainValidator.ValueRange(field, seals[i])), hashes[i]);
        }
    }

    private static string RewriteSealAlgorithm(string message, int instance)
    {
        var lines = message.Split("\r\n").ToList();
        int start = lines.FindIndex(l => l.StartsWith("ARC-Seal:", StringComparison.Ordinal) && l.Contains($"i={instance};", StringComparison.Ordinal));
        Assert.True(start >= 0);
        for (int k = start; k < lines.Count && (k == start || lines[k].StartsWith('\t') || lines[k].StartsWith(' ')); k++)
        {
            lines[k] = lines[k].Replace("a=rsa-sha256", "a=rsa-sha1", StringComparison.Ordinal).Replace("a=ed25519-sha256", "a=rsa-sha1", StringComparison.Ordinal);
        }

        Assert.Contains(lines, l => l.Contains("a=rsa-sha1", StringComparison.Ordinal));
        return string.Join("\r\n", lines);
    }

    private static (HeaderField[] Scope, ArcSignature[] Seals) Sets(RawMessage raw, int hops)
    {
        var scope = new HeaderField[3 * hops];
        var seals = new ArcSignature[hops + 1];
        foreach (var h in raw.Headers)
        {
            int kind = h.HasName(ArcChainValidator.ResultsFieldName) ? 0 : h.HasName(ArcChainValidator.SignatureFieldName) ? 1 : h.HasName(ArcChainValidator.SealFieldName) ? 2 : -1;
            if (kind < 0)
            {
                continue;
            }

            int i;
            Assert.True(kind == 0 ? ArcChainValidator.TryReadResultsInstance(h.GetValueText(), out i) : ArcSignature.TryReadInstance(ArcChainValidator.Latin1(h), out i));
            scope[(3 * (i - 1)) + kind] = h;
            if (kind == 2)
            {
                Assert.True(ArcSignature.TryParse(ArcChainValidator.Latin1(h), DkimTagProfiles.ArcSeal, out seals[i]!, out _, out string? reason), reason);
            }
        }

        return (scope, seals);
    }
}
