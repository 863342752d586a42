namespace MailAuth.Cli;

/// <summary>The options and positional arguments of one command line, after parsing against <see cref="OptionSpec"/>s.</summary>
internal sealed class ParsedArguments
{
    private readonly Dictionary<string, List<string>> _options;

    public ParsedArguments(Dictionary<string, List<string>> options, IReadOnlyList<string> positionals)
    {
        _options = options;
        Positionals = positionals;
    }

    /// <summary>Arguments that are not options, in order.</summary>
    public IReadOnlyList<string> Positionals { get; }

    /// <summary>Whether a flag or option was given.</summary>
    public bool Has(string name) => _options.ContainsKey(name);

    /// <summary>The value of a single-valued option, or <see langword="null"/>.</summary>
    public string? Get(string name) => _options.TryGetValue(name, out List<string>? values) ? values[^1] : null;

    /// <summary>Every value of a repeatable option, in order.</summary>
    public IReadOnlyList<string> GetAll(string name) => _options.TryGetValue(name, out List<string>? values) ? values : [];

    /// <summary>Checks the number of positional arguments.</summary>
    /// <exception cref="UsageException">Too few or too many.</exception>
    public void ExpectPositionals(int min, int max, string usage)
    {
        if (Positionals.Count < min)
        {
            throw new UsageException($"missing argument: expected {usage}");
        }

        if (Positionals.Count > max)
        {
            throw new UsageException($"unexpected argument '{Positionals[max]}': expected {usage}");
        }
    }
}
