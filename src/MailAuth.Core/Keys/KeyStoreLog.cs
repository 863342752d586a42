using Microsoft.Extensions.Logging;

namespace MailAuth.Keys;

/// <summary>Log events of category <c>MailAuth.Keys</c> (docs/observability.md). File names and reasons, never key material.</summary>
internal static partial class KeyStoreLog
{
    [LoggerMessage(EventId = 6000, EventName = "KeyLoaded", Level = LogLevel.Debug,
        Message = "Loaded the {Algorithm} signing key of d={Domain} s={Selector} from {Path}")]
    internal static partial void Loaded(ILogger logger, DkimAlgorithm algorithm, string domain, string selector, string path);

    [LoggerMessage(EventId = 6001, EventName = "KeyFileMissing", Level = LogLevel.Warning,
        Message = "No key file {Path} for d={Domain} s={Selector}")]
    internal static partial void Missing(ILogger logger, string path, string domain, string selector);

    [LoggerMessage(EventId = 6002, EventName = "KeyFileUnusable", Level = LogLevel.Warning,
        Message = "The key file {Path} for d={Domain} s={Selector} cannot be used: {Reason}")]
    internal static partial void Unusable(ILogger logger, string path, string domain, string selector, string reason);

    [LoggerMessage(EventId = 6003, EventName = "KeysReloaded", Level = LogLevel.Information,
        Message = "Reloaded the key store {Root}: {Disposed} replaced key(s) disposed")]
    internal static partial void Reloaded(ILogger logger, string root, int disposed);

    [LoggerMessage(EventId = 6004, EventName = "KeyNameInvalid", Level = LogLevel.Debug,
        Message = "'{Name}' is not a usable domain or selector name (letters, digits, '-', '_', '.')")]
    internal static partial void InvalidName(ILogger logger, string name);

    [LoggerMessage(EventId = 6005, EventName = "KeyStoreWatchFailed", Level = LogLevel.Warning,
        Message = "Watching the key store {Root} for changes failed; keys reload on the next Reload() call")]
    internal static partial void WatchFailed(ILogger logger, Exception exception, string root);
}
