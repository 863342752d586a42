namespace MailAuth.Dns;

/// <summary>The SOA fields the resolver needs (RFC 1035 §3.3.13); MINIMUM is the negative-caching TTL (RFC 2308 §4).</summary>
/// <param name="PrimaryServer">MNAME.</param>
/// <param name="Mailbox">RNAME.</param>
/// <param name="Serial">SERIAL.</param>
/// <param name="Minimum">MINIMUM, the negative-caching TTL.</param>
internal readonly record struct ZoneSoa(string PrimaryServer, string Mailbox, uint Serial, TimeSpan Minimum);
