using System.Globalization;
using System.Text;
using System.Text.Json;
using MailAuth.Dkim;
using MailAuth.Messages;

namespace MailAuth.Cli.Commands;

/// <summary><c>mailauth dkim verify FILE</c>: checks every DKIM-Signature (RFC 6376 §6) and prints one result per signature.</summary>
internal sealed class DkimVerifyCommand : ICommand
{
    public string Name => "verify";

    public string Summary => "verify every DKIM-Signature of a message";

    public string Usage => "FILE";

    public string Description => """
        Checks every DKIM-Signature of the message in FILE ('-' for standard input) and prints one line per
        signature: dkim=RESULT (reason) header.d header.i header.s header.a header.b and the key size. Keys come
        from DNS, or from --zone files for offline use. --now and --min-rsa-bits make old or test corpora checkable.
        The overall result (JSON "result"): none when the message is unsigned, pass when every signature passes,
        else the first of temperror, fail, permerror, policy, neutral that some signature has.
        Exit 0 when every signature passes, 1 when the message is unsigned or unreadable or a signature does not
        pass, 3 on a temporary (DNS) error.

        Example:
          mailauth dkim verify signed.eml --zone example.com.zone --now 2024-05-01T12:00:00Z --min-rsa-bits 512
        """;

    public IReadOnlyList<OptionSpec> Options { get; } = [CommonOptions.AllowSha1, CommonOptions.MinRsaBits, CommonOptions.Now];

    public IReadOnlyList<ArgumentSpec> Arguments { get; } = [new("FILE", "the message (RFC 5322), '-' for standard input")];


    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals(1, 1, Usage);
        string path = context.Arguments.Positionals[0];
        var read = MessageReader.Default.Read(await CommandFiles.ReadBytesAsync(path, cancellationToken).ConfigureAwait(false));
        if (!read.IsSuccess)
        {
            // A message we cannot read is a negative result (as in `check`), not a usage error.
            string error = $"message not readable: {read.Error}";
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Out, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("result", "permerror");
                    w.WriteString("error", error);
                    w.WriteNumber("exitCode", ExitCodes.Negative);
                    w.WriteStartArray("signatures");
                    w.WriteEndArray();
                    w.WriteEndObject();
                }).ConfigureAwait(false);
            }
            else
            {
                await context.Out.WriteLineAsync($"dkim=permerror ({TerminalText.Value(error)})").ConfigureAwait(false);
            }

            return ExitCodes.Negative;
        }

        using var message = read.Message!;
        var options = new DkimMessageVerifierOptions
        {
            AllowRsaSha1 = context.Arguments.Has(CommonOptions.AllowSha1.Name),
            MinRsaKeyBits = CommonOptions.MinimumRsaBits(context.Arguments) ?? new DkimMessageVerifierOptions().MinRsaKeyBits,
            TimeProvider = context.TimeProvider,
        };
        var verifier = new DkimMessageVerifier(context.Resolver, options);
        var results = await verifier.VerifyAsync(message, cancellationToken).ConfigureAwait(false);

        return await SignatureOutput.WriteAsync(context, results, r => r.Keyword, "dkim=none (message not signed)", WriteResult, r =>
        {
            StringBuilder line = SignatureOutput.Line("dkim", r.Keyword, r.Reason);
            SignatureOutput.Append(line, "header.d", r.Domain);
            SignatureOutput.Append(line, "header.i", r.Identity);
            SignatureOutput.Append(line, "header.s", r.Selector);
            SignatureOutput.Append(line, "header.a", r.AlgorithmName);
            SignatureOutput.Append(line, "header.b", r.SignaturePrefix);
            SignatureOutput.AppendKey(line, r.KeyBits, r.IsTesting);
            return line;
        }).ConfigureAwait(false);
    }

    /// <summary>One signature's result as a JSON object; <c>keyBits</c> is null when no key was fetched.</summary>
    public static void WriteResult(Utf8JsonWriter w, DkimResult r)
    {
        w.WriteStartObject();
        w.WriteString("result", r.Keyword);
        w.WriteString("problem", r.Problem.ToString());
        CommandFiles.WriteOptional(w, "reason", r.Reason);
        CommandFiles.WriteOptional(w, "domain", r.Domain);
        CommandFiles.WriteOptional(w, "identity", r.Identity);
        CommandFiles.WriteOptional(w, "selector", r.Selector);
        CommandFiles.WriteOptional(w, "algorithm", r.AlgorithmName);
        CommandFiles.WriteOptional(w, "b", r.SignaturePrefix);
        SignatureOutput.WriteKeyBits(w, r.KeyBits);
        w.WriteBoolean("testing", r.IsTesting);
        w.WriteNumber("unsignedBodyLength", r.UnsignedBodyLength);
        w.WriteEndObject();
    }


}
