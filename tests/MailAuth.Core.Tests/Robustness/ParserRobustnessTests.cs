using MailAuth.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.AuthResults;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.PublicSuffix;
using MailAuth.Spf;
using Xunit;

namespace MailAuth.Tests.Robustness;

/// <summary>"Never throws" properties for every parser that sees data from the network (records, fields, names).</summary>
public sealed class ParserRobustnessTests
{
    private static readonly Arbitrary<string> TextArb = HostileGen.Text.ToArbitrary();

    [Property(MaxTest = 5000)]
    public Property SpfRecordTryParse_HostileText_NeverThrowsAndErrorHasReason()
        => Prop.ForAll(TextArb, text =>
        {
            bool ok = SpfRecord.TryParse(text, out SpfRecord? record, out SpfParseError error);
            return ok ? record is not null : record is null && error.ToString().Length > 0;
        });

    [Property(MaxTest = 5000)]
    public Property SpfRecordParse_HostileText_ThrowsOnlyFormatException()
        => Prop.ForAll(TextArb, text => ThrowsOnlyFormatException(() => SpfRecord.Parse(text)));

    [Property(MaxTest = 5000)]
    public Property DkimSignatureTryParse_HostileValue_NeverThrows()
        => Prop.ForAll(HostileGen.DkimSignatureValue.ToArbitrary(), text =>
        {
            bool ok = DkimSignature.TryParse(text, out DkimSignature? signature, out DkimParseError _);
            return ok == signature is not null && ThrowsOnlyFormatException(() => DkimSignature.Parse(text));
        });

    [Property(MaxTest = 5000)]
    public Property DkimPublicKeyTryParse_HostileRecord_NeverThrows()
        => Prop.ForAll(HostileGen.TxtRecord.ToArbitrary(), TextArb, (strings, junk) =>
        {
            string record = string.Concat(strings) + junk;
            bool ok = DkimPublicKey.TryParse(record, out DkimPublicKey? key, out DkimParseError _);
            return ok == key is not null && ThrowsOnlyFormatException(() => DkimPublicKey.Parse(record));
        });

    [Property(MaxTest = 5000)]
    public Property DmarcRecordTryParse_HostileText_NeverThrows()
        => Prop.ForAll(TextArb, text =>
        {
            bool ok = DmarcRecord.TryParse(text, out DmarcRecord? record, out ParseError? error);
            return (ok ? record is not null : error is not null && error.Offset >= 0 && !string.IsNullOrEmpty(error.Message)) && ThrowsOnlyFormatException(() => DmarcRecord.Parse(text));
        });

    [Property(MaxTest = 5000)]
    public Property AuthenticationResultsTryParse_HostileText_NeverThrows()
        => Prop.ForAll(TextArb, text =>
        {
            bool ok = AuthResultsHeader.TryParse(text, out AuthResultsHeader? value, out AuthResultsParseError? error);
            return (ok ? value is not null : error is not null) && ThrowsOnlyFormatException(() => AuthResultsHeader.Parse(text));
        });

    [Property(MaxTest = 5000)]
    public Property AuthorDomainsExtract_HostileFrom_NeverThrowsAndValidMeansDomains()
        => Prop.ForAll(HostileGen.FromValue.ToArbitrary(), from =>
        {
            AuthorDomains single = AuthorDomains.Extract(from);
            AuthorDomains multi = AuthorDomains.Extract([from, from]);
            return (!single.IsValid || single.Domains.Count > 0) && (single.IsValid || single.Reason is not null) && multi is not null;
        });

    [Property(MaxTest = 5000)]
    public Property PublicSuffixList_HostileDomain_NeverThrows()
        => Prop.ForAll(HostileGen.Domain.ToArbitrary(), domain =>
        {
            PublicSuffixList list = PublicSuffixList.Default;
            PublicSuffixMatch match = list.Match(domain);
            string? registrable = list.GetRegistrableDomain(domain);
            string? suffix = list.GetPublicSuffix(domain);
            bool isSuffix = list.IsPublicSuffix(domain);
            return match.ToString() is not null && (registrable is null || suffix is not null) && (!isSuffix || registrable is null);
        });

    [Property(MaxTest = 300)]
    public Property PublicSuffixListLoad_HostileListText_NeverThrows()
        => Prop.ForAll(TextArb, text =>
        {
            PublicSuffixList list = PublicSuffixList.Load(new StringReader(text + "\ncom\n*.ck\n!www.ck\n" + text));
            return list.GetRegistrableDomain("a.b.example.com") == "example.com" || list.RuleCount >= 0;
        });

    private static bool ThrowsOnlyFormatException(Action parse)
    {
        try
        {
            parse();
        }
        catch (FormatException)
        {
        }

        return true;
    }
}
