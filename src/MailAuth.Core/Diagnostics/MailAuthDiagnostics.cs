namespace MailAuth.Diagnostics;

/// <summary>
/// The names under which MailAuth reports what it does: the <see cref="System.Diagnostics.Metrics.Meter"/> and the
/// <see cref="System.Diagnostics.ActivitySource"/> (both <see cref="MeterName"/>/<see cref="ActivitySourceName"/>,
/// <c>MailAuth</c>) and the logger category of each engine. docs/observability.md lists every event, metric and span.
/// </summary>
/// <remarks>
/// Logs go to the <c>ILoggerFactory</c> given in an engine's options (default: none). Metrics and spans are always
/// offered; they cost nothing measurable until a listener (OpenTelemetry, <c>dotnet-counters</c>, a
/// <see cref="System.Diagnostics.Metrics.MeterListener"/>) subscribes to the name. No log event at Information or above
/// holds message content or key material.
/// </remarks>
public static class MailAuthDiagnostics
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/>: <c>MailAuth</c>.</summary>
    public const string MeterName = "MailAuth";

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/>: <c>MailAuth</c>.</summary>
    public const string ActivitySourceName = "MailAuth";

    /// <summary>The logger category of the SPF and Sender ID evaluators: <c>MailAuth.Spf</c>.</summary>
    public const string SpfCategory = "MailAuth.Spf";

    /// <summary>The logger category of the DKIM verifier: <c>MailAuth.Dkim.Verify</c>.</summary>
    public const string DkimVerifyCategory = "MailAuth.Dkim.Verify";

    /// <summary>The logger category of the DKIM signer: <c>MailAuth.Dkim.Sign</c>.</summary>
    public const string DkimSignCategory = "MailAuth.Dkim.Sign";

    /// <summary>The logger category of the DMARC evaluator: <c>MailAuth.Dmarc</c>.</summary>
    public const string DmarcCategory = "MailAuth.Dmarc";

    /// <summary>The logger category of the DNS cache: <c>MailAuth.Dns.Cache</c>.</summary>
    public const string DnsCacheCategory = "MailAuth.Dns.Cache";

    /// <summary>The logger category of the key stores: <c>MailAuth.Keys</c>.</summary>
    public const string KeyStoreCategory = "MailAuth.Keys";

    /// <summary>The logger category of the facade, <c>MessageAuthenticator</c>: <c>MailAuth.Authenticator</c>.</summary>
    public const string AuthenticatorCategory = "MailAuth.Authenticator";
}
