namespace MailAuth.Dns;

/// <summary>An MX resource record (RFC 1035 §3.3.9).</summary>
/// <param name="Preference">Lower is preferred.</param>
/// <param name="Exchange">The mail exchanger host name, without a trailing dot.</param>
public readonly record struct MxRecord(int Preference, string Exchange);
