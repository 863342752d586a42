namespace MailAuth.Dkim;

/// <summary>The outcome of signing with keys from an <see cref="Keys.IKeyStore"/>.</summary>
public enum DkimSigningStatus
{
    /// <summary>At least one DKIM-Signature field was made (some requested selectors may still lack a key; see <see cref="DkimSigningResult.MissingSelectors"/>).</summary>
    Signed,

    /// <summary>No usable key was found (none configured for the domain, a missing or unusable key file): the message is not signed. Logged as a warning.</summary>
    NoKey,

    /// <summary>
    /// No signing domain was given and the From field names no single author domain (none, several From fields or
    /// mailboxes, a group, an unreadable address): the message is not signed. Logged as a warning.
    /// </summary>
    NoSigningDomain,
}
