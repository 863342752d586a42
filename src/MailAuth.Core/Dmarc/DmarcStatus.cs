namespace MailAuth.Dmarc;

/// <summary>The DMARC result words (RFC 7489 §11.2, RFC 9989 §9.2).</summary>
public enum DmarcStatus
{
    /// <summary><c>none</c>: no DMARC Policy Record applies to the Author Domain.</summary>
    None = 0,

    /// <summary><c>pass</c>: a record exists and an Authenticated Identifier is aligned.</summary>
    Pass = 1,

    /// <summary><c>fail</c>: a record exists and no Authenticated Identifier is aligned.</summary>
    Fail = 2,

    /// <summary><c>temperror</c>: a transient error (DNS) prevented a result.</summary>
    TempError = 3,

    /// <summary><c>permerror</c>: a permanent error (unusable record, unusable RFC5322.From) prevented a result.</summary>
    PermError = 4,
}
