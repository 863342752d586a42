using System.Net;
using MailAuth.Dns;

namespace MailAuth.Fuzz;

/// <summary>The fixed in-memory DNS data the targets evaluate against (documentation addresses only).</summary>
internal static class FuzzZones
{
    /// <summary>The names whose TXT records come from the lines of an spf-check-host input, in line order.</summary>
    public static readonly string[] SpfNames =
    [
        "example.com", "a.example.com", "b.example.com", "c.example.com",
        "d.example.com", "e.example.com", "exp.example.com", "_spf.example.net",
    ];

    /// <summary>The SMTP client addresses every spf-check-host input is evaluated for.</summary>
    public static readonly IPAddress[] ClientAddresses = [IPAddress.Parse("192.0.2.10"), IPAddress.Parse("2001:db8::10")];

    /// <summary>A zone with addresses, MX and PTR records for the SPF names (their TXT records come from the input).</summary>
    public static ZoneFileResolver SpfZone()
    {
        var zone = new ZoneFileResolver();
        zone.AddAddress("example.com", "192.0.2.10");
        zone.AddAddress("example.com", "2001:db8::10");
        zone.AddAddress("a.example.com", "192.0.2.11");
        zone.AddAddress("mx.example.com", "192.0.2.10");
        zone.AddAddress("helo.example.com", "192.0.2.10");
        zone.AddMx("example.com", 10, "mx.example.com");
        zone.AddMx("b.example.com", 10, "a.example.com");
        zone.AddPtr(IPAddress.Parse("192.0.2.10"), "mx.example.com");
        zone.AddPtr(IPAddress.Parse("2001:db8::10"), "helo.example.com");
        zone.AddCname("cname.example.com", "a.example.com");
        return zone;
    }

    /// <summary>The zone for the facade: RFC 8463 Appendix A keys, SPF and DMARC for football.example.com.</summary>
    public static ZoneFileResolver MessageZone()
    {
        var zone = new ZoneFileResolver();
        zone.LoadZone("""
            $ORIGIN example.com.
            $TTL 3600
            football            IN TXT "v=spf1 ip4:192.0.2.0/24 include:_spf.example.com ~all"
            football            IN A   192.0.2.10
            mail.football       IN A   192.0.2.10
            _spf                IN TXT "v=spf1 a:mail.football.example.com mx:football.example.com -all"
            _dmarc.football     IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@football.example.com; adkim=s; aspf=r; pct=100"
            _dmarc              IN TXT "v=DMARC1; p=quarantine; sp=none; psd=n"
            brisbane._domainkey.football IN TXT "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
            test._domainkey.football IN TXT "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB"
            """);
        return zone;
    }
}
