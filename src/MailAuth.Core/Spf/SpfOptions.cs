using MailAuth.Text;

namespace MailAuth.Spf;

/// <summary>
/// Limits and settings of <see cref="SpfEvaluator"/>. Defaults are those of RFC 7208 §4.6.4 and §7.
/// The evaluator copies the values when it is constructed, so later changes do not affect it.
/// </summary>
public sealed class SpfOptions
{
    private int _maxDnsLookups = 10;
    private int _maxVoidLookups = 2;
    private int _maxMxNames = 10;
    private int _maxPtrNames = 10;
    private TimeSpan _timeout = TimeSpan.FromSeconds(20);
    private int _maxExplanationLength = 1024;
    private int _maxLocalPartLength = 64;
    private int _parsedRecordCacheSize = 1024;
    private string _receiverName = "unknown";
    private TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>The DNS-querying terms (include, a, mx, ptr, exists, redirect) allowed over the whole evaluation (§4.6.4).</summary>
    /// <value>10. One more makes the result <c>permerror</c> before the look-up is made.</value>
    public int MaxDnsLookups { get => _maxDnsLookups; set => _maxDnsLookups = InRange(value, 1, 1000); }

    /// <summary>The void look-ups (NXDOMAIN or no answer) allowed over the whole evaluation (§4.6.4).</summary>
    /// <value>2. One more makes the result <c>permerror</c>.</value>
    public int MaxVoidLookups { get => _maxVoidLookups; set => _maxVoidLookups = InRange(value, 0, 1000); }

    /// <summary>The MX names one <c>mx</c> mechanism may resolve (§4.6.4).</summary>
    /// <value>10. More MX records make the result <c>permerror</c> before any address look-up.</value>
    public int MaxMxNames { get => _maxMxNames; set => _maxMxNames = InRange(value, 1, 1000); }

    /// <summary>The PTR names one <c>ptr</c> mechanism or <c>%{p}</c> macro validates (§4.6.4).</summary>
    /// <value>10. Further names are ignored, as §4.6.4 requires.</value>
    public int MaxPtrNames { get => _maxPtrNames; set => _maxPtrNames = InRange(value, 1, 1000); }

    /// <summary>The time budget of one evaluation (§4.6.4 suggests at least 20 seconds).</summary>
    /// <value>20 seconds, at most 49 days. When it runs out the result is <c>temperror</c>; <see cref="Timeout.InfiniteTimeSpan"/> disables it.</value>
    public TimeSpan Timeout
    {
        get => _timeout;
        set => _timeout = TimeArithmetic.CheckBudget(value, nameof(Timeout));
    }

    /// <summary>The longest explanation kept (§6.2); longer ones are cut.</summary>
    /// <value>1024 characters.</value>
    public int MaxExplanationLength { get => _maxExplanationLength; set => _maxExplanationLength = InRange(value, 16, 65536); }

    /// <summary>
    /// The longest local-part of &lt;sender&gt;, in UTF-8 octets, that the <c>%{l}</c> and <c>%{s}</c> macros expand (RFC 5321 §4.5.3.1.1).
    /// A macro that needs a longer one makes the result <c>permerror</c>; records without such a macro are not affected.
    /// </summary>
    /// <value>64, the RFC 5321 limit.</value>
    public int MaxLocalPartLength { get => _maxLocalPartLength; set => _maxLocalPartLength = InRange(value, 1, 4096); }

    /// <summary>
    /// The explanation used after a <c>fail</c> when the record has no usable <c>exp=</c> (§6.2 lets the receiver choose one).
    /// It is an explain-string: macros such as <c>%{i}</c> and <c>%{d}</c> are expanded.
    /// </summary>
    /// <value><see langword="null"/>: no explanation.</value>
    public string? DefaultExplanation { get; set; }

    /// <summary>The receiving host's domain name: the <c>%{r}</c> macro (§7.3) and the <c>receiver=</c> key of Received-SPF (§9.1).</summary>
    /// <value>"unknown", as §7.3 prescribes when the name is not known.</value>
    public string ReceiverName { get => _receiverName; set => _receiverName = string.IsNullOrWhiteSpace(value) ? "unknown" : value; }

    /// <summary>How many parsed records the evaluator keeps, keyed by record text, so that popular policies are parsed once.</summary>
    /// <value>1024; 0 disables the cache.</value>
    public int ParsedRecordCacheSize { get => _parsedRecordCacheSize; set => _parsedRecordCacheSize = InRange(value, 0, 1_000_000); }

    /// <summary>The clock for the time budget and the <c>%{t}</c> macro.</summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get => _timeProvider; set => _timeProvider = value ?? throw new ArgumentNullException(nameof(value)); }

    internal SpfOptions Clone() => (SpfOptions)MemberwiseClone();

    private static int InRange(int value, int min, int max) => value >= min && value <= max
        ? value
        : throw new ArgumentOutOfRangeException(nameof(value), value, $"Must be between {min} and {max}.");
}
