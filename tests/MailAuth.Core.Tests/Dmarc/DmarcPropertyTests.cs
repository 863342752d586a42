using MailAuth.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.Dmarc;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Tests.Dmarc;

public sealed class DmarcPropertyTests
{
    private static readonly ZoneFileResolver SharedZone = DmarcEvaluationTableTests.LoadZone();

    private static readonly string[] Domains =
    [
        "relaxed.test", "mail.relaxed.test", "ghost.relaxed.test", "own.relaxed.test", "strict.test", "sub.strict.test",
        "mixed.test", "mixed2.test", "none.test", "sponly.test", "nponly.test", "testing.test", "badp.test", "nop.test",
        "nodmarc.test", "multi.test", "shop.bank.test", "mail.bank.test", "other.example", "a.b.c.d.e.f.g.h.relaxed.test",
    ];

    private static readonly Gen<DmarcAuthResult> ResultGen = Gen.Elements(Enum.GetValues<DmarcAuthResult>());

    private static readonly Gen<(string From, DmarcSpfInput Spf, DmarcDkimInput[] Dkim, bool Rfc7489)> CaseGen =
        from author in Gen.Elements(Domains)
        from spfResult in ResultGen
        from spfDomain in Gen.Elements(Domains)
        from dkimCount in Gen.Choose(0, 3)
        from dkimResults in Gen.ArrayOf(ResultGen, dkimCount)
        from dkimDomains in Gen.ArrayOf(Gen.Elements(Domains), dkimCount)
        from mode in Gen.Elements(true, false)
        select (author, new DmarcSpfInput(spfResult, spfDomain),
                dkimResults.Zip(dkimDomains, (r, d) => new DmarcDkimInput(r, d)).ToArray(), mode);

    [Property(MaxTest = 1000)]
    public Property Evaluate_PassIffAtLeastOneAlignedPass()
        => Prop.ForAll(CaseGen.ToArbitrary(), c =>
        {
            var options = new DmarcOptions { Mode = c.Rfc7489 ? DmarcMode.Rfc7489Psl : DmarcMode.Rfc9989TreeWalk };
            var result = new DmarcEvaluator(SharedZone, options).EvaluateAsync(c.From, c.Spf, c.Dkim).AsTask().GetAwaiter().GetResult();
            bool anyAligned = result.SpfAligned || result.DkimAligned;
            bool alignedOnlyOnPass = (result.Spf is null || !result.Spf.Aligned || result.Spf.Result == DmarcAuthResult.Pass)
                && result.Dkim.All(d => !d.Aligned || d.Result == DmarcAuthResult.Pass);
            bool dispositionOnlyOnFail = result.Status == DmarcStatus.Fail || result.Disposition == DmarcPolicy.None;
            return (result.Status == DmarcStatus.Pass) == anyAligned && alignedOnlyOnPass && dispositionOnlyOnFail;
        });

    [Property(MaxTest = 500)]
    public Property Evaluate_StrictAlignedImpliesRelaxedAligned()
        => Prop.ForAll(CaseGen.ToArbitrary(), c =>
        {
            var zone = new ZoneFileResolver();
            zone.AddTxt("_dmarc." + c.From, "v=DMARC1; p=reject; adkim=s; aspf=s");
            var strict = new DmarcEvaluator(zone).EvaluateAsync(c.From, c.Spf, c.Dkim).AsTask().GetAwaiter().GetResult();
            var relaxedZone = new ZoneFileResolver();
            relaxedZone.AddTxt("_dmarc." + c.From, "v=DMARC1; p=reject");
            var relaxed = new DmarcEvaluator(relaxedZone).EvaluateAsync(c.From, c.Spf, c.Dkim).AsTask().GetAwaiter().GetResult();
            return strict.Status != DmarcStatus.Pass || relaxed.Status == DmarcStatus.Pass;
        });

    private static readonly Gen<string> RecordTextGen =
        from parts in Gen.ListOf(Gen.Elements("v=DMARC1", "p=reject", "p=", "sp=none", "np=bogus", "adkim=s", "aspf=x", "pct=50", "pct=999",
            "fo=1:d", "fo=0:1", "rua=mailto:a@b.example", "rua=,,", "ruf=mailto:x@y.example!10q", "t=y", "psd=n", "=", ";", " ", "\r\n ",
            "x=é", "v=DMARC1;", "ri=99999999999", "rf=afrf:iodef"))
        select string.Join("; ", parts);

    [Property(MaxTest = 2000)]
    public bool DmarcRecord_TryParse_ArbitraryText_NeverThrows(string? text)
    {
        DmarcRecord.TryParse(text ?? string.Empty, out var record, out ParseError? error);
        return (record is null) != (error is null);
    }

    [Property(MaxTest = 2000)]
    public Property DmarcRecord_TryParse_TagSoup_NeverThrowsAndDefaultsHold()
        => Prop.ForAll(RecordTextGen.ToArbitrary(), text =>
        {
            if (!DmarcRecord.TryParse(text, out var record, out _))
            {
                return !text.TrimStart().StartsWith("v=DMARC1", StringComparison.Ordinal);
            }

            return record!.Percentage is >= 0 and <= 100 && record.FailureReportingOptions.Length > 0 && record.Text == text;
        });

    [Property(MaxTest = 2000)]
    public bool AuthorDomains_Extract_ArbitraryText_NeverThrows(string? text)
    {
        var result = AuthorDomains.Extract(text ?? string.Empty);
        // An invalid field may still carry the usable domains found next to the bad address (they keep their policy).
        return result.IsValid ? result.Domains.Count > 0 : result.Reason is not null;
    }

    [Property(MaxTest = 1000)]
    public bool Evaluate_ArbitraryFromDomain_NeverThrows(string? from)
    {
        var result = new DmarcEvaluator(new ZoneFileResolver()).EvaluateAsync(from, DmarcSpfInput.None, null).AsTask().GetAwaiter().GetResult();
        return Enum.IsDefined(result.Status);
    }
}
