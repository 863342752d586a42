using System.Diagnostics;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Messages;
using MailAuth.Spf;

namespace MailAuth.Benchmarks.Facade;

/// <summary>
/// Where the time of one <c>AuthenticateAsync</c> goes, engine by engine, on the same sample and zone:
/// <c>dotnet run -c Release --project benchmarks/MailAuth.Benchmarks -- facade-breakdown [SECONDS]</c>.
/// </summary>
internal static class FacadeBreakdown
{
    public static async Task<int> RunAsync(string[] args)
    {
        double seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2;
        byte[] message = await File.ReadAllBytesAsync(FacadeSamples.PathOf(FacadeSamples.MessageFile));
        var zone = ZoneFileResolver.FromFile(FacadeSamples.PathOf(FacadeSamples.ZoneFile));
        var cache = new CachingDnsResolver(zone);
        var spf = new SpfEvaluator(cache);
        var dkim = new DkimMessageVerifier(cache);
        var dmarc = new DmarcEvaluator(cache);
        var authenticator = new MessageAuthenticator(zone);
        SmtpContext context = FacadeSamples.Context;
        DmarcDkimInput[] dkimInputs = [new(DmarcAuthResult.Pass, "example.com", "sample")];

        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        byte[] signature = rsa.SignData(message, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        await MeasureAsync("floor: SHA-256 of the message", seconds, () => { System.Security.Cryptography.SHA256.HashData(message); return ValueTask.CompletedTask; });
        await MeasureAsync("floor: + RSA-2048 verify", seconds, () => { rsa.VerifyData(message, signature, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1); return ValueTask.CompletedTask; });
        await MeasureAsync("read message", seconds, () => { using var m = MessageReader.Default.Read(message).Message!; return ValueTask.CompletedTask; });
        await MeasureAsync("SPF mail from", seconds, async () => await spf.CheckMailFromAsync(context.ClientIp, context.MailFrom, context.Helo));
        await MeasureAsync("SPF helo", seconds, async () => await spf.CheckHeloAsync(context.ClientIp, context.Helo!));
        await MeasureAsync("DKIM verify", seconds, async () => await dkim.VerifyAsync(message));
        var cachedDkim = new DkimMessageVerifier(cache, new DkimMessageVerifierOptions { PublicKeyCache = new DkimPublicKeyCache() });
        await MeasureAsync("DKIM verify, cached key", seconds, async () => await cachedDkim.VerifyAsync(message));
        using RawMessage raw = MessageReader.Default.Read(message).Message!;
        await MeasureAsync("DKIM verify, read message", seconds, async () => await cachedDkim.VerifyAsync(raw));
        await MeasureAsync("relaxed body hash", seconds, () =>
        {
            using var hasher = new DkimBodyHasher(DkimCanonicalization.Relaxed, System.Security.Cryptography.HashAlgorithmName.SHA256, null);
            hasher.Append(raw.Body);
            hasher.Complete();
            return ValueTask.CompletedTask;
        });
        await MeasureAsync("DMARC evaluate", seconds, async () => await dmarc.EvaluateAsync("example.com", new DmarcSpfInput(DmarcAuthResult.Pass, "example.com"), dkimInputs));
        await MeasureAsync("AuthenticateAsync", seconds, async () => await authenticator.AuthenticateAsync(message, context));
        await MeasureAsync("AuthenticateAsync + header", seconds, async () => (await authenticator.AuthenticateAsync(message, context)).ToAuthenticationResults());
        return 0;
    }

    private static async Task MeasureAsync(string name, double seconds, Func<ValueTask> action)
    {
        for (int i = 0; i < 50; i++)
        {
            await action();
        }

        long ops = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            await action();
            ops++;
        }

        Console.WriteLine(FormattableString.Invariant($"{name,-28} {watch.Elapsed.TotalMilliseconds * 1000 / ops,10:F1} µs/op"));
    }
}
