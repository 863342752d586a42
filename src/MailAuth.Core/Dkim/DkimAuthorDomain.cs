using System.Diagnostics.CodeAnalysis;
using MailAuth.Messages;
using MailAuth.Text;

namespace MailAuth.Dkim;

/// <summary>The signing domain taken from the author (<see cref="DkimMessageSigner.SignAsync(RawMessage, Keys.IKeyStore, CancellationToken)"/>).</summary>
internal static class DkimAuthorDomain
{
    /// <summary>
    /// The domain of the one mailbox of the one From field, normalised (A-labels, lower case, no trailing dot).
    /// The problem never quotes the message: it goes to the log at Warning.
    /// </summary>
    public static bool TryGet(IReadOnlyList<HeaderField> headers, [NotNullWhen(true)] out string? domain, [NotNullWhen(false)] out string? problem)
    {
        domain = null;
        HeaderField? from = null;
        int fields = 0;
        foreach (HeaderField header in headers)
        {
            if (header.HasName("From"))
            {
                from ??= header;
                fields++;
            }
        }

        // RFC 5322 §3.6: From occurs exactly once. With two, a verifier may show one author and a signer sign the
        // other (RFC 6376 §8.15): refuse rather than guess.
        if (from is null || fields != 1)
        {
            problem = fields == 0 ? "the message has no From field" : $"the message has {fields} From fields (RFC 5322 §3.6 allows one)";
            return false;
        }

        // RFC 5322 §3.6.2: several mailboxes in From have no single author (the Sender field names the agent).
        int mailboxes = 0;
        string? found = null;
        bool group = false;
        var parser = new AddressListParser(from.GetValueText(), mailbox =>
        {
            mailboxes++;
            found = mailbox.Domain;
            group |= mailbox.InGroup;
            return mailboxes < 2;
        });
        if (!parser.TryParse(out _))
        {
            problem = "the From field cannot be read as an address (RFC 5322 §3.4)";
            return false;
        }

        if (mailboxes != 1 || group)
        {
            problem = mailboxes == 0 ? "the From field holds no mailbox" : "the From field does not hold exactly one mailbox (RFC 5322 §3.6.2)";
            return false;
        }

        if (found is null || !DomainName.TryParse(found, DomainNameRules.None, out DomainName name, out _))
        {
            problem = "the From address has no domain that can be a signing domain";
            return false;
        }

        domain = name.Value;
        problem = null;
        return true;
    }
}
