using System.Globalization;
using System.Text;
using System.Text.Json;
using MailAuth.Dkim;
using MailAuth.Keys;
using MailAuth.Messages;

namespace MailAuth.Cli.Commands;

/// <summary><c>mailauth dkim verify|sign|keygen</c>: DKIM (RFC 6376, RFC 8463) from the command line.</summary>
internal sealed class DkimCommand : ICommand
{
    private static readonly OptionSpec Domain = new("domain", "DOMAIN", "sign/keygen: the signing domain (d=)");
    private static readonly OptionSpec Selector = new("selector", "SELECTOR", "sign/keygen: the selector (s=); repeat with --key to sign several times", Repeatable: true);
    private static readonly OptionSpec Key = new("key", "PEM", "sign: private key file (PKCS#1 or PKCS#8, RSA or Ed25519); repeat with --selector", Repeatable: true);
    private static readonly OptionSpec Algorithm = new("algorithm", "ALG", "sign: rsa-sha256 or ed25519-sha256 (checked against the key); keygen: rsa or ed25519 (default rsa)");
    private static readonly OptionSpec Headers = new("headers", "LIST", "sign: colon-separated h= list, e.g. from:from:to:subject (default: recommended fields present, From over-signed)");
    private static readonly OptionSpec Canonicalization = new("canonicalization", "H/B", "sign: c= value, e.g. relaxed/simple (default relaxed/relaxed)");
    private static readonly OptionSpec Identity = new("identity", "AUID", "sign: the i= value");
    private static readonly OptionSpec Expiration = new("expiration", "SECONDS", "sign: add x= this many seconds after t=");
    private static readonly OptionSpec BodyLength = new("body-length", null, "sign: add l= (discouraged, RFC 6376 §8.2)");
    private static readonly OptionSpec FieldOnly = new("field-only", null, "sign: print only the DKIM-Signature field(s), not the signed message");
    private static readonly OptionSpec Output = new("output", "FILE", "sign: write the signed message to FILE (exact bytes); keygen: write the private key to FILE");
    private static readonly OptionSpec Bits = new("bits", "N", "keygen: RSA key size (default 2048; 1024 to 8192)");
    private static readonly OptionSpec AllowSha1 = new("allow-rsa-sha1", null, "verify: accept rsa-sha1 signatures (RFC 8301 forbids signing with it)");

    public string Name => "dkim";

    public string Summary => "verify or sign DKIM signatures, generate DKIM keys";

    public string Usage => "verify FILE | sign FILE --domain D --selector S --key PEM | keygen [--algorithm rsa|ed25519] [--bits N]";

    public string Description => """
        verify FILE   checks every DKIM-Signature of the message in FILE ('-' for standard input) and prints one line
                      per signature: dkim=RESULT header.d header.s header.a header.b and the reason. Keys come from DNS,
                      or from --zone files for offline use. Exit 0 when every signature passes, 1 when the message is
                      unsigned or a signature does not pass, 3 on a temporary (DNS) error.
        sign FILE     signs the message and prints the signed message (or only the field with --field-only).
                      Defaults: relaxed/relaxed, recommended header list with From over-signed, t= set.
        keygen        generates a key pair: prints the private key (PEM, PKCS#8) and the TXT record to publish at
                      SELECTOR._domainkey.DOMAIN, split into 255-byte strings in zone-file form when --selector and
                      --domain are given.
        Examples:
          mailauth dkim keygen --algorithm ed25519 --selector ed2026 --domain example.com --output ed2026.pem
          mailauth dkim sign message.eml --domain example.com --selector ed2026 --key ed2026.pem > signed.eml
          mailauth dkim verify signed.eml --zone example.com.zone
        """;

    public IReadOnlyList<OptionSpec> Options { get; } =
        [Domain, Selector, Key, Algorithm, Headers, Canonicalization, Identity, Expiration, BodyLength, FieldOnly, Output, Bits, AllowSha1];

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var args = context.Arguments;
        if (args.Positionals.Count == 0)
        {
            throw new UsageException($"missing sub-command: expected {Usage}");
        }

        return args.Positionals[0] switch
        {
            "verify" => await VerifyAsync(context, cancellationToken).ConfigureAwait(false),
            "sign" => await SignAsync(context, cancellationToken).ConfigureAwait(false),
            "keygen" => await KeygenAsync(context, cancellationToken).ConfigureAwait(false),
            _ => throw new UsageException($"unknown sub-command '{args.Positionals[0]}' (verify, sign, keygen)"),
        };
    }

    private static async Task<int> VerifyAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals(2, 2, "verify FILE");
        string path = context.Arguments.Positionals[1];
        var read = MessageReader.Default.Read(await ReadBytesAsync(path, cancellationToken).ConfigureAwait(false));
        if (!read.IsSuccess)
        {
            // A message we cannot read is a negative result (as in `check`), not a usage error.
            await context.Out.WriteLineAsync($"dkim=permerror (message not readable: {read.Error})").ConfigureAwait(false);
            return ExitCodes.Negative;
        }

        using var message = read.Message!;
        var options = new DkimVerifierOptions { AllowRsaSha1 = context.Arguments.Has(AllowSha1.Name) };
        var verifier = new DkimVerifier(context.Resolver, options, context.TimeProvider);
        var results = await verifier.VerifyAsync(message, cancellationToken).ConfigureAwait(false);

        int exit = results.Count > 0 && results.All(r => r.Status == DkimStatus.Pass) ? ExitCodes.Ok
            : results.Any(r => r.Status == DkimStatus.TempError) ? ExitCodes.Failure
            : ExitCodes.Negative;
        if (context.Json)
        {
            await JsonOutput.WriteAsync(context.Out, w =>
            {
                w.WriteStartObject();
                w.WriteString("result", results.Count == 0 ? "none" : results.All(r => r.Status == DkimStatus.Pass) ? "pass" : "mixed");
                w.WriteStartArray("signatures");
                foreach (var r in results)
                {
                    WriteResult(w, r);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return exit;
        }

        if (results.Count == 0)
        {
            await context.Out.WriteLineAsync("dkim=none (message not signed)").ConfigureAwait(false);
        }

        foreach (var r in results)
        {
            var line = new StringBuilder("dkim=").Append(r.ResultWord);
            if (r.Reason is not null)
            {
                line.Append(" (").Append(r.Reason).Append(')');
            }

            Append(line, "header.d", r.Domain);
            Append(line, "header.i", r.Identity);
            Append(line, "header.s", r.Selector);
            Append(line, "header.a", r.AlgorithmName);
            Append(line, "header.b", r.SignaturePrefix);
            if (r.KeyBits > 0)
            {
                line.Append(" key=").Append(r.KeyBits.ToString(CultureInfo.InvariantCulture)).Append("-bit");
            }

            if (r.IsTesting)
            {
                line.Append(" testing");
            }

            await context.Out.WriteLineAsync(line.ToString()).ConfigureAwait(false);
        }

        return exit;
    }

    private static async Task<int> SignAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var args = context.Arguments;
        args.ExpectPositionals(2, 2, "sign FILE --domain D --selector S --key PEM");
        string domain = args.Get(Domain.Name) ?? throw new UsageException("sign needs --domain");
        var selectors = args.GetAll(Selector.Name);
        var keyFiles = args.GetAll(Key.Name);
        if (selectors.Count == 0 || keyFiles.Count == 0)
        {
            throw new UsageException("sign needs --selector and --key");
        }

        if (selectors.Count != keyFiles.Count)
        {
            throw new UsageException("give one --selector per --key");
        }

        var options = new DkimSignerOptions
        {
            SignedHeaders = args.Get(Headers.Name) is { } h ? h.Split(':', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null,
            HeaderCanonicalization = ParseCanonicalization(args.Get(Canonicalization.Name), header: true),
            BodyCanonicalization = ParseCanonicalization(args.Get(Canonicalization.Name), header: false),
            Expiration = args.Get(Expiration.Name) is { } x ? TimeSpan.FromSeconds(ParseNumber(x, Expiration.Name, 1, 10L * 365 * 24 * 3600)) : null,
            IncludeBodyLength = args.Has(BodyLength.Name),
        };

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

                keys.Add(key!);
                if (args.Get(Algorithm.Name) is { } alg && !string.Equals(alg, key!.Algorithm == DkimAlgorithm.Ed25519Sha256 ? "ed25519-sha256" : "rsa-sha256", StringComparison.OrdinalIgnoreCase))
                {
                    throw new UsageException($"--algorithm {alg} does not match the key in {keyFiles[i]}");
                }

                requests.Add(new DkimSigningRequest(key!, domain, selectors[i], args.Get(Identity.Name)));
            }

            byte[] bytes = await ReadBytesAsync(args.Positionals[1], cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> fields;
            try
            {
                fields = new DkimSigner(options, context.TimeProvider).Sign(bytes, requests);
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw new UsageException(e.Message);
            }

            string prefix = string.Concat(fields.Select(f => f + "\r\n"));
            if (args.Has(FieldOnly.Name))
            {
                await context.Out.WriteAsync(prefix).ConfigureAwait(false);
            }
            else if (args.Get(Output.Name) is { } output)
            {
                await File.WriteAllBytesAsync(output, [.. Encoding.ASCII.GetBytes(prefix), .. bytes], cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await context.Out.WriteAsync(prefix + Encoding.UTF8.GetString(bytes)).ConfigureAwait(false);
            }

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

    private static async Task<int> KeygenAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var args = context.Arguments;
        args.ExpectPositionals(1, 1, "keygen");
        var type = (args.Get(Algorithm.Name) ?? "rsa").ToLowerInvariant() switch
        {
            "rsa" or "rsa-sha256" => DkimKeyType.Rsa,
            "ed25519" or "ed25519-sha256" => DkimKeyType.Ed25519,
            var other => throw new UsageException($"--algorithm '{other}' is not rsa or ed25519"),
        };
        int bits = args.Get(Bits.Name) is { } b
            ? (int)ParseNumber(b, Bits.Name, DkimKeyGenerator.MinimumRsaKeySize, DkimKeyGenerator.MaximumRsaKeySize)
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

    private static void WriteResult(Utf8JsonWriter w, DkimResult r)
    {
        w.WriteStartObject();
        w.WriteString("result", r.ResultWord);
        w.WriteString("problem", r.Problem.ToString());
        WriteOptional(w, "reason", r.Reason);
        WriteOptional(w, "domain", r.Domain);
        WriteOptional(w, "identity", r.Identity);
        WriteOptional(w, "selector", r.Selector);
        WriteOptional(w, "algorithm", r.AlgorithmName);
        WriteOptional(w, "b", r.SignaturePrefix);
        w.WriteNumber("keyBits", r.KeyBits);
        w.WriteBoolean("testing", r.IsTesting);
        w.WriteNumber("unsignedBodyLength", r.UnsignedBodyLength);
        w.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
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

    private static void Append(StringBuilder line, string name, string? value)
    {
        if (value is not null)
        {
            line.Append(' ').Append(name).Append('=').Append(value);
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

    private static long ParseNumber(string text, string option, long min, long max) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n >= min && n <= max
            ? n
            : throw new UsageException($"--{option} '{text}' is not a number from {min} to {max}");

    private static async Task<byte[]> ReadBytesAsync(string path, CancellationToken cancellationToken)
    {
        if (path == "-")
        {
            using var buffer = new MemoryStream();
            await Console.OpenStandardInput().CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }

        return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<RawMessage> ReadMessageAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes = await ReadBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var read = MessageReader.Default.Read(bytes);
        return read.IsSuccess ? read.Message! : throw new UsageException($"{path}: not a readable message: {read.Error}");
    }
}
