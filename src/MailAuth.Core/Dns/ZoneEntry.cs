namespace MailAuth.Dns;

/// <summary>
/// One resource record held by <see cref="ZoneFileResolver"/>.
/// <see cref="Data"/> is an <see cref="System.Net.IPAddress"/> (A, AAAA), <see cref="MxRecord"/> (MX),
/// <see cref="TxtRecord"/> (TXT, SPF), a normalised name (PTR, CNAME, NS) or a <see cref="ZoneSoa"/> (SOA).
/// </summary>
/// <param name="Name">The normalised owner name.</param>
/// <param name="Type">The record type.</param>
/// <param name="TimeToLive">The record TTL.</param>
/// <param name="Data">The type-specific data.</param>
/// <param name="Line">The zone-file line the record came from, or 0 when added in code.</param>
internal readonly record struct ZoneEntry(string Name, DnsRecordType Type, TimeSpan TimeToLive, object Data, int Line);
