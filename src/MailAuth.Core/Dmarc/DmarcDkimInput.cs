namespace MailAuth.Dmarc;

/// <summary>One DKIM signature's outcome as DMARC consumes it (RFC 9989 §4.4.1).</summary>
/// <param name="Result">The verification result.</param>
/// <param name="Domain">The signature's <c>d=</c> domain.</param>
/// <param name="Selector">The <c>s=</c> selector (for reports; not used in evaluation).</param>
public readonly record struct DmarcDkimInput(DmarcAuthResult Result, string? Domain, string? Selector = null)
{
    /// <summary>Creates an input from an RFC 8601 §2.7.1 result word (<c>pass</c>, <c>fail</c>, <c>neutral</c>, …; case-insensitive).</summary>
    /// <param name="result">The result word; unknown words count as <c>none</c>.</param>
    /// <param name="domain">The <c>d=</c> domain.</param>
    /// <param name="selector">The selector.</param>
    /// <returns>The input.</returns>
    public static DmarcDkimInput FromWord(string? result, string? domain, string? selector = null)
        => new(DmarcWords.ParseWord(result), domain, selector);
}
