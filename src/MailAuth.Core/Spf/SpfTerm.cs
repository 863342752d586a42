namespace MailAuth.Spf;

/// <summary>One term of an SPF record (RFC 7208 §4.6.1): a <see cref="SpfMechanism"/> or a <see cref="SpfModifier"/>.</summary>
public abstract class SpfTerm
{
    private protected SpfTerm()
    {
    }

    /// <summary>The canonical text of the term.</summary>
    /// <returns>The text.</returns>
    public abstract override string ToString();
}
