using MailAuth.Dns;

namespace MailAuth.Cli;

/// <summary>What a command gets to run: its parsed arguments, the output writers and the DNS resolver.</summary>
internal sealed class CommandContext
{
    private readonly Lazy<IDnsResolver> _resolver;

    public CommandContext(ParsedArguments arguments, TextWriter output, TextWriter error, Func<IDnsResolver> resolver, TimeProvider timeProvider)
    {
        Arguments = arguments;
        Out = output;
        Error = error;
        _resolver = new Lazy<IDnsResolver>(resolver);
        TimeProvider = timeProvider;
    }

    /// <summary>The command's options (global ones included) and positional arguments.</summary>
    public ParsedArguments Arguments { get; }

    /// <summary>Where results go (stdout).</summary>
    public TextWriter Out { get; }

    /// <summary>Where diagnostics go (stderr).</summary>
    public TextWriter Error { get; }

    /// <summary>Whether <c>--json</c> was given: write one JSON document to <see cref="Out"/>.</summary>
    public bool Json => Arguments.Has(GlobalOptions.Json.Name);

    /// <summary>
    /// The resolver: a <see cref="ZoneFileResolver"/> over the <c>--zone</c> files, else system DNS (or <c>--dns-server</c>)
    /// through a <see cref="DnsClientResolver"/> behind a <see cref="CachingDnsResolver"/>. Created on first use.
    /// </summary>
    public IDnsResolver Resolver => _resolver.Value;

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; }
}
