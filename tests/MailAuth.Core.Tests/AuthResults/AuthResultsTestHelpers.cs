using MailAuth.AuthResults;

namespace MailAuth.Tests.AuthResults;

internal static class AuthResultsTestHelpers
{
    /// <summary>A compact, complete description of a parsed field for assertions.</summary>
    public static string Describe(AuthResultsHeader ar)
    {
        string head = ar.AuthServId + (ar.Version is { } v ? " " + v : "");
        if (ar.IsNone)
        {
            return head + "; none";
        }

        return head + string.Concat(ar.Results.Select(r =>
            "; " + r.Method + (r.MethodVersion is { } mv ? "/" + mv : "") + "=" + r.Result
            + (r.Comment is null ? "" : " (" + r.Comment + ")")
            + (r.Reason is null ? "" : " reason[" + r.Reason + "]")
            + string.Concat(r.Properties.Select(p => " " + (p.Type.Length > 0 ? p.Type + "." : "") + p.Name + "[" + p.Value + "]" + (p.Comment is null ? "" : "(" + p.Comment + ")")))));
    }
}
