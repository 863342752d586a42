using System.Collections.Concurrent;
using MailAuth.Diagnostics;
using Microsoft.Extensions.Logging;

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
/// Keys are loaded on first use and kept until <see cref="Reload"/> (called by the store itself on a change when
/// <see cref="PemDirectoryKeyStoreOptions.WatchForChanges"/> is set) or <see cref="Dispose"/>. A key a reload replaces
/// is disposed once <see cref="PemDirectoryKeyStoreOptions.ReplacedKeyLifetime"/> has passed.
/// A missing or unusable key file (unreadable, not a private key) is "no key" and a warning in the log, never an
/// exception; the answer is kept until the next reload. Domain and selector names are restricted to letters, digits,
/// '-', '_' and '.', so a name cannot escape the root; another name has no key.
/// </summary>
public sealed class PemDirectoryKeyStore : IKeyStore, IDisposable
{
    private const string ActiveFileName = "active";
    private readonly string _root;
    private readonly PemDirectoryKeyStoreOptions _options;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly List<(DkimSigningKey Key, DateTimeOffset ReplacedAt)> _replaced = [];
    private readonly FileSystemWatcher? _watcher;
    private Generation _current = new();
    private bool _disposed;

    /// <summary>Creates a store over <paramref name="rootDirectory"/>.</summary>
    /// <param name="rootDirectory">The directory holding one sub-directory per domain.</param>
    public PemDirectoryKeyStore(string rootDirectory)
        : this(rootDirectory, null)
    {
    }

    /// <summary>Creates a store over <paramref name="rootDirectory"/>.</summary>
    /// <param name="rootDirectory">The directory holding one sub-directory per domain.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults. Validated and copied: later changes have no effect.</param>
    /// <exception cref="ArgumentException">An option is out of range; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public PemDirectoryKeyStore(string rootDirectory, PemDirectoryKeyStoreOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        _root = Path.GetFullPath(rootDirectory);
        _options = (options ?? new PemDirectoryKeyStoreOptions()).Freeze();
        _logger = Telemetry.CreateLogger(_options.LoggerFactory, MailAuthDiagnostics.KeyStoreCategory);
        if (_options.WatchForChanges)
        {
            _watcher = StartWatcher();
        }
    }

    /// <summary>How many keys the store holds undisposed (loaded ones and replaced ones not yet disposed); for tests.</summary>
    internal int UndisposedKeyCount
    {
        get
        {
            lock (_gate)
            {
                return _current.Loaded.Count + _replaced.Count;
            }
        }
    }

    /// <summary>The file a key is read from: <c>root/domain/selector.pem</c>.</summary>
    /// <param name="domain">The signing domain.</param>
    /// <param name="selector">The selector.</param>
    /// <returns>The path.</returns>
    /// <exception cref="ArgumentException">A name holds characters other than letters, digits, '-', '_' and '.'.</exception>
    public string GetKeyPath(string domain, string selector)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(selector);
        return TryGetKeyPath(domain, selector) ?? throw new ArgumentException($"'{domain}'/'{selector}' is not a valid domain and selector.", nameof(domain));
    }

    /// <inheritdoc />
    /// <returns>The key; <see langword="null"/> when the file is missing or unusable (logged as a warning) or a name is not valid.</returns>
    public ValueTask<DkimSigningKey?> GetSigningKeyAsync(string domain, string selector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(selector);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (TryGetKeyPath(domain, selector) is not { } path)
        {
            return new((DkimSigningKey?)null);
        }

        Generation generation = Volatile.Read(ref _current);
        string d = domain.TrimEnd('.').ToLowerInvariant();
        var lazy = generation.Keys.GetOrAdd(path, p => new Lazy<DkimSigningKey?>(() => Load(generation, p, d, selector), LazyThreadSafetyMode.ExecutionAndPublication));
        return new(lazy.Value);
    }

    /// <inheritdoc />
    /// <returns>The active keys that could be loaded; empty when the domain has none (a listed selector without a usable file is logged as a warning).</returns>
    public async ValueTask<IReadOnlyList<DkimKeyEntry>> GetActiveKeysAsync(string domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ObjectDisposedException.ThrowIf(_disposed, this);
        string d = domain.TrimEnd('.').ToLowerInvariant();
        if (!IsValidName(d))
        {
            KeyStoreLog.InvalidName(_logger, domain);
            return [];
        }

        string dir = Path.Combine(_root, d);
        List<string> selectors;
        string activeFile = Path.Combine(dir, ActiveFileName);
        try
        {
            if (!Directory.Exists(dir))
            {
                return [];
            }

            if (File.Exists(activeFile))
            {
                var lines = await File.ReadAllLinesAsync(activeFile, cancellationToken).ConfigureAwait(false);
                selectors = [.. lines.Select(l => (l.Contains('#', StringComparison.Ordinal) ? l[..l.IndexOf('#', StringComparison.Ordinal)] : l).Trim()).Where(l => l.Length > 0)];
            }
            else
            {
                selectors = [.. Directory.EnumerateFiles(dir, "*.pem").Select(Path.GetFileNameWithoutExtension).OfType<string>()];
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            KeyStoreLog.Unusable(_logger, dir, d, "*", e.Message);
            return [];
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

    /// <summary>
    /// Forgets loaded keys so that the next request reads the files again. The keys loaded so far are disposed once
    /// <see cref="PemDirectoryKeyStoreOptions.ReplacedKeyLifetime"/> has passed (a signature being made with one can finish).
    /// </summary>
    public void Reload()
    {
        int disposed;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            Generation old = _current;
            old.Replaced = true;
            DateTimeOffset now = _options.TimeProvider.GetUtcNow();
            foreach (DkimSigningKey key in old.Loaded)
            {
                _replaced.Add((key, now));
            }

            old.Loaded.Clear();
            Volatile.Write(ref _current, new Generation());
            disposed = DisposeExpired(now);
        }

        KeyStoreLog.Reloaded(_logger, _root, disposed);
    }

    /// <summary>Stops watching and disposes every key loaded by this store.</summary>
    public void Dispose()
    {
        _watcher?.Dispose();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (DkimSigningKey key in _current.Loaded)
            {
                key.Dispose();
            }

            _current.Loaded.Clear();
            foreach (var (key, _) in _replaced)
            {
                key.Dispose();
            }

            _replaced.Clear();
        }
    }

    // Caller holds _gate. Disposes the replaced keys whose lifetime is over; returns how many.
    private int DisposeExpired(DateTimeOffset now)
    {
        int count = 0;
        _replaced.RemoveAll(entry =>
        {
            if (now - entry.ReplacedAt < _options.ReplacedKeyLifetime)
            {
                return false;
            }

            entry.Key.Dispose();
            count++;
            return true;
        });
        return count;
    }

    private DkimSigningKey? Load(Generation generation, string path, string domain, string selector)
    {
        string text;
        try
        {
            if (!File.Exists(path))
            {
                KeyStoreLog.Missing(_logger, path, domain, selector);
                return null;
            }

            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            KeyStoreLog.Unusable(_logger, path, domain, selector, e.Message);
            return null;
        }

        if (!DkimSigningKey.TryFromPem(text, out var key, out var error))
        {
            KeyStoreLog.Unusable(_logger, path, domain, selector, error);
            return null;
        }

        KeyStoreLog.Loaded(_logger, key.Algorithm, domain, selector, path);
        lock (_gate)
        {
            DateTimeOffset now = _options.TimeProvider.GetUtcNow();
            if (_disposed)
            {
                // Loaded while the store was being disposed: nobody will dispose it later.
                key.Dispose();
                throw new ObjectDisposedException(nameof(PemDirectoryKeyStore));
            }

            if (generation.Replaced)
            {
                // A reload happened while this key was read: it belongs to the replaced keys.
                _replaced.Add((key, now));
            }
            else
            {
                generation.Loaded.Add(key);
            }

            DisposeExpired(now);
        }

        return key;
    }

    private FileSystemWatcher? StartWatcher()
    {
        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(_root)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Changed += OnChanged;
            watcher.Created += OnChanged;
            watcher.Deleted += OnChanged;
            watcher.Renamed += OnChanged;
            watcher.Error += OnError;
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            watcher?.Dispose();
            KeyStoreLog.WatchFailed(_logger, e, _root);
            return null;
        }
    }

    private void OnChanged(object sender, FileSystemEventArgs e)
    {
        string name = Path.GetFileName(e.FullPath);
        if (name.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || name == ActiveFileName || Directory.Exists(e.FullPath) || e.ChangeType is WatcherChangeTypes.Deleted or WatcherChangeTypes.Renamed)
        {
            Reload();
        }
    }

    // Events may have been lost (e.g. the watcher's buffer overflowed): reload everything.
    private void OnError(object sender, ErrorEventArgs e)
    {
        KeyStoreLog.WatchFailed(_logger, e.GetException(), _root);
        Reload();
    }

    private string? TryGetKeyPath(string domain, string selector)
    {
        string d = domain.TrimEnd('.');
        if (!IsValidName(d) || !IsValidName(selector))
        {
            KeyStoreLog.InvalidName(_logger, IsValidName(d) ? selector : domain);
            return null;
        }

        return Path.Combine(_root, d.ToLowerInvariant(), selector + ".pem");
    }

    private static bool IsValidName(string name)
    {
        if (name.Length == 0 || name.Length > 253 || name.StartsWith('.') || name.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    // One set of loaded keys; a reload starts a new one.
    private sealed class Generation
    {
        public ConcurrentDictionary<string, Lazy<DkimSigningKey?>> Keys { get; } = new(StringComparer.OrdinalIgnoreCase);

        public List<DkimSigningKey> Loaded { get; } = [];

        public bool Replaced { get; set; }
    }
}
