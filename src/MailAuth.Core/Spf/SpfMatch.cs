namespace MailAuth.Spf;

/// <summary>What evaluating one mechanism gave (RFC 7208 §4.6.2).</summary>
internal enum SpfMatch
{
    /// <summary>Go on with the next mechanism.</summary>
    NoMatch,

    /// <summary>The mechanism matched: its qualifier is the result.</summary>
    Match,

    /// <summary>Evaluation stops with <c>temperror</c> or <c>permerror</c> (reason kept by the evaluation).</summary>
    Abort,
}
