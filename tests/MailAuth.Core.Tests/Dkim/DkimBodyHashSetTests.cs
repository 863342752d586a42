using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using MailAuth.Dkim;
using MailAuth.Tests.Fakes;
using Xunit;

namespace MailAuth.Tests.Dkim;

public sealed class DkimBodyHashSetTests
{
    private static readonly byte[] Body = Encoding.ASCII.GetBytes("Hello  Bob,\r\n\r\nthe numbers \t are attached.\r\n\r\n\r\n");

    private static byte[] Single(DkimBodyHashKey key, byte[] body)
    {
        using var hasher = new DkimBodyHasher(key.Canonicalization, key.Hash, key.Length);
        hasher.Append(body);
        return hasher.Complete();
    }

    [Fact]
    public void Add_SameKeyTwice_SharesOneHasher()
    {
        using var set = new DkimBodyHashSet();
        set.Add(new DkimBodyHashKey(DkimCanonicalization.Relaxed, HashAlgorithmName.SHA256, null));
        set.Add(new DkimBodyHashKey(DkimCanonicalization.Relaxed, HashAlgorithmName.SHA256, null));
        set.Add(new DkimBodyHashKey(DkimCanonicalization.Relaxed, HashAlgorithmName.SHA256, 5));
        set.Add(new DkimBodyHashKey(DkimCanonicalization.Simple, HashAlgorithmName.SHA256, null));
        Assert.Equal(3, set.Count);
    }

    [Fact]
    public void Of_RsaSha256AndEd25519Sha256_GiveTheSameKey()
    {
        var rsa = DkimSignature.Parse("v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=a; h=from; bh=AAAA; b=AAAA");
        var ed = DkimSignature.Parse("v=1; a=ed25519-sha256; c=relaxed/relaxed; d=example.com; s=b; h=from; bh=AAAA; b=AAAA");
        var sha1 = DkimSignature.Parse("v=1; a=rsa-sha1; c=relaxed/relaxed; d=example.com; s=b; h=from; bh=AAAA; b=AAAA");
        Assert.Equal(DkimBodyHashKey.Of(rsa), DkimBodyHashKey.Of(ed));
        Assert.NotEqual(DkimBodyHashKey.Of(rsa), DkimBodyHashKey.Of(sha1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void Compute_SeveralKeysAnySegmentation_MatchesSeparateHashers(int step)
    {
        DkimBodyHashKey[] keys =
        [
            new(DkimCanonicalization.Simple, HashAlgorithmName.SHA256, null),
            new(DkimCanonicalization.Relaxed, HashAlgorithmName.SHA256, null),
            new(DkimCanonicalization.Relaxed, HashAlgorithmName.SHA1, null),
            new(DkimCanonicalization.Relaxed, HashAlgorithmName.SHA256, 10),
            new(DkimCanonicalization.Simple, HashAlgorithmName.SHA256, 0),
        ];
        var body = SegmentedSequence.Create(Body, Enumerable.Range(1, Body.Length / step).Select(i => i * step).Where(i => i < Body.Length));
        using var set = new DkimBodyHashSet();
        foreach (var key in keys)
        {
            set.Add(key);
        }

        set.Compute(body, CancellationToken.None);
        foreach (var key in keys)
        {
            var result = set.Get(key);
            Assert.Equal(Single(key, Body), result.Hash);
        }

        // l=10 of a longer relaxed body: the rest holds content ("numbers ..."), and the whole length is reported.
        var partial = set.Get(keys[3]);
        Assert.True(partial.HasUnsignedContent);
        Assert.True(partial.CanonicalLength > 10);
        Assert.False(set.Get(keys[1]).HasUnsignedContent);
    }

    [Fact]
    public void Compute_LargeSegment_ChecksCancellationBetweenSlices()
    {
        // One segment of several slices: a token cancelled before hashing stops it before the first slice.
        var body = new ReadOnlySequence<byte>(new byte[(3 * DkimBodyHashSet.SliceLength) + 1]);
        using var set = new DkimBodyHashSet();
        set.Add(new DkimBodyHashKey(DkimCanonicalization.Relaxed, HashAlgorithmName.SHA256, null));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => set.Compute(body, cancelled.Token));
        Assert.Throws<InvalidOperationException>(() => set.Get(new DkimBodyHashKey(DkimCanonicalization.Relaxed, HashAlgorithmName.SHA256, null)));
    }

    [Fact]
    public void Get_BeforeCompute_Throws()
    {
        var key = new DkimBodyHashKey(DkimCanonicalization.Simple, HashAlgorithmName.SHA256, null);
        using var set = new DkimBodyHashSet();
        set.Add(key);
        Assert.Throws<InvalidOperationException>(() => set.Get(key));
        Assert.Throws<KeyNotFoundException>(() => set.Get(key with { Length = 1 }));
    }

    [Fact]
    public void Add_AfterCompute_Throws()
    {
        using var set = new DkimBodyHashSet();
        set.Compute(new ReadOnlySequence<byte>(Body), CancellationToken.None);
        Assert.Throws<InvalidOperationException>(() => set.Add(new DkimBodyHashKey(DkimCanonicalization.Simple, HashAlgorithmName.SHA256, null)));
    }
}
