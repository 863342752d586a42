using MailAuth.Dkim;
using MailAuth.Keys;

namespace MailAuth.Cli.Commands;

/// <summary><c>mailauth dkim keygen</c>: a new DKIM key pair and the TXT record to publish (RFC 6376 §3.6.1, RFC 8463).</summary>
internal sealed class DkimKeygenCommand : ICommand
{
    private static readonly OptionSpec Algorithm = new("algorithm", "ALG", "rsa or ed25519 (default rsa)");
    private static readonly OptionSpec Bits = new("bits", "N", "RSA key size (default 2048; 1024 to 8192)");
    private static readonly OptionSpec Selector = new("selector", "SELECTOR", "the selector, for the record name (with --domain)");
    private static readonly OptionSpec Domain = new("domain", "DOMAIN", "the signing domain, for the record name (with --selector)");
    private static readonly OptionSpec Output = new("output", "FILE", "write the private key to FILE instead of standard output");

    public string Name => "keygen";

    public string Summary => "generate a DKIM key pair and its DNS TXT record";

    public string Usage => "[--algorithm rsa|ed25519] [--bits N] [--selector S --domain D]";

    public string Description => """
        Generates a key pair: prints the private key (PEM, PKCS#8) and the TXT record to publish at
        SELECTOR._domainkey.DOMAIN, split into 255-byte strings in zone-file form when --selector and --domain are given.

        Example:
          mailauth dkim keygen --algorithm ed25519 --selector ed2026 --domain example.com --output ed2026.pem
        """;

    public IReadOnlyList<OptionSpec> Options { get; } = [Algorithm, Bits, Selector, Domain, Output];

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var args = context.Arguments;
        args.ExpectPositionals(0, 0, Usage);
        var type = (args.Get(Algorithm.Name) ?? "rsa").ToLowerInvariant() switch
        {
            "rsa" or "rsa-sha256" => DkimKeyType.Rsa,
            "ed25519" or "ed25519-sha256" => DkimKeyType.Ed25519,
            var other => throw new UsageException($"--algorithm '{other}' is not rsa or ed25519"),
        };
        int bits = args.Get(Bits.Name) is { } b
            ? (int)CommandFiles.ParseNumber(b, Bits.Name, DkimKeyGenerator.MinimumRsaKeySize, DkimKeyGenerator.MaximumRsaKeySize)
            : DkimKeyGenerator.DefaultRsaKeySize;
        if (bits % 8 != 0)
        {
            throw new UsageException("--bits must be a multiple of 8");
        }

        string? selector = args.Get(Selector.Name);
        string? domain = args.Get(Domain.Name);
        if ((selector is null) != (domain is null))
        {
            throw new UsageException("give both --selector and --domain, or neither");
        }

        var generated = DkimKeyGenerator.Generate(type, bits);
        string? zone = selector is null ? null : generated.ToZoneFileRecord(selector, domain!);
        if (args.Get(Output.Name) is { } output)
        {
            await File.WriteAllTextAsync(output, generated.PrivateKeyPem, cancellationToken).ConfigureAwait(false);
        }

        if (context.Json)
        {
            await JsonOutput.WriteAsync(context.Out, w =>
            {
                w.WriteStartObject();
                w.WriteString("algorithm", type == DkimKeyType.Ed25519 ? "ed25519" : "rsa");
                w.WriteNumber("bits", generated.KeySize);
                if (args.Get(Output.Name) is null)
                {
                    w.WriteString("privateKeyPem", generated.PrivateKeyPem);
                }

                w.WriteString("dnsRecord", generated.DnsRecord);
                w.WriteStartArray("dnsRecordStrings");
                foreach (string s in generated.DnsRecordStrings)
                {
                    w.WriteStringValue(s);
                }

                w.WriteEndArray();
                if (zone is not null)
                {
                    w.WriteString("name", DkimGeneratedKey.GetRecordName(selector!, domain!));
                    w.WriteString("zone", zone);
                }

                w.WriteEndObject();
            }).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (args.Get(Output.Name) is null)
        {
            await context.Out.WriteAsync(generated.PrivateKeyPem).ConfigureAwait(false);
            await context.Out.WriteLineAsync().ConfigureAwait(false);
        }

        await context.Out.WriteLineAsync($"; TXT record ({generated.KeySize}-bit {(type == DkimKeyType.Ed25519 ? "ed25519" : "rsa")}):").ConfigureAwait(false);
        await context.Out.WriteLineAsync(zone ?? generated.DnsRecord).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
