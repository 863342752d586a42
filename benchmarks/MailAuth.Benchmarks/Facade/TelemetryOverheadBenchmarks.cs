using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using MailAuth.Diagnostics;
using MailAuth.Dns;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MailAuth.Benchmarks.Facade;

/// <summary>
/// What logging, metrics and tracing cost on the receiving path (<c>samples/message-20k.eml</c>, in-memory DNS):
/// <c>Off</c> (no logger factory, no listener; the baseline), <c>LoggerAtWarning</c> (a factory whose loggers are
/// enabled from Warning, so every Debug event is checked and skipped), <c>Listened</c> (a <see cref="MeterListener"/>
/// and an <see cref="ActivityListener"/> on <c>MailAuth</c> that record everything, and Debug logging into a sink that
/// drops the text). Run: <c>dotnet run -c Release --project benchmarks/MailAuth.Benchmarks -- --filter '*TelemetryOverhead*'</c>.
/// </summary>
[MemoryDiagnoser]
public class TelemetryOverheadBenchmarks
{
    private byte[] _message = [];
    private MessageAuthenticator _authenticator = null!;
    private MeterListener? _meters;
    private ActivityListener? _activities;

    public enum Telemetry
    {
        Off,
        LoggerAtWarning,
        Listened,
    }

    [Params(Telemetry.Off, Telemetry.LoggerAtWarning, Telemetry.Listened)]
    public Telemetry Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _message = File.ReadAllBytes(FacadeSamples.PathOf(FacadeSamples.MessageFile));
        var zone = ZoneFileResolver.FromFile(FacadeSamples.PathOf(FacadeSamples.ZoneFile));
        ILoggerFactory? logs = Mode switch
        {
            Telemetry.LoggerAtWarning => new LevelLoggerFactory(LogLevel.Warning),
            Telemetry.Listened => new LevelLoggerFactory(LogLevel.Debug),
            _ => null,
        };
        if (Mode == Telemetry.Listened)
        {
            _meters = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == MailAuthDiagnostics.MeterName)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _meters.SetMeasurementEventCallback<long>((_, _, _, _) => { });
            _meters.SetMeasurementEventCallback<double>((_, _, _, _) => { });
            _meters.Start();
            _activities = new ActivityListener
            {
                ShouldListenTo = s => s.Name == MailAuthDiagnostics.ActivitySourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(_activities);
        }

        _authenticator = new MessageAuthenticator(zone, new MessageAuthenticatorOptions { LoggerFactory = logs });
        _authenticator.AuthenticateAsync(_message, FacadeSamples.Context).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _meters?.Dispose();
        _activities?.Dispose();
    }

    [Benchmark(Description = "AuthenticateAsync + AR header")]
    public async Task<string> Authenticate() => (await _authenticator.AuthenticateAsync(_message, FacadeSamples.Context)).ToAuthenticationResults();

    // Loggers enabled from a level; the formatted text is dropped (what a sink that filters late costs at most).
    private sealed class LevelLoggerFactory(LogLevel minimum) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new Logger(minimum);

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        private sealed class Logger(LogLevel minimum) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => NullLogger.Instance.BeginScope(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    _ = formatter(state, exception);
                }
            }
        }
    }
}
