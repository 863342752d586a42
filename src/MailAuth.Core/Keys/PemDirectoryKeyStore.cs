using System.Collections.Concurrent;

namespace MailAuth.Keys;

/// <summary>
/// An <see cref="IKeyStore"/> over a directory of PEM files:
/// <code>
/// root/
///   example.com/
///     sel2025.pem     PKCS#1 "RSA PRIVATE KEY" or PKCS#8 "PRIVATE KEY" (RSA or Ed25519)
///     ed2025.pem
///     active          optional: the selectors to sign with, one per line ('#' starts a comment);
///                     without it every *.pem of the domain is active
/// </code>
/// Keys are loaded on first use and kept until <see cref="Reload"/> or <see cref="Dispose"/>.
/// Domain and selector names are restricted to letters, digits, '-', '_' and '.', so a name cannot escape the root.
/// </summary>
public sealed class PemDirectoryKeyStore : IKeyStore, IDisposable
{
    private const string ActiveFileName = "active";
    private readonly string _root;
    private readonly ConcurrentDictionary<string, Lazy<DkimSigningKey?>> _cache = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentBag<DkimSigningKey> _loaded = [];

    /// <summary>Creates a store over <paramref name="rootDirectory"/>.</summary>
    /// <param name="rootDirectory">The directory holding one sub-directory per domain.</param>
    public PemDirectoryKeyStore(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        _root = Path.GetFullPath(rootDirectory);
    }

    /// <summary>The file a key is read from: <c>root/domain/selector.pem</c>.</summary>
    /// <param name="domain">The signing domain.</param>
    /// <param name="selector">The selector.</param>
    /// <returns>The path.</returns>
    /// <exception cref="ArgumentException">A name holds characters other than letters, digits, '-', '_' and '.'.</exception>
    public string GetKeyPath(string domain, string selector)
    {
        string d = CheckName(domain.TrimEnd('.'), nameof(domain));
        string s = CheckName(selector, nameof(selector));
        return Path.Combine(_root, d.ToLowerInvariant(), s + ".pem");
    }

    /// <inheritdoc />
    /// <exception cref="FormatException">The file exists but holds no usable private key.</exception>
    public ValueTask<DkimSigningKey?> GetSigningKeyAsync(string domain, string selector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(selector);
        cancellationToken.ThrowIfCancellationRequested();
        string path = GetKeyPath(domain, selector);
        var lazy = _cache.GetOrAdd(path, p => new Lazy<DkimSigningKey?>(() => Load(p), LazyThreadSafetyMode.ExecutionAndPublication));
        return new(lazy.Value);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<DkimKeyEntry>> GetActiveKeysAsync(string domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        string d = CheckName(domain.TrimEnd('.'), nameof(domain)).ToLowerInvariant();
        string dir = Path.Combine(_root, d);
        if (!Directory.Exists(dir))
        {
            return [];
        }

        IEnumerable<string> selectors;
        string activeFile = Path.Combine(dir, ActiveFileName);
        if (File.Exists(activeFile))
        {
            var lines = await File.ReadAllLinesAsync(activeFile, cancellationToken).ConfigureAwait(false);
            selectors = lines.Select(l => (l.Contains('#', StringComparison.Ordinal) ? l[..l.IndexOf('#', StringComparison.Ordinal)] : l).Trim())
                .Where(l => l.Length > 0);
        }
        else
        {
            selectors = Directory.EnumerateFiles(dir, "*.pem").Select(Path.GetFileNameWithoutExtension).OfType<string>();
        }

        var result = new List<DkimKeyEntry>();
        foreach (string selector in selectors.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal))
        {
            var key = await GetSigningKeyAsync(d, selector, cancellationToken).ConfigureAwait(false);
            if (key is not null)
            {
                result.Add(new DkimKeyEntry(d, selector, key));
            }
        }

        return result;
    }

    /// <summary>Forgets loaded keys so that the next request reads the files again. Keys handed out before stay valid until <see cref="Dispose"/>.</summary>
    public void Reload() => _cache.Clear();

    /// <summary>Disposes every key loaded by this store.</summary>
    public void Dispose()
    {
        _cache.Clear();
        while (_loaded.TryTake(out var key))
        {
            key.Dispose();
        }
    }

    private DkimSigningKey? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        if (!DkimSigningKey.TryFromPem(File.ReadAllText(path), out var key, out var error))
        {
            throw new FormatException($"{path}: {error}");
        }

        _loaded.Add(key!);
        return key;
    }

    private static string CheckName(string name, string parameter)
    {
        if (name.Length == 0 || name.Length > 253 || name.StartsWith('.') || name.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a valid name.", parameter);
        }

        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw new ArgumentException($"'{name}' is not a valid name.", parameter);
            }
        }

        return name;
    }
}
