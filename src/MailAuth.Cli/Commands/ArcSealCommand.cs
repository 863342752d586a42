using System.Text;
using MailAuth.Arc;
using MailAuth.Keys;
using MailAuth.Messages;

namespace MailAuth.Cli.Commands;

/// <summary><c>mailauth arc seal FILE ...</c>: validates the chain and adds an ARC Set (RFC 8617 §5.1).</summary>
internal sealed class ArcSealCommand : ICommand
{
    private static readonly OptionSpec Domain = new("domain", "DOMAIN", "the sealing domain (d=; required)");
    private static readonly OptionSpec Selector = new("selector", "SELECTOR", "the selector (s=; required)");
    private static readonly OptionSpec Key = new("key", "PEM", "private key file (RSA or Ed25519)");
    private static readonly OptionSpec KeyDir = new("key-dir", "DIR", "key directory (DIR/DOMAIN/SELECTOR.pem) instead of --key");
    private static readonly OptionSpec AuthServId = new("authserv-id", "ID", "the sealer's authserv-id: its Authentication-Results fields in the message become the AAR (required)");
    private static readonly OptionSpec Headers = new("headers", "LIST", "colon-separated AMS h= list (default: recommended fields present and DKIM-Signature)");
    private static readonly OptionSpec FieldOnly = new("field-only", null, "print only the three ARC fields, not the sealed message");

    public string Name => "seal";

    public string Summary => "validate the chain and add an ARC Set";

    public string Usage => "FILE --domain D --selector S (--key PEM | --key-dir DIR) --authserv-id ID";

    public string Description => """
        Validates the ARC chain of the message in FILE ('-' for standard input), then adds ARC-Seal,
        ARC-Message-Signature and ARC-Authentication-Results for instance N+1 with cv= from the validation; the AAR
        combines the message's Authentication-Results fields with --authserv-id (RFC 8617 §4.1.1). When the newest
        ARC-Seal already says cv=fail nothing is added (§5.1 step 2). Prints the sealed message (or the fields with
        --field-only). Exit 0 when sealed, 1 when nothing was added, 2 for a bad key or option, 3 when a file cannot be read.

        Example:
          mailauth arc seal received.eml --key-dir keys --domain list.example.org --selector arc2026 --authserv-id mx.example.org
        """;

    public IReadOnlyList<OptionSpec> Options { get; } = [Domain, Selector, Key, KeyDir, AuthServId, Headers, FieldOnly, CommonOptions.Now];

    public IReadOnlyList<ArgumentSpec> Arguments { get; } = [new("FILE", "the message (RFC 5322), '-' for standard input")];

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var args = context.Arguments;
        args.ExpectPositionals(1, 1, Usage);
        string domain = args.Get(Domain.Name) ?? throw new UsageException("seal needs --domain");
        string selector = args.Get(Selector.Name) ?? throw new UsageException("seal needs --selector");
        string authServId = CommonOptions.AuthServId(args.Get(AuthServId.Name) ?? throw new UsageException("seal needs --authserv-id"), AuthServId.Name);
        ArcSealer sealer;
        try
        {
            sealer = new ArcSealer(new ArcSealerOptions
            {
                SignedHeaders = args.Get(Headers.Name) is { } h ? h.Split(':', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null,
                TimeProvider = context.TimeProvider,
            });
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        using var key = await LoadKeyAsync(args, domain, selector, cancellationToken).ConfigureAwait(false);
        byte[] bytes = await CommandFiles.ReadBytesAsync(args.Positionals[0], cancellationToken).ConfigureAwait(false);
        var read = MessageReader.Default.Read(bytes);
        if (!read.IsSuccess)
        {
            throw new UsageException($"message not readable: {read.Error}");
        }

        using var message = read.Message!;
        var chain = await new ArcChainValidator(context.Resolver, new ArcChainValidatorOptions { TimeProvider = context.TimeProvider }).ValidateAsync(message, cancellationToken).ConfigureAwait(false);
        ArcSealResult result;
        try
        {
            result = sealer.Seal(message, chain, ArcSealer.CollectAuthenticationResults(message, authServId), key, domain, selector);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        string prefix = result.ToHeaderBlock();
        int exit = result.IsSealed ? ExitCodes.Ok : ExitCodes.Negative;
        if (context.Json)
        {
            await JsonOutput.WriteAsync(context.Out, w =>
            {
                w.WriteStartObject();
                w.WriteString("outcome", result.Outcome.ToString());
                w.WriteString("chain", chain.Keyword);
                CommandFiles.WriteOptional(w, "chainReason", chain.Reason);
                w.WriteNumber("instance", result.Instance);
                w.WriteString("cv", ArcResult.ToKeyword(result.ChainValidation));
                CommandFiles.WriteOptional(w, "reason", result.Reason);
                w.WriteStartArray("fields");
                foreach (string field in result.Fields)
                {
                    w.WriteStringValue(field);
                }

                w.WriteEndArray();
                CommandFiles.WriteOptional(w, "message", args.Has(FieldOnly.Name) ? null : prefix + Encoding.UTF8.GetString(bytes));
                w.WriteNumber("exitCode", exit);
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return exit;
        }

        if (!result.IsSealed)
        {
            await context.Error.WriteLineAsync($"not sealed: {TerminalText.Value(result.Reason)}").ConfigureAwait(false);
        }

        await context.Out.WriteAsync(args.Has(FieldOnly.Name) ? prefix : prefix + Encoding.UTF8.GetString(bytes)).ConfigureAwait(false);
        return exit;
    }

    private static async Task<DkimSigningKey> LoadKeyAsync(ParsedArguments args, string domain, string selector, CancellationToken cancellationToken)
    {
        if (args.Get(Key.Name) is { } file)
        {
            string pem = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            return DkimSigningKey.TryFromPem(pem, out var key, out var error) ? key : throw new UsageException($"{file}: {error}");
        }

        if (args.Get(KeyDir.Name) is { } dir)
        {
            // The store owns the keys it hands out: export and re-import so that the key outlives the store.
            using var store = new PemDirectoryKeyStore(dir);
            var stored = await store.GetSigningKeyAsync(domain, selector, cancellationToken).ConfigureAwait(false)
                ?? throw new UsageException($"no key for selector '{selector}' of '{domain}' in {dir}");
            return DkimSigningKey.FromPem(stored.ExportPrivateKeyPem());
        }

        throw new UsageException("seal needs --key or --key-dir");
    }
}
