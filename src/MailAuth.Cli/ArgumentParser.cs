namespace MailAuth.Cli;

/// <summary>
/// The hand-rolled command-line parser (no reflection): <c>--name VALUE</c>, <c>--name=VALUE</c>, flags,
/// one-letter aliases (<c>-h</c>), <c>--</c> to end options, and everything else positional. Options may come
/// before or after positional arguments.
/// </summary>
internal static class ArgumentParser
{
    /// <summary>Parses <paramref name="args"/> against <paramref name="specs"/>.</summary>
    /// <exception cref="UsageException">Unknown option, missing value, or a non-repeatable option given twice.</exception>
    public static ParsedArguments Parse(IReadOnlyList<string> args, IReadOnlyList<OptionSpec> specs)
    {
        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var positionals = new List<string>();
        bool optionsEnded = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (optionsEnded || arg.Length < 2 || arg[0] != '-')
            {
                positionals.Add(arg);
                continue;
            }

            if (arg == "--")
            {
                optionsEnded = true;
                continue;
            }

            string name;
            string? inlineValue = null;
            OptionSpec? spec;
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                int eq = arg.IndexOf('=', StringComparison.Ordinal);
                name = eq < 0 ? arg[2..] : arg[2..eq];
                inlineValue = eq < 0 ? null : arg[(eq + 1)..];
                spec = Find(specs, s => s.Name == name);
            }
            else if (arg.Length == 2)
            {
                name = arg[1..];
                spec = Find(specs, s => s.ShortName == arg[1]);
            }
            else
            {
                // "-5" style numbers and other single-dash words are positional.
                positionals.Add(arg);
                continue;
            }

            if (spec is null)
            {
                throw new UsageException($"unknown option '{arg}'");
            }

            string value;
            if (spec.TakesValue)
            {
                if (inlineValue is not null)
                {
                    value = inlineValue;
                }
                else if (i + 1 < args.Count)
                {
                    value = args[++i];
                }
                else
                {
                    throw new UsageException($"option --{spec.Name} needs a value ({spec.ValueName})");
                }
            }
            else if (inlineValue is not null)
            {
                throw new UsageException($"option --{spec.Name} takes no value");
            }
            else
            {
                value = string.Empty;
            }

            if (!options.TryGetValue(spec.Name, out List<string>? values))
            {
                options[spec.Name] = values = [];
            }
            else if (!spec.Repeatable)
            {
                throw new UsageException($"option --{spec.Name} given more than once");
            }

            values.Add(value);
        }

        return new ParsedArguments(options, positionals);
    }

    private static OptionSpec? Find(IReadOnlyList<OptionSpec> specs, Func<OptionSpec, bool> match)
    {
        foreach (OptionSpec spec in specs)
        {
            if (match(spec))
            {
                return spec;
            }
        }

        return null;
    }
}
