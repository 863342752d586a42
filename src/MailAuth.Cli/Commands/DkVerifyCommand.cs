using System.Globalization;
using System.Text;
using System.Text.Json;
using MailAuth.DomainKeys;
using MailAuth.Messages;

namespace MailAuth.Cli.Commands;

/// <summary><c>mailauth dk verify FILE</c>: checks every DomainKey-Signature (draft-delany-domainkeys-base-06 §3.7) and prints one result per signature.</summary>
internal sealed class DkVerifyCommand : ICommand
{
    public string Name => "verify";

    public string Summary => "verify every DomainKey-Signature of a message (historic)";

    public string Usage => "FILE";

    public string Description => """
        Checks every DomainKey-Signature of the message in FILE ('-' for standard input) and prints one line per
        signature: domainkeys=RESULT (reason) header.d header.from or header.sender, the DomainKey-Status word
        (good, bad, no key, revoked, bad format) and the key size. Running this command is the opt-in to rsa-sha1,
        DomainKeys' only algorithm; keys from 512 to 2048 bits are accepted. Keys come from DNS, or from --zone files.
        The overall result (JSON "result"): none when there is no DomainKey-Signature, pass when every signature
        passes, else the first of temperror, fail, permerror, policy, neutral that some signature has.
        Exit 0 when every signature passes, 1 when there is none or one does not pass, 3 on a temporary (DNS) error.

        Example:
          mailauth dk verify signed.eml --zone example.com.zone --json
        """;

    public IReadOnlyList<OptionSpec> Options { get; } = [CommonOptions.Now];

    public IReadOnlyList<ArgumentSpec> Arguments { get; } = [new("FILE", "the message (RFC 5322), '-' for standard input")];

    /// <summary>The overall word: none without signatures, pass when all pass, else the first of temperror, fail, permerror, policy, neutral present.</summary>

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals(1, 1, Usage);
        string path = context.Arguments.Positionals[0];
        var read = MessageReader.Default.Read(await CommandFiles.ReadBytesAsync(path, cancellationToken).ConfigureAwait(false));
        IReadOnlyList<DomainKeysResult> results;
        if (!read.IsSuccess)
        {
            results = [new DomainKeysResult(-1, DomainKeysProblem.MalformedMessage, $"message not readable: {read.Error}")];
        }
        else
        {
            using var message = read.Message!;
            var verifier = new DomainKeysVerifier(context.Resolver, new DomainKeysVerifierOptions { AllowRsaSha1 = true, TimeProvider = context.TimeProvider });
            results = await verifier.VerifyAsync(message, cancellationToken).ConfigureAwait(false);
        }

        return await SignatureOutput.WriteAsync(context, results, r => r.Keyword, "domainkeys=none (no DomainKey-Signature)", WriteResult, r =>
        {
            StringBuilder line = SignatureOutput.Line("domainkeys", r.Keyword, r.Reason);
            SignatureOutput.Append(line, "header.d", r.Domain);
            SignatureOutput.Append(line, "header.s", r.Selector);
            SignatureOutput.Append(line, "header." + (r.SendingAddressField ?? "from"), r.SendingAddress);
            line.Append(" status=\"").Append(r.DomainKeyStatus).Append('"');
            SignatureOutput.AppendKey(line, r.KeyBits, r.IsTesting);
            return line;
        }).ConfigureAwait(false);
    }

    private static void WriteResult(Utf8JsonWriter w, DomainKeysResult r)
    {
        w.WriteStartObject();
        w.WriteString("result", r.Keyword);
        w.WriteString("domainKeyStatus", r.DomainKeyStatus);
        w.WriteString("problem", r.Problem.ToString());
        CommandFiles.WriteOptional(w, "reason", r.Reason);
        CommandFiles.WriteOptional(w, "domain", r.Domain);
        CommandFiles.WriteOptional(w, "selector", r.Selector);
        CommandFiles.WriteOptional(w, "algorithm", r.AlgorithmName);
        CommandFiles.WriteOptional(w, "canonicalization", r.Canonicalization switch { DomainKeysCanonicalization.NoFws => "nofws", DomainKeysCanonicalization.Simple => "simple", _ => null });
        CommandFiles.WriteOptional(w, "sendingAddress", r.SendingAddress);
        CommandFiles.WriteOptional(w, "sendingAddressField", r.SendingAddressField);
        SignatureOutput.WriteKeyBits(w, r.KeyBits);

        w.WriteBoolean("testing", r.IsTesting);
        w.WriteEndObject();
    }

}
