using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.Dkim;
using MailAuth.Dns;
using MailAuth.Tests.Facade;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.Robustness;

/// <summary>
/// A correctly signed sample message against the sample zone, then mutated (tag values, headers, bytes): the DKIM, SPF and
/// DMARC code paths past parsing (key fetch, hashing, RSA) must still give results, never exceptions.
/// </summary>
public sealed class SignedMessageMutationTests
{
    private static readonly Lazy<string> Signed = new(() => File.ReadAllText(SampleFiles.PathOf("message.eml")));

    private static readonly (string From, string To)[] TagEdits =
    [
        ("; b=", "; l=99999999999999999999999999999; b="),
        ("; b=", "; l=0; b="),
        ("; b=", "; l=5; b="),
        ("t=1768473005;", "t=1768473005; x=1768473000;"),
        ("t=1768473005;", "t=99999999999;"),
        ("t=1768473005;", "t=1768473005; t=1;"),
        ("a=rsa-sha256", "a=rsa-sha1"),
        ("a=rsa-sha256", "a=ed25519-sha256"),
        ("a=rsa-sha256", "a=rsa-sha256 ; a=rsa-sha256"),
        ("c=relaxed/relaxed", "c=simple/simple"),
        ("c=relaxed/relaxed", "c=relaxed/unknown"),
        ("d=example.com", "d=example.com."),
        ("d=example.com", "d=ex\u00e4mple.com"),
        ("d=example.com", "d=" + new string('a', 64) + ".com"),
        ("d=example.com", "d=a..com"),
        ("s=sample", "s=missing"),
        ("s=sample", "s=sample.."),
        ("v=1", "v=2"),
        ("v=1; ", ""),
        ("h=from:", "h=x-none:"),
        ("h=from:", "h=:"),
        ("bh=", "bh=AAAA"),
        ("bh=", "bh=!!"),
        ("==\r\n", "\r\n"),
        ("From: Alice Example <alice@example.com>", "From: Alice (a (b (c (d)))) <alice@example.com>, Eve <eve@evil.example>"),
        ("From: Alice Example <alice@example.com>", "From: Friends: alice@example.com, bob@example.org;"),
        ("From: Alice Example <alice@example.com>", "From: Undisclosed:;"),
        ("From: Alice Example <alice@example.com>", "From: alice@b\u00fccher.example"),
        ("From: Alice Example <alice@example.com>", "From: <alice@example.com.>"),
        ("From: Alice Example <alice@example.com>", "From: Alice Example <alice@example.com>\r\nFrom: Mallory <m@evil.example>"),
        ("From: Alice Example <alice@example.com>", "X-No-From: here"),
        ("\r\n\r\n", "\r\n\0\r\n\r\n"),
        ("\r\n\r\n", "\r\nX-Bare: a\rb\r\n\r\n"),
    ];

    private static readonly Gen<string> MutatedGen =
        from edits in Gen.SubListOf(TagEdits)
        from byteFlip in Gen.Choose(-1, 4000)
        from signatureCopies in Gen.Frequency((8, Gen.Constant(1)), (1, Gen.Constant(20)), (1, Gen.Constant(200)))
        select Mutate(edits, byteFlip, signatureCopies);

    [Property(MaxTest = 300)]
    public Property AuthenticateAsync_MutatedSignedMessage_ReportHasRfcWords()
        => Prop.ForAll(MutatedGen.ToArbitrary(), text =>
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 10, 31, 0, TimeSpan.Zero));
            var options = new MessageAuthenticatorOptions { TimeProvider = time, Dkim = new DkimMessageVerifierOptions { MaxSignatures = 50 } };
            var authenticator = new MessageAuthenticator(FacadeFixture.Zone(), options);
            AuthenticationOutcome report = authenticator.AuthenticateAsync(Encoding.UTF8.GetBytes(text), FacadeFixture.GoodContext).GetAwaiter().GetResult();
            return MessageRobustnessTests.CheckReport(report);
        });

    [Fact]
    public async Task AuthenticateAsync_UnmutatedSample_DkimPasses()
    {
        // Guards the property above: the base message is valid, so mutations exercise the verification paths.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 10, 31, 0, TimeSpan.Zero));
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone(), new MessageAuthenticatorOptions { TimeProvider = time });
        AuthenticationOutcome report = await authenticator.AuthenticateAsync(Encoding.UTF8.GetBytes(Signed.Value), FacadeFixture.GoodContext);
        Assert.Equal(DkimStatus.Pass, Assert.Single(report.Dkim).Status);
    }

    private static string Mutate(IList<(string From, string To)> edits, int byteFlip, int signatureCopies)
    {
        string text = Signed.Value;
        foreach ((string from, string to) in edits)
        {
            int at = text.IndexOf(from, StringComparison.Ordinal);
            if (at >= 0)
            {
                text = string.Concat(text.AsSpan(0, at), to, text.AsSpan(at + from.Length));
            }
        }

        if (byteFlip >= 0 && byteFlip < text.Length)
        {
            char[] chars = text.ToCharArray();
            chars[byteFlip] = (char)(chars[byteFlip] ^ 0x20);
            text = new string(chars);
        }

        int start = text.IndexOf("DKIM-Signature:", StringComparison.Ordinal);
        int end = start < 0 ? -1 : text.IndexOf("\r\nFrom:", start, StringComparison.Ordinal);
        if (signatureCopies > 1 && end > start)
        {
            string field = text.Substring(start, end + 2 - start);
            text = text.Insert(start, string.Concat(Enumerable.Repeat(field, signatureCopies - 1)));
        }

        return text;
    }
}
