using MailAuth.Dkim;
using MailAuth.Keys;
using MailAuth.Messages;

namespace MailAuth.Cli.Commands;

/// <summary>
/// Signing with the keys of a <c>--key-dir</c> key directory (<see cref="PemDirectoryKeyStore"/>), shared by
/// <c>mailauth dkim sign</c> and <c>mailauth report write</c>.
/// </summary>
internal static class DkimKeyDirectory
{
    /// <summary>The layout of a key directory, as the option help of every command words it.</summary>
    public const string Layout = "DIR/DOMAIN/SELECTOR.pem, optional DIR/DOMAIN/active";

    /// <summary>
    /// Signs <paramref name="message"/>: with the <paramref name="selectors"/> keys of <paramref name="domain"/> when any are
    /// given, else with the active keys of <paramref name="domain"/>, or of the From domain when it is <see langword="null"/>.
    /// </summary>
    /// <param name="signer">The signer.</param>
    /// <param name="message">The message.</param>
    /// <param name="store">The key directory.</param>
    /// <param name="domain">The signing domain; <see langword="null"/> for the domain of the message's From (needs no selectors).</param>
    /// <param name="selectors">The selectors; empty for the domain's active keys.</param>
    /// <param name="cancellationToken">Cancels the key look-ups.</param>
    /// <returns>The fields, or NoKey/NoSigningDomain with the reason.</returns>
    /// <exception cref="UsageException">The domain or a selector is not a valid name.</exception>
    public static async Task<DkimSigningResult> SignAsync(DkimMessageSigner signer, RawMessage message, PemDirectoryKeyStore store, string? domain, IReadOnlyList<string> selectors, CancellationToken cancellationToken)
    {
        try
        {
            return (selectors.Count, domain) switch
            {
                (> 0, not null) => await signer.SignAsync(message, store, domain, selectors, cancellationToken).ConfigureAwait(false),
                (_, not null) => await signer.SignAsync(message, store, domain, cancellationToken).ConfigureAwait(false),
                (0, null) => await signer.SignAsync(message, store, cancellationToken).ConfigureAwait(false),
                _ => throw new UsageException("--selector needs the signing domain"),
            };
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
