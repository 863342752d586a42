using MailAuth.Text;
using Microsoft.Extensions.Logging;

namespace MailAuth.Keys;

/// <summary>
/// Settings of a <see cref="PemDirectoryKeyStore"/>. Validated once into a frozen copy when the store is built
/// (docs/options.md); later changes do not affect it.
/// </summary>
public sealed class PemDirectoryKeyStoreOptions
{
    /// <summary>
    /// Whether the store watches its directory and reloads (<see cref="PemDirectoryKeyStore.Reload"/>) when a
    /// <c>*.pem</c> or <c>active</c> file is created, changed, renamed or deleted.
    /// </summary>
    /// <value>Default <see langword="false"/>: keys are read once and kept until <see cref="PemDirectoryKeyStore.Reload"/>.</value>
    public bool WatchForChanges { get; init; }

    /// <summary>
    /// How long a key replaced by a reload stays undisposed, so that a signature being made with it when the reload
    /// happens can finish. Replaced keys older than this are disposed at the next reload or key load, and all at
    /// <see cref="PemDirectoryKeyStore.Dispose"/>.
    /// </summary>
    /// <value>Default 1 minute; zero (dispose at once) to 1 day.</value>
    public TimeSpan ReplacedKeyLifetime { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The clock for <see cref="ReplacedKeyLifetime"/>.</summary>
    /// <value>Default <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the store logs (category <c>MailAuth.Keys</c>; docs/observability.md): missing and unusable key files as warnings, never key material.</summary>
    /// <value>Default <see langword="null"/>: no logs.</value>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Checks every value and returns a private copy (docs/options.md).</summary>
    /// <returns>The frozen copy.</returns>
    internal PemDirectoryKeyStoreOptions Freeze() => new()
    {
        WatchForChanges = WatchForChanges,
        ReplacedKeyLifetime = OptionChecks.InRange(ReplacedKeyLifetime, TimeSpan.Zero, TimeSpan.FromDays(1), nameof(ReplacedKeyLifetime)),
        TimeProvider = OptionChecks.NotNull(TimeProvider, nameof(TimeProvider)),
        LoggerFactory = LoggerFactory,
    };
}
