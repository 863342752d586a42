using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Interop.Tests.Dkim;
using MailAuth.Keys;
using MailAuth.Messages;
using MailAuth.MimeKit;
using MailAuth.Reports;
using Xunit;

namespace MailAuth.Interop.Tests.Dmarc;

/// <summary>
/// An aggregate report email signed the way <c>mailauth report write --key-dir</c> signs it (key directory, signing domain
/// taken from From, fields prepended) verifies in dkimpy (python3-dkim), every signature. Offline: dkimpy gets the public
/// keys from the key table through the driver's dnsfunc hook.
/// </summary>
public sealed class SignedReportMessageInteropTests : IDisposable
{
    private readonly string _keys = Directory.CreateTempSubdirectory("mailauth-report-keys-").FullName;

    public void Dispose() => Directory.Delete(_keys, recursive: true);

    [SkippableFact]
    public async Task Dkimpy_ReportEmailSignedFromKeyDirectory_VerifiesAndTamperedFails()
    {
        IDkimPeer dkimpy = DkimPeerRegistry.Require("dkimpy");
        string domainDir = Directory.CreateDirectory(Path.Combine(_keys, DkimTestKeys.Domain)).FullName;
        foreach (string algorithm in new[] { DkimTestKeys.RsaSha256, DkimTestKeys.Ed25519Sha256 })
        {
            File.Copy(DkimTestKeys.PemPath(algorithm), Path.Combine(domainDir, DkimTestKeys.Selector(algorithm) + ".pem"));
        }

        var composer = new DmarcReportMessageComposer(new DmarcReportMessageOptions { From = "dmarc-reports@" + DkimTestKeys.Domain }, new DmarcReportAuthorization(new ZoneFileResolver()));
        DmarcReportMessage composed = await composer.ComposeAsync(Report(), [new DmarcReportUri(new Uri("mailto:dmarc@example.com"))]);
        Assert.True(composed.Success, composed.Reason);
        MessageReadResult read = MessageReader.Default.Read(composed.Content!);
        Assert.True(read.IsSuccess);
        using RawMessage message = read.Message!;
        using var store = new PemDirectoryKeyStore(_keys);

        DkimSigningResult signing = await new DkimMessageSigner(new DkimMessageSignerOptions()).SignAsync(message, store);
        byte[] signed = new PrependedHeaderFields().AddRange(signing.Fields).Prepend(composed.Content);
        byte[] tampered = [.. signed];
        int at = Array.LastIndexOf(tampered, (byte)'A');
        tampered[at] = (byte)'B';

        Assert.True(signing.IsSigned, signing.Reason);
        Assert.Equal(2, signing.Fields.Count);
        DkimVerdict verdict = await dkimpy.VerifyEveryAsync(signed);
        Assert.True(verdict.Passed, verdict.Detail);
        Assert.False((await dkimpy.VerifyAsync(tampered)).Passed);
    }

    private static DmarcAggregateReport Report() => new()
    {
        Format = DmarcReportFormat.Rfc9990,
        Metadata = new DmarcReportMetadata
        {
            OrgName = DkimTestKeys.Domain,
            Email = "dmarc-reports@" + DkimTestKeys.Domain,
            ReportId = "example.com.1764547200.1764633599",
            Begin = DateTimeOffset.FromUnixTimeSeconds(1764547200),
            End = DateTimeOffset.FromUnixTimeSeconds(1764633599),
        },
        PolicyPublished = new DmarcPublishedPolicy { Domain = "example.com", Policy = DmarcPolicy.Reject },
        Records = [new DmarcReportRecord { SourceIp = "192.0.2.10", Count = 4, Disposition = DmarcReportDisposition.Reject, HeaderFrom = "example.com" }],
    };
}
