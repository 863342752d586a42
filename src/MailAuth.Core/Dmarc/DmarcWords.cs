namespace MailAuth.Dmarc;

/// <summary>Maps result words to <see cref="DmarcAuthResult"/> and back.</summary>
internal static class DmarcWords
{
    public static DmarcAuthResult ParseWord(string? word) => word?.Trim().ToLowerInvariant() switch
    {
        "pass" => DmarcAuthResult.Pass,
        "fail" or "hardfail" => DmarcAuthResult.Fail,
        "softfail" => DmarcAuthResult.SoftFail,
        "neutral" => DmarcAuthResult.Neutral,
        "policy" => DmarcAuthResult.Policy,
        "temperror" or "error" => DmarcAuthResult.TempError,
        "permerror" => DmarcAuthResult.PermError,
        _ => DmarcAuthResult.None,
    };

    public static string ToWord(DmarcAuthResult result) => result switch
    {
        DmarcAuthResult.Pass => "pass",
        DmarcAuthResult.Fail => "fail",
        DmarcAuthResult.SoftFail => "softfail",
        DmarcAuthResult.Neutral => "neutral",
        DmarcAuthResult.Policy => "policy",
        DmarcAuthResult.TempError => "temperror",
        DmarcAuthResult.PermError => "permerror",
        _ => "none",
    };

    public static string ToWord(DmarcStatus status) => status switch
    {
        DmarcStatus.Pass => "pass",
        DmarcStatus.Fail => "fail",
        DmarcStatus.TempError => "temperror",
        DmarcStatus.PermError => "permerror",
        _ => "none",
    };

    public static string ToWord(DmarcPolicy policy) => policy switch
    {
        DmarcPolicy.Quarantine => "quarantine",
        DmarcPolicy.Reject => "reject",
        _ => "none",
    };
}
