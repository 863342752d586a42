using System.Globalization;
using System.Text;
using System.Text.Json;
using MailAuth.Arc;
using MailAuth.Messages;

namespace MailAuth.Cli.Commands;

/// <summary><c>mailauth arc verify FILE</c>: validates the Authenticated Received Chain (RFC 8617 §5.2).</summary>
internal sealed class ArcVerifyCommand : ICommand
{
    public string Name => "verify";

    public string Summary => "validate the ARC chain of a message";

    public string Usage => "FILE";

    public string Description => """
        Validates the ARC chain of the message in FILE ('-' for standard input) and prints arc=RESULT (reason),
        header.oldest-pass, the failing instance, and one line per ARC Set: instance, sealer d= and s=, cv= and
        the authentication results that hop recorded. Keys come from DNS, or from --zone files for offline use.
        Exit 0 for pass, 1 for none or fail (RFC 8617 §5.2.1: every ARC failure is permanent).

        Example:
          mailauth arc verify forwarded.eml --zone keys.zone --now 2026-11-30T12:00:00Z
        """;

    public IReadOnlyList<OptionSpec> Options { get; } = [CommonOptions.MinRsaBits, CommonOptions.Now];

    public IReadOnlyList<ArgumentSpec> Arguments { get; } = [new("FILE", "the message (RFC 5322), '-' for standard input")];

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals(1, 1, Usage);
        byte[] bytes = await CommandFiles.ReadBytesAsync(context.Arguments.Positionals[0], cancellationToken).ConfigureAwait(false);
        var options = new ArcChainValidatorOptions
        {
            MinRsaKeyBits = CommonOptions.MinimumRsaBits(context.Arguments) ?? new ArcChainValidatorOptions().MinRsaKeyBits,
            TimeProvider = context.TimeProvider,
        };
        var result = await new ArcChainValidator(context.Resolver, options).ValidateAsync(bytes, cancellationToken).ConfigureAwait(false);
        int exit = result.Status == ArcStatus.Pass ? ExitCodes.Ok : ExitCodes.Negative;
        if (context.Json)
        {
            await JsonOutput.WriteAsync(context.Out, w => WriteResult(w, result, exit)).ConfigureAwait(false);
            return exit;
        }

        var line = new StringBuilder("arc=").Append(result.Keyword);
        if (result.Reason is not null)
        {
            line.Append(" (").Append(TerminalText.Value(result.Reason)).Append(')');
        }

        if (result.OldestPass is { } oldest)
        {
            line.Append(" header.oldest-pass=").Append(oldest.ToString(CultureInfo.InvariantCulture));
        }

        if (result.FailedInstance is { } failed)
        {
            line.Append(" instance=").Append(failed.ToString(CultureInfo.InvariantCulture));
        }

        await context.Out.WriteLineAsync(line.ToString()).ConfigureAwait(false);
        foreach (var hop in result.Hops)
        {
            string results = hop.AuthenticationResults is { } ar ? string.Join("; ", ar.Results) : "(unreadable)";
            await context.Out.WriteLineAsync(
                $"  i={hop.Instance} d={TerminalText.Value(hop.SealDomain)} s={TerminalText.Value(hop.SealSelector)} cv={TerminalText.Value(hop.ChainValidation)} " +
                $"authserv-id={TerminalText.Value(hop.AuthenticationResults?.AuthServId)}: {TerminalText.Value(results)}").ConfigureAwait(false);
        }

        return exit;
    }

    private static void WriteResult(Utf8JsonWriter w, ArcResult result, int exit)
    {
        w.WriteStartObject();
        w.WriteString("result", result.Keyword);
        w.WriteString("problem", result.Problem.ToString());
        CommandFiles.WriteOptional(w, "reason", result.Reason);
        if (result.FailedInstance is { } failed)
        {
            w.WriteNumber("failedInstance", failed);
        }

        if (result.OldestPass is { } oldest)
        {
            w.WriteNumber("oldestPass", oldest);
        }

        w.WriteNumber("highestInstance", result.HighestInstance);
        w.WriteNumber("dnsQueries", result.DnsQueries);
        w.WriteNumber("exitCode", exit);
        w.WriteStartArray("hops");
        foreach (var hop in result.Hops)
        {
            w.WriteStartObject();
            w.WriteNumber("instance", hop.Instance);
            CommandFiles.WriteOptional(w, "sealDomain", hop.SealDomain);
            CommandFiles.WriteOptional(w, "sealSelector", hop.SealSelector);
            CommandFiles.WriteOptional(w, "sealAlgorithm", hop.SealAlgorithm);
            CommandFiles.WriteOptional(w, "cv", hop.ChainValidation);
            CommandFiles.WriteOptional(w, "signatureDomain", hop.MessageSignatureDomain);
            CommandFiles.WriteOptional(w, "signatureSelector", hop.MessageSignatureSelector);
            CommandFiles.WriteOptional(w, "authServId", hop.AuthenticationResults?.AuthServId);
            w.WriteStartArray("results");
            foreach (var r in hop.AuthenticationResults?.Results ?? [])
            {
                w.WriteStringValue(r.ToString());
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
