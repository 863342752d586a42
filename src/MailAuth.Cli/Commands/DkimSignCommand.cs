using System.Text;
using MailAuth.Dkim;
using MailAuth.Keys;
using MailAuth.Messages;

namespace MailAuth.Cli.Commands;

/// <summary><c>mailauth dkim sign FILE --domain D --selector S --key PEM</c>: adds DKIM-Signature fields (RFC 6376 §5, RFC 8463).</summary>
internal sealed class DkimSignCommand : ICommand
{
    private static readonly OptionSpec Domain = new("domain", "DOMAIN", "the signing domain (d=; required)");
    private static readonly OptionSpec Selector = new("selector", "SELECTOR", "the selector (s=; required); repeat with --key to sign several times", Repeatable: true);
    private static readonly OptionSpec Key = new("key", "PEM", "private key file (PKCS#1 or PKCS#8, RSA or Ed25519; required); repeat with --selector", Repeatable: true);
    private static readonly OptionSpec Algorithm = new("algorithm", "ALG", "rsa-sha256 or ed25519-sha256, checked against the key");
    private static readonly OptionSpec Headers = new("headers", "LIST", "colon-separated h= list, e.g. from:from:to:subject (default: recommended fields present, From over-signed)");
    private static readonly OptionSpec Canonicalization = new("canonicalization", "H/B", "c= value, e.g. relaxed/simple (default relaxed/relaxed)");
    private static readonly OptionSpec Identity = new("identity", "AUID", "the i= value");
    private static readonly OptionSpec Expiration = new("expiration", "SECONDS", "add x= this many seconds after t=");
    private static readonly OptionSpec BodyLength = new("body-length", null, "add l= (discouraged, RFC 6376 §8.2)");
    private static readonly OptionSpec FieldOnly = new("field-only", null, "print only the DKIM-Signature field(s), not the signed message");
    private static readonly OptionSpec Output = new("output", "FILE", "write the signed message to FILE (exact bytes)");
    private static readonly OptionSpec KeyDir = new("key-dir", "DIR", $"sign with the keys of a key directory ({DkimKeyDirectory.Layout}) instead of --key: the --selector keys, or the domain's active keys");

    public string Name => "sign";

    public string Summary => "sign a message with one or more DKIM keys";

    public string Usage => "FILE --domain D --selector S --key PEM";

    public string Description => """
        Signs the message in FILE ('-' for standard input) and prints the signed message (or only the field with
        --field-only). Defaults: relaxed/relaxed, recommended header list with From over-signed, t= set (from --now
        when given). With --key-dir the keys come from a key directory. Exit 0 when signed, 2 for a bad key or option,
        3 when a file cannot be read or the key directory has no usable key for the domain ("nokey").

        Example:
          mailauth dkim sign message.eml --domain example.com --selector ed2026 --key ed2026.pem > signed.eml
        """;

    public IReadOnlyList<OptionSpec> Options { get; } =
        [Domain, Selector, Key, KeyDir, Algorithm, Headers, Canonicalization, Identity, Expiration, BodyLength, FieldOnly, Output, CommonOptions.Now];

    public IReadOnlyList<ArgumentSpec> Arguments { get; } = [new("FILE", "the message (RFC 5322), '-' for standard input")];

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var args = context.Arguments;
        args.ExpectPositionals(1, 1, Usage);
        string domain = args.Get(Domain.Name) ?? throw new UsageException("sign needs --domain");
        var selectors = args.GetAll(Selector.Name);
        var keyFiles = args.GetAll(Key.Name);
        string? keyDir = args.Get(KeyDir.Name);
        if (keyDir is not null && keyFiles.Count > 0)
        {
            throw new UsageException("give either --key or --key-dir");
        }

        if (keyDir is null && (selectors.Count == 0 || keyFiles.Count == 0))
        {
            throw new UsageException("sign needs --selector and --key (or --key-dir)");
        }

        if (keyDir is null && selectors.Count != keyFiles.Count)
        {
            throw new UsageException("give one --selector per --key");
        }

        var options = new DkimMessageSignerOptions
        {
            SignedHeaders = args.Get(Headers.Name) is { } h ? h.Split(':', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null,
            HeaderCanonicalization = ParseCanonicalization(args.Get(Canonicalization.Name), header: true),
            BodyCanonicalization = ParseCanonicalization(args.Get(Canonicalization.Name), header: false),
            Expiration = args.Get(Expiration.Name) is { } x ? TimeSpan.FromSeconds(CommandFiles.ParseNumber(x, Expiration.Name, 1, 10L * 365 * 24 * 3600)) : null,
            IncludeBodyLength = args.Has(BodyLength.Name),
            TimeProvider = context.TimeProvider,
        };

        if (keyDir is not null)
        {
            return await SignFromDirectoryAsync(context, options, keyDir, domain, selectors, cancellationToken).ConfigureAwait(false);
        }

        var keys = new List<DkimSigningKey>();
        try
        {
            var requests = new List<DkimSigningRequest>();
            for (int i = 0; i < keyFiles.Count; i++)
            {
                string pem = await File.ReadAllTextAsync(keyFiles[i], cancellationToken).ConfigureAwait(false);
                if (!DkimSigningKey.TryFromPem(pem, out var key, out var error))
                {
                    throw new UsageException($"{keyFiles[i]}: {error}");
                }

                keys.Add(key);
                if (args.Get(Algorithm.Name) is { } alg && !string.Equals(alg, key!.Algorithm == DkimAlgorithm.Ed25519Sha256 ? "ed25519-sha256" : "rsa-sha256", StringComparison.OrdinalIgnoreCase))
                {
                    throw new UsageException($"--algorithm {alg} does not match the key in {keyFiles[i]}");
                }

                requests.Add(new DkimSigningRequest(key!, domain, selectors[i], args.Get(Identity.Name)));
            }

            byte[] bytes = await CommandFiles.ReadBytesAsync(args.Positionals[0], cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> fields;
            try
            {
                fields = new DkimMessageSigner(options).Sign(bytes, requests);
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw new UsageException(e.Message);
            }

            await WriteAsync(context, fields, bytes, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        finally
        {
            foreach (var key in keys)
            {
                key.Dispose();
            }
        }
    }

    // --key-dir: the store's keys; a domain or selector without a usable key is the explicit "nokey" result (exit 3).
    private static async Task<int> SignFromDirectoryAsync(CommandContext context, DkimMessageSignerOptions options, string keyDir, string domain, IReadOnlyList<string> selectors, CancellationToken cancellationToken)
    {
        var args = context.Arguments;
        if (args.Has(Algorithm.Name) || args.Has(Identity.Name))
        {
            throw new UsageException("--algorithm and --identity go with --key, not --key-dir");
        }

        if (!Directory.Exists(keyDir))
        {
            throw new DirectoryNotFoundException($"key directory '{keyDir}' not found");
        }

        byte[] bytes = await CommandFiles.ReadBytesAsync(args.Positionals[0], cancellationToken).ConfigureAwait(false);
        var read = MessageReader.Default.Read(bytes);
        if (!read.IsSuccess)
        {
            throw new UsageException("the message cannot be read: " + read.Error);
        }

        using var message = read.Message!;
        using var store = new PemDirectoryKeyStore(keyDir);
        DkimSigningResult result = await DkimKeyDirectory.SignAsync(new DkimMessageSigner(options), message, store, domain, selectors, cancellationToken).ConfigureAwait(false);

        if (!result.IsSigned)
        {
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Out, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("status", "nokey");
                    w.WriteString("domain", result.Domain);
                    w.WriteString("reason", result.Reason);
                    w.WriteEndObject();
                }).ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync($"mailauth: nokey: {TerminalText.Value(result.Reason ?? string.Empty)}; the message is not signed").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        if (result.MissingSelectors.Count > 0)
        {
            await context.Error.WriteLineAsync($"mailauth: warning: {TerminalText.Value(result.Reason ?? string.Empty)}").ConfigureAwait(false);
        }

        await WriteAsync(context, result.Fields, bytes, cancellationToken).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static async Task WriteAsync(CommandContext context, IReadOnlyList<string> fields, byte[] bytes, CancellationToken cancellationToken)
    {
        var args = context.Arguments;
        string prefix = string.Concat(fields.Select(f => f + "\r\n"));
        if (args.Get(Output.Name) is { } file)
        {
            await File.WriteAllBytesAsync(file, [.. Encoding.ASCII.GetBytes(prefix), .. bytes], cancellationToken).ConfigureAwait(false);
        }

        if (context.Json)
        {
            // Under --json the signed message is a member (unless written to --output or --field-only asked for the fields).
            await JsonOutput.WriteAsync(context.Out, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("fields");
                foreach (string field in fields)
                {
                    w.WriteStringValue(field);
                }

                w.WriteEndArray();
                CommandFiles.WriteOptional(w, "output", args.Get(Output.Name));
                CommandFiles.WriteOptional(w, "message", args.Has(FieldOnly.Name) || args.Has(Output.Name) ? null : prefix + Encoding.UTF8.GetString(bytes));
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
        else if (args.Has(FieldOnly.Name))
        {
            await context.Out.WriteAsync(prefix).ConfigureAwait(false);
        }
        else if (!args.Has(Output.Name))
        {
            await context.Out.WriteAsync(prefix + Encoding.UTF8.GetString(bytes)).ConfigureAwait(false);
        }
    }

    private static DkimCanonicalization ParseCanonicalization(string? value, bool header)
    {
        if (value is null)
        {
            return DkimCanonicalization.Relaxed;
        }

        string[] parts = value.Split('/');
        string part = header ? parts[0] : parts.Length > 1 ? parts[1] : "simple";
        return part.ToLowerInvariant() switch
        {
            "relaxed" => DkimCanonicalization.Relaxed,
            "simple" => DkimCanonicalization.Simple,
            _ => throw new UsageException($"--canonicalization '{value}' is not HEADER/BODY with simple or relaxed"),
        };
    }
}
