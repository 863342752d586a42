using System.Globalization;

namespace MailAuth.Cli.Commands;

/// <summary>Helpers the commands share: reading FILE or standard input, numbers from options, optional JSON strings.</summary>
internal static class CommandFiles
{
    /// <summary>Reads FILE, or standard input for <c>-</c>.</summary>
    /// <exception cref="IOException">The file cannot be read (exit 3).</exception>
    public static async Task<byte[]> ReadBytesAsync(string path, CancellationToken cancellationToken)
    {
        if (path == "-")
        {
            using var buffer = new MemoryStream();
            await Console.OpenStandardInput().CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }

        return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Parses a whole number from an option value.</summary>
    /// <exception cref="UsageException">Not a number in range.</exception>
    public static long ParseNumber(string text, string option, long min, long max) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n >= min && n <= max
            ? n
            : throw new UsageException($"--{option} '{text}' is not a number from {min} to {max}");

    /// <summary>Writes a string member, or <c>null</c>.</summary>
    public static void WriteOptional(System.Text.Json.Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
