namespace MailAuth.Interop.Tests.Dkim;

/// <summary>A verifier's answer for the (single) signature of a message.</summary>
/// <param name="Passed">True for DKIM <c>pass</c>.</param>
/// <param name="Detail">The verifier's own words (reason for a failure).</param>
internal sealed record DkimVerdict(bool Passed, string Detail)
{
    public static DkimVerdict Pass(string detail = "pass") => new(true, detail);

    public static DkimVerdict Fail(string detail) => new(false, detail);

    public override string ToString() => (Passed ? "pass" : "fail") + ": " + Detail;
}
