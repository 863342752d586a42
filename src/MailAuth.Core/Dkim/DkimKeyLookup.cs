namespace MailAuth.Dkim;

/// <summary>The outcome of fetching one key record: the key, or the problem and reason.</summary>
internal sealed record DkimKeyLookup(DkimPublicKey? Key, DkimProblem Problem, string? Reason)
{
    public static DkimKeyLookup Failure(DkimProblem problem, string reason) => new(null, problem, reason);
}
