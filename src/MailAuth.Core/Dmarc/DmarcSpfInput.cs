namespace MailAuth.Dmarc;

/// <summary>The SPF outcome DMARC consumes (RFC 9989 §4.4.2): the result and the domain SPF checked.</summary>
/// <param name="Result">The SPF result.</param>
/// <param name="Domain">The checked domain (the MAIL FROM domain, or the HELO name for a null MAIL FROM).</param>
/// <param name="Scope">Which identity <paramref name="Domain"/> is.</param>
public readonly record struct DmarcSpfInput(DmarcAuthResult Result, string? Domain, DmarcSpfScope Scope = DmarcSpfScope.MailFrom)
{
    /// <summary>No SPF result (SPF not run).</summary>
    public static DmarcSpfInput None => new(DmarcAuthResult.None, null);

    /// <summary>Creates an input from an RFC 7208 §2.6 result word (<c>pass</c>, <c>fail</c>, <c>softfail</c>, …; case-insensitive).</summary>
    /// <param name="result">The result word; unknown words count as <c>none</c>.</param>
    /// <param name="domain">The checked domain.</param>
    /// <param name="scope">Which identity.</param>
    /// <returns>The input.</returns>
    public static DmarcSpfInput FromWord(string? result, string? domain, DmarcSpfScope scope = DmarcSpfScope.MailFrom)
        => new(DmarcWords.ParseWord(result), domain, scope);
}
