using MailAuth.Srs;
using Xunit;

namespace MailAuth.Interop.Tests.Srs;

/// <summary>
/// Our SRS against Mail::SRS (Debian libmail-srs-perl), the reference implementation of the scheme: addresses either side
/// writes decode on the other with the same secret, SRS1 chains across both, and what one refuses the other refuses.
/// The Perl driver's clock is fixed to the test's (<c>SRS_NOW</c>), so stamps and expiry are deterministic.
/// </summary>
public sealed class MailSrsInteropTests
{
    private static readonly string ScriptPath = Path.Combine(AppContext.BaseDirectory, "Srs", "mail-srs-peer.pl");
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 30, 0, TimeSpan.Zero);

    private static readonly string[] Senders =
    [
        "alice@example.com", "Bob.Smith@Mail.Example.ORG", "user+tag@sub.example.net", "a=b=c@example.com",
        "o'hara@example.co.uk", "x@y.example", "first.last-1_2@xn--bcher-kva.example",
    ];

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static SrsRewriter Ours(DateTimeOffset now, params string[] secrets)
        => new(new SrsOptions { Secrets = secrets, TimeProvider = new FixedClock(now) });

    private static async Task<List<(bool Ok, string Text)>> PeerAsync(DateTimeOffset now, string[] secrets, IEnumerable<string> requests)
    {
        string? perl = Peers.FindOnPath("perl");
        bool available = perl is not null && (await Peers.RunAsync(perl, ["-MMail::SRS", "-e", "1"])).ExitCode == 0;
        Peers.Require(available, "perl with Mail::SRS not available (apt-get install libmail-srs-perl; see .ci/apt/srs.txt)");
        string[] lines = requests.ToArray();
        ProcessResult run = await Peers.RunAsync(
            perl!,
            [ScriptPath, .. secrets],
            string.Concat(lines.Select(l => l + "\n")),
            TimeSpan.FromMinutes(1),
            environment: new Dictionary<string, string> { ["SRS_NOW"] = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.True(run.ExitCode == 0, run.ToString());
        var answers = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t', 2))
            .Select(p => (p[0] == "ok", p.Length > 1 ? p[1] : string.Empty))
            .ToList();
        Assert.Equal(lines.Length, answers.Count);
        return answers;
    }

    [SkippableFact]
    public async Task Forward_OursThenPeerReverse_GivesOriginal()
    {
        SrsRewriter ours = Ours(Now, "tops3cret");
        string[] written = Senders.Select(s => ours.Forward(s, "fwd.example").Address!).ToArray();
        var answers = await PeerAsync(Now, ["tops3cret"], written.Select(w => "reverse\t" + w));
        for (int i = 0; i < Senders.Length; i++)
        {
            Assert.True(answers[i].Ok, $"{written[i]}: {answers[i].Text}");
            Assert.Equal(Senders[i], answers[i].Text);
        }
    }

    [SkippableFact]
    public async Task Forward_PeerThenOursReverse_GivesOriginalAndSameAddress()
    {
        var answers = await PeerAsync(Now, ["tops3cret"], Senders.Select(s => $"forward\t{s}\tfwd.example"));
        SrsRewriter ours = Ours(Now, "tops3cret");
        for (int i = 0; i < Senders.Length; i++)
        {
            Assert.True(answers[i].Ok, answers[i].Text);
            Assert.Equal(ours.Forward(Senders[i], "fwd.example").Address, answers[i].Text);
            SrsResult back = ours.Reverse(answers[i].Text);
            Assert.True(back.Success, back.Reason);
            Assert.Equal(Senders[i], back.Address);
        }
    }

    [SkippableFact]
    public async Task Srs1Chain_MixedHops_DecodesBackToFirstHop()
    {
        // Hop 1 is the peer (secret A), hop 2 is us (secret B); then hop 1 is us (A), hop 2 is the peer (B).
        var first = await PeerAsync(Now, ["secret-a"], ["forward\talice@example.com\tone.example"]);
        SrsResult srs1 = Ours(Now, "secret-b").Forward(first[0].Text, "two.example");
        Assert.Equal(SrsAddressKind.Srs1, srs1.Kind);
        var peerSrs1 = await PeerAsync(Now, ["secret-b"], ["forward\t" + first[0].Text + "\ttwo.example", "reverse\t" + srs1.Address]);
        Assert.Equal(srs1.Address, peerSrs1[0].Text);
        Assert.Equal(first[0].Text, peerSrs1[1].Text);

        string ourSrs0 = Ours(Now, "secret-a").Forward("bob@example.org", "one.example").Address!;
        var peerHop2 = await PeerAsync(Now, ["secret-b"], ["forward\t" + ourSrs0 + "\ttwo.example"]);
        SrsResult toFirst = Ours(Now, "secret-b").Reverse(peerHop2[0].Text);
        Assert.Equal(ourSrs0, toFirst.Address);
        Assert.Equal("bob@example.org", Ours(Now, "secret-a").Reverse(toFirst.Address).Address);
    }

    [SkippableFact]
    public async Task Reverse_RotatedSecrets_BothSidesAcceptOldSecret()
    {
        string ours = Ours(Now, "old").Forward("alice@example.com", "fwd.example").Address!;
        var peer = await PeerAsync(Now, ["new", "old"], ["reverse\t" + ours, "forward\tcarol@example.com\tfwd.example"]);
        Assert.Equal("alice@example.com", peer[0].Text);
        SrsResult fromPeer = Ours(Now, "other", "new").Reverse(peer[1].Text);
        Assert.Equal("carol@example.com", fromPeer.Address);
        Assert.Equal(1, fromPeer.SecretIndex);
    }

    [SkippableFact]
    public async Task Reverse_ExpiredOrForged_BothSidesRefuse()
    {
        DateTimeOffset later = Now.AddDays(30);
        string ours = Ours(Now, "tops3cret").Forward("alice@example.com", "fwd.example").Address!;
        var written = await PeerAsync(Now, ["tops3cret"], ["forward\talice@example.com\tfwd.example"]);
        string forged = ours.Replace("=alice@", "=mallory@", StringComparison.Ordinal);
        var peer = await PeerAsync(later, ["tops3cret"], ["reverse\t" + ours, "reverse\t" + forged]);
        Assert.False(peer[0].Ok);
        Assert.False(peer[1].Ok);
        Assert.Equal(SrsError.Expired, Ours(later, "tops3cret").Reverse(written[0].Text).Error);
        Assert.Equal(SrsError.BadHash, Ours(Now, "tops3cret").Reverse(forged).Error);
    }

    [SkippableFact]
    public async Task Reverse_CaseSmashedByRelay_BothSidesDecode()
    {
        string ours = Ours(Now, "tops3cret").Forward("alice@example.com", "fwd.example").Address!;
        var peer = await PeerAsync(Now, ["tops3cret"], ["reverse\t" + ours.ToUpperInvariant(), "forward\talice@example.com\tfwd.example"]);
        Assert.Equal("ALICE@EXAMPLE.COM", peer[0].Text);
        Assert.Equal("alice@example.com", Ours(Now, "tops3cret").Reverse(peer[1].Text.ToLowerInvariant()).Address);
    }
}
