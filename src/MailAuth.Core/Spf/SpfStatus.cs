namespace MailAuth.Spf;

/// <summary>The results of <c>check_host()</c> (RFC 7208 §2.6).</summary>
public enum SpfStatus
{
    /// <summary>No SPF record was found, or no checkable domain could be determined (§2.6.1).</summary>
    None = 0,

    /// <summary>The domain owner explicitly states no assertion about the IP (§2.6.2).</summary>
    Neutral,

    /// <summary>The client is authorized to use the domain (§2.6.3).</summary>
    Pass,

    /// <summary>The client is explicitly not authorized (§2.6.4).</summary>
    Fail,

    /// <summary>The client is probably not authorized (§2.6.5).</summary>
    SoftFail,

    /// <summary>A transient (generally DNS) error occurred (§2.6.6).</summary>
    TempError,

    /// <summary>The published records could not be interpreted correctly (§2.6.7).</summary>
    PermError,
}
