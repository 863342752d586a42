using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MailAuth.Tests.Fakes;

/// <summary>One captured log event: category, level, event id, the formatted text and the structured values.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> State)
{
    /// <summary>Everything the event carries as text (message and every value), for "never logs X" checks.</summary>
    public string AllText => Message + "\n" + string.Join("\n", State.Select(p => p.Key + "=" + p.Value));
}

/// <summary>An <see cref="ILoggerFactory"/> that keeps every event at or above <see cref="MinimumLevel"/>.</summary>
public sealed class CapturingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<CapturedLog> _events = new();

    /// <summary>The lowest level captured; lower levels report <c>IsEnabled == false</c>.</summary>
    public LogLevel MinimumLevel { get; init; } = LogLevel.Trace;

    /// <summary>The events so far, in order.</summary>
    public IReadOnlyList<CapturedLog> Events => [.. _events];

    /// <summary>The categories loggers were created for.</summary>
    public ConcurrentBag<string> Categories { get; } = [];

    /// <summary>How often a logger was asked whether a level is enabled; shows that disabled levels are checked, not formatted.</summary>
    public int EnabledChecks => _enabledChecks;

    private int _enabledChecks;

    public ILogger CreateLogger(string categoryName)
    {
        Categories.Add(categoryName);
        return new Logger(this, categoryName);
    }

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel)
        {
            Interlocked.Increment(ref owner._enabledChecks);
            return logLevel >= owner.MinimumLevel;
        }

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel < owner.MinimumLevel)
            {
                return;
            }

            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            owner._events.Enqueue(new CapturedLog(category, logLevel, eventId, formatter(state, exception), [.. values]));
        }
    }
}
