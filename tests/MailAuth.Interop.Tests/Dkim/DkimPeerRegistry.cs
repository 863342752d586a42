namespace MailAuth.Interop.Tests.Dkim;

/// <summary>
/// Every DKIM implementation in the matrix, with its known limits (the reasons are printed in
/// docs/dkim-interop.md; a cell a peer cannot do is left out of the matrix, not skipped).
/// </summary>
internal static class DkimPeerRegistry
{
    private static readonly string[] Python = ["/usr/bin/python3", "python3"];
    private static readonly string[] Perl = ["/usr/bin/perl", "perl"];

    public static IDkimPeer DkimPy { get; } = new ScriptDkimPeer(
        "dkimpy",
        Python,
        "dkimpy-driver.py",
        algorithm => algorithm == DkimTestKeys.Ed25519Sha256 ? DkimTestKeys.Ed25519SeedPath : DkimTestKeys.PemPath(algorithm),
        cannotSign: _ => null,
        cannotVerify: _ => null,
        install: "Debian python3-dkim python3-nacl");

    public static IDkimPeer OpenDkim { get; } = new ScriptDkimPeer(
        "OpenDKIM",
        Python,
        "opendkim-driver.py",
        DkimTestKeys.PemPath,
        cannotSign: r => r.Algorithm == DkimTestKeys.Ed25519Sha256 && r.HeaderCanonicalization == "simple"
            ? "libopendkim 2.11.0~beta2 ed25519-sha256 signatures with simple header canonicalization verify nowhere, not even in OpenDKIM"
            : null,
        cannotVerify: _ => null,
        install: "Debian opendkim-tools (libopendkim11) and python3");

    public static IDkimPeer MailDkim { get; } = new ScriptDkimPeer(
        "Mail-DKIM",
        Perl,
        "maildkim-driver.pl",
        DkimTestKeys.PemPath,
        cannotSign: r => r.Algorithm == DkimTestKeys.Ed25519Sha256 ? "Mail::DKIM 1.20230212 (Debian 12) has no ed25519-sha256" : null,
        cannotVerify: r => r.Algorithm == DkimTestKeys.Ed25519Sha256 ? "Mail::DKIM 1.20230212 (Debian 12) has no ed25519-sha256" : null,
        install: "Debian libmail-dkim-perl");

    public static IDkimPeer MimeKit { get; } = new MimeKitDkimPeer();

    /// <summary>The peers (everything but us), by case name.</summary>
    public static IReadOnlyList<IDkimPeer> Peers { get; } = [DkimPy, OpenDkim, MailDkim, MimeKit];

    public static IDkimPeer Get(string name) =>
        All.FirstOrDefault(p => p.Name == name) ?? throw new ArgumentOutOfRangeException(nameof(name), name, "unknown DKIM peer");

    /// <summary>Our engine.</summary>
    public static IDkimPeer Ours { get; } = new MailAuthDkimPeer();

    /// <summary>Every implementation, ours first.</summary>
    public static IReadOnlyList<IDkimPeer> All { get; } = [Ours, .. Peers];

    /// <summary>The name of our own engine in case names.</summary>
    public const string OursName = "MailAuth";

    public static bool IsOurs(IDkimPeer peer) => peer.Name == OursName;

    /// <summary>
    /// Null when the peer canonicalizes a body that does not end in CRLF as RFC 6376 says (§3.4.3 simple: add
    /// CRLF; §3.4.4 relaxed: drop the trailing WSP of the last line, then add CRLF), else what it does instead.
    /// Measured with TestData/Dkim/messages/short-no-final-crlf.eml; see docs/dkim-interop.md.
    /// </summary>
    public static string? UnterminatedBodyDeviation(IDkimPeer peer, string bodyCanonicalization) => (peer.Name, bodyCanonicalization) switch
    {
        ("dkimpy", "relaxed") => "dkimpy 1.1.4 reduces the trailing WSP of the unterminated last line to one SP instead of removing it",
        ("OpenDKIM", "relaxed") => "libopendkim 2.11.0~beta2 does not add the final CRLF in relaxed body canonicalization",
        ("Mail-DKIM", _) => "Mail::DKIM 1.20230212 does not add the final CRLF (simple and relaxed)",
        _ => null,
    };

    /// <summary>Skips (or, under MAILAUTH_INTEROP=required, fails) when the peer cannot run here.</summary>
    public static IDkimPeer Require(string name)
    {
        var peer = Get(name);
        var missing = peer.Unavailable;
        MailAuth.Interop.Tests.Peers.Require(missing is null, missing ?? string.Empty);
        return peer;
    }
}
