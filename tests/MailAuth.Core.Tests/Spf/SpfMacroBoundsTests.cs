using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.Dns;
using MailAuth.Spf;
using Xunit;

namespace MailAuth.Tests.Spf;

/// <summary>
/// Macro expansion stays bounded (RFC 7208 §7.3, RFC 5321 §4.5.3.1): inputs are bounded before they are expanded and
/// each expansion is truncated while it is built. Costs are measured in allocated bytes, never in time.
/// </summary>
public class SpfMacroBoundsTests
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.10");

    private static SpfResult RunOnThisThread(SpfEvaluator evaluator, string domain, string sender, string? helo, out long allocated)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        ValueTask<SpfResult> pending = evaluator.CheckHostAsync(Client, domain, sender, helo);
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return Completed(pending);
    }

    private static T Completed<T>(ValueTask<T> pending)
    {
        Assert.True(pending.IsCompletedSuccessfully, "the in-memory resolver completes synchronously");
        return pending.Result;
    }

    private static SpfEvaluator Evaluator(string record, out ZoneFileResolver zone, SpfOptions? options = null)
    {
        zone = new ZoneFileResolver();
        zone.AddTxt("example.com", record);
        return new SpfEvaluator(zone, options);
    }

    [Fact]
    public void CheckHost_TenLocalPartMacrosWith100KbLocalPart_PermErrorWithBoundedAllocation()
    {
        string record = "v=spf1 " + string.Join(' ', Enumerable.Range(0, 10).Select(i => $"exists:%{{l}}.x{i}.example.com")) + " -all";
        SpfEvaluator evaluator = Evaluator(record, out ZoneFileResolver zone);
        string sender = new string('a', 100_000) + "@example.com";
        _ = RunOnThisThread(evaluator, "example.com", "warm@example.com", null, out _);

        SpfResult result = RunOnThisThread(evaluator, "example.com", sender, null, out long allocated);

        Assert.Equal(SpfStatus.PermError, result.Status);
        Assert.Contains("local-part", result.Reason, StringComparison.Ordinal);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes");
        Assert.Equal(0, zone.GetQueryCount("x0.example.com", DnsRecordType.A));
    }

    [Fact]
    public void CheckHost_UrlEscapedLocalPartOfPercents_PermErrorWithBoundedAllocation()
    {
        SpfEvaluator evaluator = Evaluator("v=spf1 exists:%{L}.x.example.com -all", out _);
        string sender = new string('%', 100_000) + "@example.com";

        SpfResult result = RunOnThisThread(evaluator, "example.com", sender, null, out long allocated);

        Assert.Equal(SpfStatus.PermError, result.Status);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void CheckHost_LocalPartOf64Octets_IsExpanded()
    {
        string local = new('a', 63);
        SpfEvaluator evaluator = Evaluator("v=spf1 exists:%{l}.x.example.com -all", out ZoneFileResolver zone);
        zone.AddAddress(local + ".x.example.com", "127.0.0.2");

        SpfResult result = RunOnThisThread(evaluator, "example.com", local + "@example.com", null, out _);

        Assert.Equal(SpfStatus.Pass, result.Status);
    }

    [Fact]
    public void CheckHost_LocalPartOf65Octets_PermErrorOnlyWhenAMacroUsesIt()
    {
        string sender = new string('b', 65) + "@example.com";
        SpfEvaluator withMacro = Evaluator("v=spf1 exists:%{s}.x.example.com -all", out _);
        SpfEvaluator withoutMacro = Evaluator("v=spf1 ip4:192.0.2.0/24 -all", out _);

        Assert.Equal(SpfStatus.PermError, RunOnThisThread(withMacro, "example.com", sender, null, out _).Status);
        Assert.Equal(SpfStatus.Pass, RunOnThisThread(withoutMacro, "example.com", sender, null, out _).Status);
    }

    [Fact]
    public void CheckHost_LocalPartLimitCountsUtf8Octets()
    {
        string sender = new string('é', 33) + "@example.com"; // 33 characters, 66 octets
        SpfEvaluator evaluator = Evaluator("v=spf1 exists:%{l}.x.example.com -all", out _);

        Assert.Equal(SpfStatus.PermError, RunOnThisThread(evaluator, "example.com", sender, null, out _).Status);
    }

    [Fact]
    public void CheckHost_LocalPartLimit_IsConfigurable()
    {
        string local = string.Join('.', Enumerable.Repeat("ccc", 25)); // 99 octets
        SpfEvaluator raised = Evaluator("v=spf1 exists:%{l}.x.example.com -all", out ZoneFileResolver zone, new SpfOptions { MaxLocalPartLength = 100 });
        zone.AddAddress(local + ".x.example.com", "127.0.0.2");
        SpfEvaluator standard = new(zone);

        Assert.Equal(SpfStatus.Pass, RunOnThisThread(raised, "example.com", local + "@example.com", null, out _).Status);
        Assert.Equal(SpfStatus.PermError, RunOnThisThread(standard, "example.com", local + "@example.com", null, out _).Status);
    }

    [Fact]
    public void CheckHost_HeloOver255Octets_PermErrorWhenExpanded()
    {
        string helo = string.Join('.', Enumerable.Repeat(new string('h', 60), 5)); // 304 characters
        SpfEvaluator evaluator = Evaluator("v=spf1 exists:%{h}.x.example.com -all", out _);

        SpfResult result = RunOnThisThread(evaluator, "example.com", "a@example.com", helo, out long allocated);

        Assert.Equal(SpfStatus.PermError, result.Status);
        Assert.Contains("HELO", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckHost_TooLongLocalPartInExplanation_FailKeptWithoutExplanation()
    {
        SpfEvaluator evaluator = Evaluator("v=spf1 -all exp=exp.example.com", out ZoneFileResolver zone);
        zone.AddTxt("exp.example.com", "denied for %{l}");

        SpfResult result = RunOnThisThread(evaluator, "example.com", new string('d', 5000) + "@example.com", null, out _);

        Assert.Equal(SpfStatus.Fail, result.Status);
        Assert.Null(result.Explanation);
    }

    [Fact]
    public async Task Expand_ThousandMacrosOfBoundedInputs_TruncatedWhileExpanding()
    {
        string local = string.Join('.', Enumerable.Repeat("abcdefg", 8)); // 63 characters
        string spec = string.Concat(Enumerable.Repeat("%{l}.", 1000)) + "example.com";
        var evaluator = new SpfEvaluator(new ZoneFileResolver());
        Assert.True(SpfMacroString.TryParseDomainSpec(spec, out SpfMacroString? parsed, out _));
        _ = await evaluator.ExpandAsync(parsed, false, Client, local + "@example.com", "example.com", null);

        long before = GC.GetAllocatedBytesForCurrentThread();
        ValueTask<string?> pending = evaluator.ExpandAsync(parsed, false, Client, local + "@example.com", "example.com", null);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        string? expanded = Completed(pending);

        string full = string.Concat(Enumerable.Repeat(local + ".", 1000)) + "example.com";
        Assert.Equal(ReferenceTruncate(full), expanded);
        // Building the whole 64 KB name would allocate more than 128 KB.
        Assert.True(allocated < 8 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task Expand_LongExplanation_CutToMaxExplanationLengthWhileExpanding()
    {
        string local = new('e', 64);
        string spec = string.Concat(Enumerable.Repeat("%{L} ", 2000));
        var evaluator = new SpfEvaluator(new ZoneFileResolver(), new SpfOptions { MaxExplanationLength = 100 });
        Assert.True(SpfMacroString.TryParseExplanation(spec, out SpfMacroString? parsed, out _));
        _ = await evaluator.ExpandAsync(parsed, true, Client, local + "@example.com", "example.com", null);

        long before = GC.GetAllocatedBytesForCurrentThread();
        ValueTask<string?> pending = evaluator.ExpandAsync(parsed, true, Client, local + "@example.com", "example.com", null);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((local + " " + local)[..100], Completed(pending));
        Assert.True(allocated < 8 * 1024, $"allocated {allocated} bytes");
    }

    // The §7.3 rule applied to a fully built name: trailing dot removed, then labels dropped from the left.
    private static string ReferenceTruncate(string name)
    {
        if (name.Length > 1 && name[^1] == '.')
        {
            name = name[..^1];
        }

        while (name.Length > 253 && name.IndexOf('.', StringComparison.Ordinal) is int dot and >= 0)
        {
            name = name[(dot + 1)..];
        }

        return name;
    }

    private static readonly string[] Pieces = ["%{l}", "%{L}", "%{o}", "%{d2}", "%{lr-}", "%{h}", ".", "..", "a", "bb.", "%%", "%-", "x-y", "%{s}"];

    /// <summary>Expanding while truncating gives the same name as building it whole and truncating after (§7.3).</summary>
    [Property(MaxTest = 300)]
    public Property Expand_BoundedExpansion_EqualsTruncatingTheWholeName()
    {
        Gen<string> spec = Gen.Choose(0, Pieces.Length - 1).Select(i => Pieces[i]).ListOf().Where(l => l.Count is > 0 and < 400)
            .Select(l => string.Concat(l) + "%{d}");
        Gen<string> local = Gen.Elements("a", "a.b", "x.y.z-w", new string('q', 64), string.Join('.', Enumerable.Repeat("ab", 21)), "p%q.r");
        return Prop.ForAll(Arb.From(spec), Arb.From(local), (s, l) =>
        {
            var evaluator = new SpfEvaluator(new ZoneFileResolver());
            const string domain = "mail.example.com";
            const string helo = "helo.example.org";
            string sender = l + "@" + domain;
            string? bounded = Completed(evaluator.ExpandAsync(s, false, Client, sender, domain, helo));
            string whole = NaiveExpand(s, l, domain, helo);
            return bounded == ReferenceTruncate(whole);
        });
    }

    private static string NaiveExpand(string spec, string local, string domain, string helo)
    {
        var sb = new StringBuilder();
        string sender = local + "@" + domain;
        for (int i = 0; i < spec.Length;)
        {
            if (spec[i] != '%')
            {
                sb.Append(spec[i++]);
                continue;
            }

            if (spec[i + 1] != '{')
            {
                sb.Append(spec[i + 1] switch { '%' => "%", '_' => " ", _ => "%20" });
                i += 2;
                continue;
            }

            int close = spec.IndexOf('}', i);
            string body = spec[(i + 2)..close];
            i = close + 1;
            string value = char.ToLowerInvariant(body[0]) switch
            {
                'l' => local,
                'o' => domain,
                'd' => domain,
                'h' => helo,
                's' => sender,
                _ => throw new InvalidOperationException(body),
            };
            string rest = body[1..];
            int keep = 0;
            while (rest.Length > 0 && char.IsAsciiDigit(rest[0]))
            {
                keep = (keep * 10) + (rest[0] - '0');
                rest = rest[1..];
            }

            bool reverse = rest.StartsWith('r');
            string delimiters = reverse ? rest[1..] : rest;
            if (keep > 0 || reverse || delimiters.Length > 0)
            {
                string[] parts = value.Split((delimiters.Length == 0 ? "." : delimiters).ToCharArray());
                if (reverse)
                {
                    Array.Reverse(parts);
                }

                int n = keep == 0 ? parts.Length : Math.Min(keep, parts.Length);
                value = string.Join('.', parts, parts.Length - n, n);
            }

            sb.Append(char.IsAsciiLetterUpper(body[0]) ? Uri.EscapeDataString(value) : value);
        }

        return sb.ToString();
    }
}
