namespace MailAuth.Fuzz;

/// <summary>
/// Adversarial input families for the timing fuzz: repetitions of the constructs whose handling could be more than
/// linear (runs of whitespace, empty lines, nesting, lists, folding, macros, long tokens).
/// </summary>
internal static class TimingInputs
{
    private const string SignedHeader =
        "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;\r\n d=football.example.com; i=@football.example.com;\r\n" +
        " q=dns/txt; s=brisbane; t=1528637909; h=from : to :\r\n subject : date : message-id : from : subject : date;\r\n" +
        " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;\r\n b=/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11Bus\r\n" +
        " Fa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==\r\n";

    private const string Fields =
        "From: Joe SixPack <joe@football.example.com>\r\nTo: Suzie Q <suzie@shopping.example.net>\r\nSubject: Is dinner ready?\r\n" +
        "Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)\r\nMessage-ID: <20030712040037.46341.5F8J@football.example.com>\r\n";

    public static readonly TimingPattern[] Spf =
    [
        new("many ip4 terms", "v=spf1 ", "ip4:192.0.2.1 ", "-all"),
        new("many macro terms", "v=spf1 ", "a:%{d}.%{i}.%{l1r-} ", "-all"),
        new("long macro-string", "v=spf1 exists:", "%{d}%{s}%{l}", " -all"),
        new("space run", "v=spf1", " ", "-all"),
        new("long domain", "v=spf1 include:", "a.", "example.com -all"),
        new("percent run", "v=spf1 exp=", "%%", ""),
        new("unknown modifiers", "v=spf1 ", "x-a=b ", "-all"),
    ];

    public static readonly TimingPattern[] SpfCheckHost =
    [
        new("many ip4 terms", "v=spf1 ", "ip4:198.51.100.1 ", "-all"),
        new("many a:%{d} terms", "v=spf1 ", "a:%{d}.%{d}.%{d} ", "-all"),
        new("long exists macro", "v=spf1 exists:", "%{d}%{s}%{l}%{o}", " -all"),
        new("macro transformers", "v=spf1 exists:", "%{d100r-.}", " -all"),
        new("explanation macros", "v=spf1 -all exp=exp.example.com\n\n\n\n\n\n", "%{s}%{d}%{i}%{l}", ""),
        new("space run", "v=spf1", " ", "-all"),
    ];

    public static readonly TimingPattern[] DkimSignature =
    [
        new("long h= list", "v=1; a=rsa-sha256; d=example.com; s=s; bh=AAAA; b=AAAA; h=", "from:", "to"),
        new("long b= base64", "v=1; a=rsa-sha256; d=example.com; s=s; h=from; bh=AAAA; b=", "AAAA", ""),
        new("folded b= base64", "v=1; a=rsa-sha256; d=example.com; s=s; h=from; bh=AAAA; b=", "AAAA\r\n ", "AAAA"),
        new("long z= copy", "v=1; a=rsa-sha256; d=example.com; s=s; h=from; bh=AAAA; b=AAAA; z=", "From:=20a|", "x"),
        new("many unknown tags", "v=1; a=rsa-sha256; d=example.com; s=s; h=from; bh=AAAA; b=AAAA; ", "xx=y; ", ""),
        new("whitespace run", "v=1;", " \t", "a=rsa-sha256"),
    ];

    public static readonly TimingPattern[] DkimKey =
    [
        new("long p= base64", "v=DKIM1; k=rsa; p=", "AAAA", ""),
        new("folded p=", "v=DKIM1; k=rsa; p=", "AAAA ", ""),
        new("long h= list", "v=DKIM1; h=", "sha256:", "sha1; p="),
        new("many unknown tags", "v=DKIM1; ", "x=y; ", "p="),
    ];

    public static readonly TimingPattern[] Dmarc =
    [
        new("long rua list", "v=DMARC1; p=reject; rua=", "mailto:a@example.com,", "mailto:b@example.com"),
        new("many unknown tags", "v=DMARC1; p=reject; ", "x=y; ", ""),
        new("whitespace run", "v=DMARC1;", " \t", "p=none"),
        new("long size suffix", "v=DMARC1; p=none; rua=mailto:a@example.com!", "9", "k"),
    ];

    public static readonly TimingPattern[] From =
    [
        new("many addresses", "", "a@example.com, ", "b@example.org"),
        new("long display name", "", "Joe ", "<joe@example.com>"),
        new("nested comments", "a@example.com ", "(", ""),
        new("long quoted string", "\"", "a\\\"", "\" <a@example.com>"),
        new("many groups", "", "g: a@example.com;, ", "b@example.org"),
        new("folding run", "a@example.com", "\r\n ", ""),
        new("many From fields", "", "a@example.com\n", "b@example.org"),
    ];

    public static readonly TimingPattern[] AuthRes =
    [
        new("many resinfos", "mx.example.org; ", "spf=pass smtp.mailfrom=a@example.com; ", "dkim=pass"),
        new("many properties", "mx.example.org; dkim=pass ", "header.d=example.com ", ""),
        new("comment run", "mx.example.org ", "(c) ", "; none"),
        new("nested comments", "mx.example.org; spf=pass ", "(", ""),
        new("long quoted value", "mx.example.org; spf=pass smtp.mailfrom=\"", "a\\\"", "\""),
        new("ARC instance", "i=1; mx.example.org; ", "arc=pass ", ""),
    ];

    public static readonly TimingPattern[] Message =
    [
        new("many header fields", "", "X-A: b\r\n", Fields + "\r\nbody\r\n"),
        new("long folded field", Fields + "X-A: a", "\r\n b", "\r\n\r\nbody\r\n"),
        new("relaxed body: empty lines", SignedHeader + Fields + "\r\n", "\r\n", "x\r\n"),
        new("relaxed body: trailing empty lines", SignedHeader + Fields + "\r\nx\r\n", "\r\n", ""),
        new("relaxed body: trailing whitespace lines", SignedHeader + Fields + "\r\nx\r\n", " \r\n", ""),
        new("relaxed body: whitespace lines", SignedHeader + Fields + "\r\n", " \t\r\n", "x\r\n"),
        new("relaxed body: whitespace run", SignedHeader + Fields + "\r\n", " \t", "x\r\n"),
        new("bare LF lines", SignedHeader + Fields + "\n", "\n", "x\n"),
        new("huge From field", "From: ", "a@example.com, ", "b@example.org\r\nTo: x@example.org\r\n\r\nbody\r\n"),
        new("many DKIM-Signature fields", "", SignedHeader, Fields + "\r\nbody\r\n"),
        new("many Authentication-Results", "", "Authentication-Results: mx.example.org; spf=pass\r\n", Fields + "\r\nbody\r\n"),
    ];
}
