namespace MailAuth.Dmarc;

/// <summary>
/// An SPF (RFC 7208 §2.6) or DKIM (RFC 8601 §2.7.1) result word as DMARC consumes it. Only <see cref="Pass"/>
/// produces an Authenticated Identifier (RFC 9989 §4.4).
/// </summary>
public enum DmarcAuthResult
{
    /// <summary><c>none</c>.</summary>
    None = 0,

    /// <summary><c>pass</c>.</summary>
    Pass,

    /// <summary><c>fail</c>.</summary>
    Fail,

    /// <summary><c>softfail</c> (SPF).</summary>
    SoftFail,

    /// <summary><c>neutral</c>.</summary>
    Neutral,

    /// <summary><c>policy</c> (DKIM).</summary>
    Policy,

    /// <summary><c>temperror</c>.</summary>
    TempError,

    /// <summary><c>permerror</c>.</summary>
    PermError,
}
