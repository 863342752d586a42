namespace MailAuth.Interop.Tests.Dkim;

/// <summary>
/// A peer driven through one of the scripts in Peers/ (see its header comment): <c>probe</c>, <c>sign</c> and
/// <c>verify</c> modes over files, keys from the committed test keys and the key table — no network.
/// Exit codes: 0 pass/signed, 1 fail, anything else a harness error.
/// </summary>
internal sealed class ScriptDkimPeer : IDkimPeer
{
    private readonly string[] _interpreters;
    private readonly string _script;
    private readonly Func<string, string> _keyPath;
    private readonly Func<DkimSignRequest, string?> _cannotSign;
    private readonly Func<DkimSignRequest, string?> _cannotVerify;
    private readonly string _install;
    private readonly Lazy<(string? Interpreter, string? Missing)> _probe;

    /// <param name="name">Case name.</param>
    /// <param name="interpreters">Interpreters to try in order (the first whose probe succeeds is used).</param>
    /// <param name="script">The driver file name in Peers/.</param>
    /// <param name="keyPath">The private key file the driver takes for an algorithm.</param>
    /// <param name="cannotSign">Signing limits of the peer.</param>
    /// <param name="cannotVerify">Verifying limits of the peer.</param>
    /// <param name="install">How to install the peer (shown when it is missing).</param>
    public ScriptDkimPeer(
        string name,
        string[] interpreters,
        string script,
        Func<string, string> keyPath,
        Func<DkimSignRequest, string?> cannotSign,
        Func<DkimSignRequest, string?> cannotVerify,
        string install)
    {
        Name = name;
        _interpreters = interpreters;
        _script = Path.Combine(AppContext.BaseDirectory, "Peers", script);
        _keyPath = keyPath;
        _cannotSign = cannotSign;
        _cannotVerify = cannotVerify;
        _install = install;
        _probe = new Lazy<(string?, string?)>(Probe);
    }

    public string Name { get; }

    public string? Unavailable => _probe.Value.Missing;

    public string? CannotSign(DkimSignRequest request) => _cannotSign(request);

    public string? CannotVerify(DkimSignRequest request) => _cannotVerify(request);

    public async Task<byte[]> SignAsync(byte[] message, DkimSignRequest request)
    {
        using var work = new WorkDirectory();
        var input = work.Write("in.eml", message);
        var output = work.PathOf("out.eml");
        var arguments = new List<string>
        {
            "sign", "--key", _keyPath(request.Algorithm), "--alg", request.Algorithm,
            "--domain", request.Domain, "--selector", request.Selector, "--canon", request.Canonicalization,
            "--headers", string.Join(':', request.Headers), "--in", input, "--out", output,
        };
        if (request.BodyLength)
        {
            arguments.Add("--length");
        }

        var result = await RunAsync(arguments).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Name} could not sign ({request}): exit {result.ExitCode}: {Output(result)}");
        }

        return await File.ReadAllBytesAsync(output).ConfigureAwait(false);
    }

    public Task<DkimVerdict> VerifyAsync(byte[] message) => VerifyAsync(message, dnsServer: null);

    public Task<DkimVerdict> VerifyEveryAsync(byte[] message) => VerifyAsync(message, dnsServer: null, every: true);

    /// <summary>Verifies with keys from <paramref name="dnsServer"/> (<c>address:port</c>) when given, else from the key table.</summary>
    public async Task<DkimVerdict> VerifyAsync(byte[] message, string? dnsServer, bool every = false)
    {
        using var work = new WorkDirectory();
        var input = work.Write("in.eml", message);
        string[] keys = dnsServer is null ? ["--keys", DkimTestKeys.KeyTablePath] : ["--dns", dnsServer];
        var result = await RunAsync(["verify", .. keys, .. (every ? new[] { "--all" } : []), "--in", input]).ConfigureAwait(false);
        return result.ExitCode switch
        {
            0 => DkimVerdict.Pass(Output(result)),
            1 => DkimVerdict.Fail(Output(result)),
            _ => throw new InvalidOperationException($"{Name} verifier error: exit {result.ExitCode}: {Output(result)}"),
        };
    }

    public override string ToString() => Name;

    private static string Output(ProcessResult result) => (result.StandardOutput.Trim() + " " + result.StandardError.Trim()).Trim();

    private Task<ProcessResult> RunAsync(IEnumerable<string> arguments)
    {
        var interpreter = _probe.Value.Interpreter
            ?? throw new InvalidOperationException($"{Name} is not available: {_probe.Value.Missing}");
        return Peers.RunAsync(interpreter, arguments.Prepend(_script), timeout: TimeSpan.FromMinutes(2));
    }

    private (string?, string?) Probe()
    {
        var tried = new List<string>();
        foreach (var interpreter in _interpreters)
        {
            var path = Peers.FindOnPath(interpreter);
            if (path is null)
            {
                tried.Add($"{interpreter}: not found");
                continue;
            }

            var result = Peers.RunAsync(path, [_script, "probe"]).GetAwaiter().GetResult();
            if (result.ExitCode == 0)
            {
                return (path, null);
            }

            tried.Add($"{interpreter}: {Output(result)}");
        }

        return (null, $"{Name} is not installed ({_install}); tried {string.Join("; ", tried)}");
    }

    /// <summary>A private temporary directory for one driver call, deleted afterwards.</summary>
    private sealed class WorkDirectory : IDisposable
    {
        private readonly string _path = System.IO.Directory.CreateTempSubdirectory("mailauth-dkim-").FullName;

        public string PathOf(string name) => Path.Combine(_path, name);

        public string Write(string name, byte[] content)
        {
            var path = PathOf(name);
            File.WriteAllBytes(path, content);
            return path;
        }

        public void Dispose() => System.IO.Directory.Delete(_path, recursive: true);
    }
}
