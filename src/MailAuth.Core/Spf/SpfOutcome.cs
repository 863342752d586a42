namespace MailAuth.Spf;

/// <summary>
/// The result of one check_host() level (the top record, an include, a redirect target). The reason text of a match
/// is built only when asked for, so that include levels whose outcome is discarded allocate nothing for it.
/// </summary>
internal readonly record struct SpfOutcome(SpfStatus Code, string? Mechanism, string? Explanation, string? Problem, string? Domain = null, SpfProblem Kind = SpfProblem.None)
{
    internal const string DefaultMechanism = "default";

    internal string Reason => Problem ?? (Mechanism == DefaultMechanism
        ? $"no mechanism in the record of '{Domain}' matched"
        : $"'{Mechanism}' in the record of '{Domain}' matched");

    internal static SpfOutcome Error(SpfStatus code, SpfProblem kind, string reason) => new(code, null, null, reason, null, kind);
}
