namespace MailAuth.Spf;

/// <summary>The qualifier of an SPF mechanism (RFC 7208 §4.6.2): the result when the mechanism matches.</summary>
public enum SpfQualifier
{
    /// <summary><c>+</c> (the default): the result is <see cref="SpfStatus.Pass"/>.</summary>
    Pass = 0,

    /// <summary><c>-</c>: the result is <see cref="SpfStatus.Fail"/>.</summary>
    Fail,

    /// <summary><c>~</c>: the result is <see cref="SpfStatus.SoftFail"/>.</summary>
    SoftFail,

    /// <summary><c>?</c>: the result is <see cref="SpfStatus.Neutral"/>.</summary>
    Neutral,
}
