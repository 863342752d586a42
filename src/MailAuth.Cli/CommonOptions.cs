using System.Globalization;
using MailAuth.AuthResults;

namespace MailAuth.Cli;

/// <summary>Options several commands share, and the checks that turn their values into usage errors.</summary>
internal static class CommonOptions
{
    /// <summary><c>--now</c>: the clock for every time check, for reproducible runs.</summary>
    public static readonly OptionSpec Now = new("now", "TIME", "check times (DKIM t=/x=) against this RFC 3339 time, e.g. 2024-05-01T12:00:00Z, instead of the clock");

    /// <summary><c>--min-rsa-bits</c>: the smallest RSA key accepted.</summary>
    public static readonly OptionSpec MinRsaBits = new("min-rsa-bits", "N", "accept RSA keys from N bits (default 1024, RFC 8301 §3.2; 512 to 8192)");

    /// <summary><c>--allow-rsa-sha1</c>.</summary>
    public static readonly OptionSpec AllowSha1 = new("allow-rsa-sha1", null, "accept rsa-sha1 signatures (RFC 8301 forbids signing with it)");

    /// <summary>The clock: <c>--now</c> when given, else <paramref name="fallback"/>.</summary>
    /// <exception cref="UsageException">The value is not an RFC 3339 date-time with an offset.</exception>
    public static TimeProvider Clock(ParsedArguments arguments, TimeProvider fallback)
    {
        if (arguments.Get(Now.Name) is not { } text)
        {
            return fallback;
        }

        return new FixedTimeProvider(Time(text, Now.Name));
    }

    /// <summary>Parses an RFC 3339 date-time option value.</summary>
    /// <exception cref="UsageException">The value is not an RFC 3339 date-time with an offset.</exception>
    public static DateTimeOffset Time(string text, string option)
    {
        // RFC 3339 §5.6 date-time: full-date "T" full-time with "Z" or a numeric offset; "t", "z" and a space (§5.6 NOTE) too.
        string upper = text.Trim().ToUpperInvariant().Replace(' ', 'T');
        string[] formats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];
        if (upper.Length < 20 || (upper[^1] != 'Z' && upper[^6] is not ('+' or '-'))
            || !DateTimeOffset.TryParseExact(upper, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset time))
        {
            throw new UsageException($"--{option} '{text}' is not an RFC 3339 time such as 2024-05-01T12:00:00Z");
        }

        return time;
    }

    /// <summary>The <c>--min-rsa-bits</c> value, or <see langword="null"/> for the library default.</summary>
    /// <exception cref="UsageException">Not a number from 512 to 8192.</exception>
    public static int? MinimumRsaBits(ParsedArguments arguments) =>
        arguments.Get(MinRsaBits.Name) is not { } text ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int bits) && bits is >= 512 and <= 8192 ? bits
        : throw new UsageException($"--min-rsa-bits '{text}' is not a number from 512 to 8192");

    /// <summary>Checks an authserv-id from the command line (RFC 8601 §2.2: a value; no control characters).</summary>
    /// <exception cref="UsageException">Empty, with control characters, or refused by <see cref="AuthResultsHeader"/>.</exception>
    public static string AuthServId(string value, string option)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new UsageException($"--{option} must not be empty");
        }

        foreach (char c in value)
        {
            if (c < ' ' || c == '\x7f')
            {
                throw new UsageException($"--{option} '{value}' contains a control character");
            }
        }

        try
        {
            _ = new AuthResultsHeader(value);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--{option} '{value}' is not an authserv-id ({e.Message})");
        }

        return value;
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}
