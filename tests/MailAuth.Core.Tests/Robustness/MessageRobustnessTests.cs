using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.AuthResults;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Messages;
using MailAuth.Spf;
using Xunit;

namespace MailAuth.Tests.Robustness;

/// <summary>Hostile messages and hostile DNS through the reader and the facade: a report with RFC result words, never an exception.</summary>
public sealed class MessageRobustnessTests
{
    private static readonly HashSet<string> SpfWords = ["none", "neutral", "pass", "fail", "softfail", "temperror", "permerror"];
    private static readonly HashSet<string> DkimWords = ["none", "pass", "fail", "neutral", "policy", "temperror", "permerror"];
    private static readonly HashSet<string> DmarcWords = ["none", "pass", "fail", "temperror", "permerror"];

    private static readonly string[] Owners =
    [
        "example.com", "sel._domainkey.example.com", "_dmarc.example.com", "sub.example.com", "_dmarc.sub.example.com",
        "bücher.de", "_dmarc.bücher.de", "xn--bcher-kva.de", "other.example", "_dmarc.other.example",
    ];

    private static readonly Gen<DnsStatus> FaultGen = Gen.Elements(
        DnsStatus.NoError, DnsStatus.NoError, DnsStatus.NoError, DnsStatus.NxDomain, DnsStatus.ServerFailure, DnsStatus.Timeout,
        DnsStatus.Refused, DnsStatus.FormatError, DnsStatus.OtherError);

    private static readonly Gen<(string[][] Records, DnsStatus[] Faults)> ZoneGen =
        from records in Gen.ArrayOf(HostileGen.TxtRecord, Owners.Length)
        from faults in Gen.ArrayOf(FaultGen, Owners.Length)
        select (records, faults);

    private static readonly Gen<SmtpContext> ContextGen =
        from ip in Gen.Elements("192.0.2.1", "::1", "2001:db8::1", "0.0.0.0", "::ffff:192.0.2.1")
        from helo in Gen.OneOf(HostileGen.Domain, Gen.Constant<string>(null!))
        from localPart in Gen.Elements("alice", "", "\"quoted local\"", "a@b", "%{l}")
        from domain in HostileGen.Domain
        select new SmtpContext(IPAddress.Parse(ip), helo, localPart.Length == 0 && domain.Length == 0 ? "" : localPart + "@" + domain);

    [Property(MaxTest = 2000)]
    public Property MessageReaderRead_HostileMessage_NeverThrows()
        => Prop.ForAll(HostileGen.Message.ToArbitrary(), bytes =>
        {
            MessageReadResult result = MessageReader.Default.Read(bytes);
            using RawMessage? message = result.Message;
            return result.IsSuccess ? message!.Headers.Count >= 0 : result.Error!.ToString().Length > 0;
        });

    [Property(MaxTest = 1000)]
    public Property MessageReaderRead_RandomBytes_NeverThrows()
        => Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            MessageReadResult result = MessageReader.Default.Read(bytes);
            using RawMessage? message = result.Message;
            return result.IsSuccess != (result.Error is not null);
        });

    [Property(MaxTest = 300)]
    public Property MessageReaderReadAsync_SmallLimits_GivesErrorNotException()
        => Prop.ForAll(HostileGen.Message.ToArbitrary(), bytes =>
        {
            var reader = new MessageReader(new MessageReaderOptions { MaxHeaderBytes = 512, MaxHeaderFields = 5, MaxHeaderLineLength = 100, MaxMessageBytes = 2048 });
            MessageReadResult result = reader.ReadAsync(new MemoryStream(bytes)).AsTask().GetAwaiter().GetResult();
            using RawMessage? message = result.Message;
            return result.IsSuccess != (result.Error is not null);
        });

    [Property(MaxTest = 1000)]
    public Property AuthenticateAsync_HostileMessageAndDns_ReportHasRfcWords()
        => Prop.ForAll(HostileGen.Message.ToArbitrary(), ZoneGen.ToArbitrary(), ContextGen.ToArbitrary(), (bytes, zoneCase, context) =>
        {
            ZoneFileResolver zone = BuildZone(zoneCase.Records, zoneCase.Faults);
            var authenticator = new MessageAuthenticator(zone, new MessageAuthenticatorOptions { EnableSenderId = true });
            AuthenticationOutcome report = authenticator.AuthenticateAsync(bytes, context).GetAwaiter().GetResult();
            return CheckReport(report);
        });

    [Property(MaxTest = 300)]
    public Property AuthenticateAsyncStream_TightLimitsEverywhere_ReportHasRfcWords()
        => Prop.ForAll(HostileGen.Message.ToArbitrary(), ZoneGen.ToArbitrary(), ContextGen.ToArbitrary(), (bytes, zoneCase, context) =>
        {
            var options = new MessageAuthenticatorOptions
            {
                Reader = new MessageReaderOptions { NormalizeLineEndings = false, MaxHeaderFields = 20, MaxHeaderLineLength = 200, MaxHeaderBytes = 4096 },
                Spf = new SpfOptions { MaxDnsLookups = 1, MaxVoidLookups = 0, MaxMxNames = 1, MaxPtrNames = 1, MaxExplanationLength = 16 },
                Dkim = new DkimMessageVerifierOptions { MaxSignatures = 1, MaxSignedHeaders = 1, ClockSkew = TimeSpan.Zero },
                Dmarc = new DmarcOptions { MaxTreeWalkQueries = 2, MaxAuthorDomains = 1, MaxIdentifierDomains = 0 },
                Cache = new CachingDnsResolverOptions { MaxEntries = 1 },
                ShareDnsCache = false,
            };
            var authenticator = new MessageAuthenticator(BuildZone(zoneCase.Records, zoneCase.Faults), options);
            AuthenticationOutcome report = authenticator.AuthenticateAsync(new MemoryStream(bytes), context).GetAwaiter().GetResult();
            return CheckReport(report);
        });

    [Property(MaxTest = 1000)]
    public Property RemoveForgedAuthenticationResults_HostileMessage_NeverThrows()
        => Prop.ForAll(HostileGen.Message.ToArbitrary(), Gen.Elements("localhost", "mx.example.net", "a;b", "é").ToArbitrary(), (bytes, authServId) =>
        {
            MessageReadResult read = MessageReader.Default.Read(bytes);
            using RawMessage? message = read.Message;
            if (message is null)
            {
                return true;
            }

            IReadOnlyList<HeaderField> kept = AuthResultsFilter.RemoveOwn(message, authServId);
            return kept.Count <= message.Headers.Count;
        });

    [Property(MaxTest = 200)]
    public Property AuthenticateAsync_Cancelled_ThrowsOnlyOperationCanceled()
        => Prop.ForAll(HostileGen.Message.ToArbitrary(), ContextGen.ToArbitrary(), (bytes, context) =>
        {
            var authenticator = new MessageAuthenticator(new ZoneFileResolver());
            try
            {
                AuthenticationOutcome report = authenticator.AuthenticateAsync(bytes, context, new CancellationToken(canceled: true)).GetAwaiter().GetResult();
                return CheckReport(report);
            }
            catch (OperationCanceledException)
            {
                return true;
            }
        });

    [Fact]
    public void HostileMessageGenerator_MostMessagesAreReadable_SoTheCheckersRun()
    {
        // Guards the properties above against vacuity: the mutated messages must mostly get past the reader.
        byte[][] samples = HostileGen.Message.Sample(50, 300);
        int readable = samples.Count(bytes =>
        {
            MessageReadResult result = MessageReader.Default.Read(bytes);
            using RawMessage? message = result.Message;
            return result.IsSuccess && message!.Headers.Any(h => h.Name.Equals("From", StringComparison.OrdinalIgnoreCase));
        });
        Assert.True(readable >= samples.Length / 3, $"{readable} of {samples.Length} readable with a From field");
    }

    internal static bool CheckReport(AuthenticationOutcome report)
    {
        string header = report.ToAuthenticationResults();
        bool reparsed = AuthResultsHeader.TryParse(header.AsSpan(header.IndexOf(':') + 1), out _, out AuthResultsParseError? error);
        Assert.True(reparsed, $"own Authentication-Results does not parse ({error}): {header}");
        return SpfWords.Contains(report.Spf.Keyword)
            && (report.SpfHelo is null || SpfWords.Contains(report.SpfHelo.Keyword))
            && (report.SenderId is null || SpfWords.Contains(report.SenderId.Keyword))
            && report.Dkim.All(d => DkimWords.Contains(d.Keyword))
            && DmarcWords.Contains(report.Dmarc.Keyword)
            && report.ToString().Length > 0;
    }

    private static ZoneFileResolver BuildZone(string[][] records, DnsStatus[] faults)
    {
        var zone = new ZoneFileResolver();
        for (int i = 0; i < Owners.Length; i++)
        {
            try
            {
                if (records[i].Length > 0)
                {
                    zone.AddTxt(Owners[i], records[i]);
                }

                if (faults[i] != DnsStatus.NoError)
                {
                    zone.SetFault(Owners[i], faults[i], DnsRecordType.Txt);
                }
            }
            catch (ArgumentException)
            {
                // The test fake refuses names or strings it cannot hold (e.g. > 255 octets); that is its contract, not the library's.
            }
        }

        zone.AddAddress("example.com", "192.0.2.1");
        zone.AddMx("example.com", 10, "example.com");
        return zone;
    }
}
