using System.Security.Cryptography;
using System.Text;

namespace MailAuth.Interop.Tests.DomainKeys;

/// <summary>
/// Mail::DKIM (Debian libmail-dkim-perl) as a DomainKeys signer and verifier and an ADSP checker, through
/// Peers/maildkim-dk-driver.pl. DNS is a table file (offline): "name&lt;TAB&gt;TXT|MX&lt;TAB&gt;data" or "name&lt;TAB&gt;NXDOMAIN".
/// </summary>
internal static class MailDkimDomainKeysPeer
{
    private static readonly Lazy<(string? Perl, string? Missing)> Probe = new(() =>
    {
        string? perl = Peers.FindOnPath("perl");
        if (perl is null)
        {
            return (null, "perl not found on PATH (apt-get install perl libmail-dkim-perl)");
        }

        var result = Peers.RunAsync(perl, [Script, "probe"]).GetAwaiter().GetResult();
        return result.ExitCode == 0 ? (perl, null) : (null, "Mail::DKIM is not installed (apt-get install libmail-dkim-perl): " + result.StandardOutput + result.StandardError);
    });

    private static string Script => Path.Combine(AppContext.BaseDirectory, "Peers", "maildkim-dk-driver.pl");

    /// <summary>Skips (or, with MAILAUTH_INTEROP=required, fails) the test when Mail::DKIM cannot run.</summary>
    public static void Require() => Peers.Require(Probe.Value.Perl is not null, Probe.Value.Missing ?? string.Empty);

    /// <summary>Signs with Mail::DKIM's DomainKeys signer (Mail::DKIM::DkSignature, algorithm dk_rsa_sha1).</summary>
    public static async Task<byte[]> SignAsync(byte[] message, RSA key, string domain, string selector, string canonicalization, string? headers = null)
    {
        using var work = new Work();
        string keyFile = work.Write("key.pem", Encoding.ASCII.GetBytes(key.ExportRSAPrivateKeyPem()));
        string input = work.Write("in.eml", message);
        string output = work.PathOf("out.eml");
        List<string> arguments = ["sign", "--key", keyFile, "--domain", domain, "--selector", selector, "--canon", canonicalization, "--in", input, "--out", output];
        if (headers is not null)
        {
            arguments.AddRange(["--headers", headers]);
        }

        var result = await RunAsync(arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"Mail::DKIM could not sign: {result.StandardOutput}{result.StandardError}");
        }

        return File.ReadAllBytes(output);
    }

    /// <summary>Verifies with Mail::DKIM's verifier; one (result, protocol, detail) per signature it found.</summary>
    public static async Task<IReadOnlyList<(string Result, string Protocol, string Detail)>> VerifyAsync(byte[] message, string table)
    {
        using var work = new Work();
        var result = await RunAsync(["verify", "--keys", work.Write("table", Encoding.ASCII.GetBytes(table)), "--in", work.Write("in.eml", message)]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"Mail::DKIM could not verify: {result.StandardOutput}{result.StandardError}");
        }

        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Select(parts => (parts[0], parts[1], parts.Length > 2 ? parts[2] : string.Empty))
            .ToList();
    }

    /// <summary>Mail::DKIM::AuthorDomainPolicy's answer for <paramref name="domain"/>: none, unknown, all, discardable or NXDOMAIN.</summary>
    public static async Task<string> AdspAsync(string domain, string table)
    {
        using var work = new Work();
        var result = await RunAsync(["adsp", "--keys", work.Write("table", Encoding.ASCII.GetBytes(table)), "--domain", domain]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"Mail::DKIM ADSP failed: {result.StandardOutput}{result.StandardError}");
        }

        return result.StandardOutput.Trim();
    }

    private static Task<ProcessResult> RunAsync(IEnumerable<string> arguments) =>
        Peers.RunAsync(Probe.Value.Perl ?? throw new InvalidOperationException(Probe.Value.Missing), arguments.Prepend(Script), timeout: TimeSpan.FromMinutes(2));

    private sealed class Work : IDisposable
    {
        private readonly string _path = Directory.CreateTempSubdirectory("mailauth-dk-").FullName;

        public string PathOf(string name) => Path.Combine(_path, name);

        public string Write(string name, byte[] content)
        {
            string path = PathOf(name);
            File.WriteAllBytes(path, content);
            return path;
        }

        public void Dispose() => Directory.Delete(_path, recursive: true);
    }
}
