using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace MailAuth.Tests.Robustness;

/// <summary>Generators of hostile input: random text plus realistic fragments of records, fields and names with mutations.</summary>
internal static class HostileGen
{
    /// <summary>Fragments that steer parsers into their interesting states.</summary>
    private static readonly string[] Fragments =
    [
        "v=spf1", "v=DKIM1", "v=DMARC1", " ", ";", "=", ":", "/", ".", "..", "@", ",", "(", ")", "((", "))", "\"", "\\",
        "<", ">", "\r\n", "\r\n ", "\r", "\n", "\t", "\0", "é", "ü", "日本", "\u00ff", "\ud800", "+", "-", "~", "?", "%{",
        "}", "%{ir}", "%{l1r+-}", "%{d999999999999}", "%%", "%_", "%-", "all", "-all", "include:", "redirect=", "exp=",
        "a:", "mx/", "ptr", "ip4:", "ip6:", "ip4:1.2.3.4/33", "ip6:::1/129", "exists:", "/0", "//", "p=", "sp=", "np=",
        "pct=", "rua=mailto:", "ruf=", "adkim=", "aspf=", "fo=", "ri=", "psd=", "t=", "k=rsa", "k=ed25519", "h=sha256",
        "s=email", "n=", "a=rsa-sha256", "a=ed25519-sha256", "a=rsa-sha1", "b=", "bh=", "c=relaxed/relaxed", "c=//",
        "d=", "s=", "i=", "l=", "l=99999999999999999999999", "l=-1", "q=dns/txt", "x=1", "t=99999999999", "z=",
        "h=from:from:to", "h=", "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQ", "====", "!!", "reject", "quarantine", "none",
        "pass", "fail", "softfail", "neutral", "temperror", "permerror", "policy", "smtp.mailfrom=", "header.d=",
        "header.from=", "dkim=", "spf=", "dmarc=", "arc=", "reason=", "example.com", "xn--", "xn--bcher-kva",
        "bücher.de", "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p", "co.uk", "*", "!", "localhost", new string('a', 64),
        new string('x', 300), new string('(', 50), new string(')', 50), new string('"', 3),
        "mailto:a@example.com!10m", "!99999999999999999999999t", "!10x", "!", "ri=99999999999999999999", "pct=-1",
        "pct=100000000000", "psd=y", "np=reject", "t=y", "t=y:s", "h=sha1:sha256", "g=*", "p=MIGf", "s=*", "*.",
        "!.", "%{d4294967296}", "%{ir.}", "%{s0}", "%{h}", "%{p}", "%{c}", "%{r}", "%{t}", "%{v}", "ip4:0.0.0.0/0",
        "ip6:ffff::/0", "a/24//64", "mx:%{d}/33", "=?utf-8?q?x?=", "\u00a0", "\ufeff", "\u2028", ";;;;", "==;==",
        "smtp.mailfrom=\"a@b\"", "header.b=\"", "policy.dmarc=", "(comment)", "reason=\"unterminated",
    ];

    /// <summary>Arbitrary characters, biased towards ASCII punctuation and controls.</summary>
    public static readonly Gen<char> AnyChar = Gen.Frequency(
        (6, Gen.Choose(32, 126).Select(i => (char)i)),
        (2, Gen.Choose(0, 31).Select(i => (char)i)),
        (1, Gen.Choose(127, 0x2FFF).Select(i => (char)i)),
        (1, Gen.Choose(0xD800, 0xDFFF).Select(i => (char)i)));

    /// <summary>Random strings mixing raw characters and fragments.</summary>
    public static readonly Gen<string> Text =
        Gen.Frequency(
            (3, Gen.Elements(Fragments)),
            (1, Gen.ArrayOf(AnyChar).Select(c => new string(c))),
            (2, AnyChar.Select(c => c.ToString())))
        .ListOf()
        .Select(parts => string.Concat(parts));

    /// <summary>Domain names: realistic, and with trailing dots, empty labels, long labels, IDN and junk.</summary>
    public static readonly Gen<string> Domain = Gen.Frequency(
        (4, Gen.Elements(
            "example.com", "example.com.", ".example.com", "a..example.com", "sub.example.com", "mail.example.co.uk",
            "co.uk", "com", "", ".", "..", "bücher.de", "xn--bcher-kva.de", "xn--.com", "例え.テスト", "localhost",
            new string('a', 63) + ".com", new string('a', 64) + ".com", string.Join('.', Enumerable.Repeat("a", 130)),
            string.Join('.', Enumerable.Repeat(new string('b', 60), 6)), "exa mple.com", "example.com\0.evil",
            "*.example.com", "!example.com", "-a-.com", "1.2.3.4", "[1.2.3.4]", "example..", "_dmarc.example.com")),
        (1, Text));

    /// <summary>From field values: addresses, display names, nested comments, groups, multiple and broken addresses.</summary>
    public static readonly Gen<string> FromValue =
        from domain in Domain
        from shape in Gen.Choose(0, 14)
        from junk in Text
        select shape switch
        {
            0 => $"alice@{domain}",
            1 => $"Alice <alice@{domain}>",
            2 => $"\"Alice, Q.\" (a (nested (comment))) <alice@{domain}> (trailing)",
            3 => $"Team: alice@{domain}, bob@{domain};",
            4 => $"Undisclosed:;",
            5 => $"alice@{domain}, bob@other.example",
            6 => $"<alice@{domain}",
            7 => $"alice@{domain} ({new string('(', 40)}",
            8 => $"\"unterminated <alice@{domain}>",
            9 => $"=?utf-8?B?w6k=?= <alice@{domain}>",
            10 => $"alice@[{domain}]",
            11 => $"Group: <a@{domain}>, (c) <b@{domain}>;, c@{domain}",
            12 => $"alice.@{domain}",
            13 => "",
            _ => junk,
        };

    /// <summary>DKIM-Signature values: tags from a valid signature with hostile values, and junk.</summary>
    public static readonly Gen<string> DkimSignatureValue =
        from domain in Domain
        from selector in Gen.Elements("sel", "", "a.b", "_x", new string('s', 70), "sel\0")
        from algorithm in Gen.Elements("rsa-sha256", "ed25519-sha256", "rsa-sha1", "rsa-sha512", "", "rsa")
        from canon in Gen.Elements("relaxed/relaxed", "simple", "relaxed/", "/simple", "weird/relaxed", "")
        from headers in Gen.Elements("from:to:subject", "from:from:from", "to", "", ":", "from:" + string.Join(':', Enumerable.Repeat("x", 300)))
        from bodyHash in Gen.Elements("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", "47DEQpj8HBSa+/TImW", "!!!!", "", "====")
        from signature in Gen.Elements("dGVzdA==", "dGVzd", "", "a b c", "\r\n\tAAAA\r\n\tBBBB", new string('A', 5000))
        from length in Gen.Elements("", "l=0;", "l=99999999999999999999999999;", "l=-5;", "l=abc;", "l=100;")
        from times in Gen.Elements("", "t=100; x=50;", "t=99999999999999999999;", "x=0;", "t=1700000000; x=1800000000;", "t=-1;")
        from extra in Gen.Elements("", "i=@evil.example;", "i=alice@" + domain + ";", "q=dns/txt;", "q=http;", "z=From:a|To:b;", "v=2;", "d=dup.example;")
        from junk in Text
        from useJunk in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
        select useJunk ? junk : $"v=1; a={algorithm}; c={canon}; d={domain}; s={selector}; h={headers}; bh={bodyHash}; {length} {times} {extra} b={signature}";

    /// <summary>DNS TXT answers for SPF, DKIM and DMARC names: plausible records with hostile parts, or junk.</summary>
    public static readonly Gen<string[]> TxtRecord =
        from kind in Gen.Choose(0, 9)
        from junk in Text
        from domain in Domain
        select kind switch
        {
            0 => new[] { $"v=spf1 include:{domain} ip4:192.0.2.0/24 -all" },
            1 => new[] { $"v=spf1 redirect={domain}" },
            2 => new[] { "v=spf1 a mx ptr exists:%{i}.%{d} ", "~all" },
            3 => new[] { "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQ" },
            4 => new[] { "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=" },
            5 => new[] { $"v=DMARC1; p=reject; rua=mailto:r@{domain}; pct=150; sp=bogus" },
            6 => new[] { "v=DMARC1; p=none", "v=DMARC1; p=reject" },
            7 => new[] { junk },
            8 => new[] { junk, junk },
            _ => Array.Empty<string>(),
        };

    // Mostly readable fields; the ones the reader must refuse (no colon, bad name, over-long line) are rare, so most
    // generated messages get past the reader and exercise SPF, DKIM and DMARC.
    private static readonly Gen<string> OtherField = Gen.Frequency(
        (20, Gen.Elements(
            "To: bob@example.net", "Subject: hi", "Date: Thu, 15 Jan 2026 10:30:00 +0000", "Message-ID: <1@example.com>",
            "Received: from x by y; Thu, 15 Jan 2026 10:30:00 +0000", "Authentication-Results: localhost; spf=pass smtp.mailfrom=example.com",
            "Authentication-Results: localhost; dkim=pass (((( header.d=example.com", "Received-SPF: pass (x) client-ip=1.2.3.4;",
            "Sender: s@example.com", "Resent-From: r@example.com", "X-Empty:", "X-8bit: caf\u00e9", "X-Nul: a\0b", "X-Cr: a\rb",
            "X-Long: " + string.Join("\r\n\t", Enumerable.Repeat(new string('w', 70), 200)))),
        (1, Gen.Elements(": no name", "NoColon", " starts with space", "X-Huge-Line: " + new string('h', 70_000))));

    /// <summary>A message header block and body, built from realistic parts and then mutated.</summary>
    public static readonly Gen<byte[]> Message =
        from fromCount in Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Constant(1)), (1, Gen.Choose(2, 3)))
        from fromValues in Gen.ArrayOf(FromValue, fromCount)
        from signatureCount in Gen.Frequency((6, Gen.Choose(0, 3)), (1, Gen.Constant(200)))
        from signatures in Gen.ArrayOf(DkimSignatureValue)
        from otherCount in Gen.Choose(0, 8)
        from others in Gen.ArrayOf(OtherField, otherCount)
        from body in Gen.Elements("Hello\r\n", "", "\r\n\r\n\r\n", "line\nbare lf\rbare cr\0nul\r\n", "caf\u00e9 8bit\r\n", new string('b', 10_000))
        from mutation in Gen.Choose(0, 14)
        from position in Gen.Choose(0, 100_000)
        from lineEnding in Gen.Elements("\r\n", "\n")
        select Build(fromValues, Enumerable.Range(0, signatureCount).Select(i => signatures.Length == 0 ? "" : signatures[i % signatures.Length]).ToArray(), others, body, mutation, position, lineEnding);

    private static byte[] Build(string[] froms, string[] signatures, string[] others, string body, int mutation, int position, string lineEnding)
    {
        var fields = new List<string>();
        fields.AddRange(signatures.Select(s => "DKIM-Signature: " + s));
        fields.AddRange(froms.Select(f => "From: " + f));
        fields.AddRange(others);
        if (mutation == 1 && fields.Count > 0)
        {
            fields.Add(fields[position % fields.Count]);
        }
        else if (mutation == 2 && fields.Count > 0)
        {
            fields.RemoveAt(position % fields.Count);
        }

        string text = string.Join(lineEnding, fields) + lineEnding + lineEnding + body;
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length == 0)
        {
            return bytes;
        }

        int at = position % bytes.Length;
        switch (mutation)
        {
            case 3: bytes[at] = 0; break;
            case 4: bytes[at] = (byte)'\r'; break;
            case 5: bytes[at] = 0xFF; break;
            case 6: return bytes[..at];
            case 7: return [.. bytes[..at], .. bytes];
        }

        return bytes;
    }
}
