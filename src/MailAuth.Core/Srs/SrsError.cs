namespace MailAuth.Srs;

/// <summary>Why an address could not be rewritten or decoded. Bad input is reported with one of these, never thrown.</summary>
public enum SrsError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The address is not <c>local@domain</c>, a part is empty, the domain is not a host name, or the local part has characters that would need quoting.</summary>
    Malformed = 1,

    /// <summary>The address is longer than <see cref="SrsOptions.MaxAddressLength"/>, or the rewritten one would be.</summary>
    TooLong = 2,

    /// <summary>The local part does not start with <c>SRS0</c> or <c>SRS1</c> and a separator, so it is not an SRS address.</summary>
    NotSrs = 3,

    /// <summary>The hash does not match under any secret: forged, altered, or made with a secret this rewriter does not hold.</summary>
    BadHash = 4,

    /// <summary>The hash is shorter than <see cref="SrsOptions.MinHashLength"/> or is not base64.</summary>
    HashTooShort = 5,

    /// <summary>The timestamp is older than <see cref="SrsOptions.MaxAgeDays"/> days (or lies in the future).</summary>
    Expired = 6,

    /// <summary>The timestamp is not two base32 characters.</summary>
    BadTimestamp = 7,

    /// <summary>An SRS1 address without a hash (the old unsafe format Mail::SRS only accepts with <c>AllowUnsafeSrs</c>).</summary>
    UnsafeSrs1 = 8,

    /// <summary>A bounce to our SRS address decodes to another SRS address in our own domain: sending it on would loop.</summary>
    Loop = 9,
}
