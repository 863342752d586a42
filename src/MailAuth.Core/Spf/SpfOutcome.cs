namespace MailAuth.Spf;

/// <summary>The result of one check_host() level (the top record, an include, a redirect target).</summary>
internal readonly record struct SpfOutcome(SpfResultCode Code, string? Mechanism, string? Explanation, string Reason)
{
    internal static SpfOutcome Error(SpfResultCode code, string reason) => new(code, null, null, reason);
}
