using MailAuth.Keys;

namespace MailAuth.Extensions.Hosting;

/// <summary>Where DKIM signing keys come from, and what the key health check expects of them.</summary>
public sealed class MailAuthKeyOptions
{
    /// <summary>
    /// A directory in the layout of <see cref="PemDirectoryKeyStore"/> (<c>root/domain/selector.pem</c>, optional
    /// <c>active</c> file). It must exist when the host starts.
    /// </summary>
    /// <value><see langword="null"/>: an empty <see cref="InMemoryKeyStore"/> (register your own <see cref="IKeyStore"/> before <c>AddMailAuth</c> to fill it).</value>
    public string? Directory { get; set; }

    /// <summary>
    /// The domains that must have at least one active, readable key; the key health check reports any that has none.
    /// With <see cref="Directory"/>, every sub-directory is checked as well.
    /// </summary>
    /// <value>Empty.</value>
    public List<string> Domains { get; set; } = [];

    /// <summary>
    /// The age (time since the key file was last written) after which the key health check reports
    /// <c>Degraded</c>: RFC 6376 §3.6.1 and M3AAWG recommend rotating keys regularly. Applies to <see cref="Directory"/> keys.
    /// </summary>
    /// <value><see langword="null"/>: no age check; positive when set.</value>
    public TimeSpan? MaxKeyAge { get; set; }
}
