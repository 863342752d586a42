namespace MailAuth.PublicSuffix;

/// <summary>What kinds of Public Suffix List rules end at one suffix; the PRIVATE-section bits are the ICANN bits shifted left by 3.</summary>
[Flags]
internal enum PublicSuffixRuleFlags : byte
{
    None = 0,
    IcannRule = 1,
    IcannWildcard = 2,
    IcannException = 4,
    PrivateRule = 8,
    PrivateWildcard = 16,
    PrivateException = 32,
    IcannRules = IcannRule | IcannWildcard | IcannException,
    AllRules = IcannRules | PrivateRule | PrivateWildcard | PrivateException,
    Rules = IcannRule | PrivateRule,
    Wildcards = IcannWildcard | PrivateWildcard,
    Exceptions = IcannException | PrivateException,
}
