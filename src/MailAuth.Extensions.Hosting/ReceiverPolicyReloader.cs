using MailAuth.Policy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MailAuth.Extensions.Hosting;

/// <summary>
/// Owns the registered <see cref="ReceiverPolicy"/> and swaps its configuration when <c>MailAuth:Policy</c> changes
/// (<see cref="IOptionsMonitor{TOptions}"/>). A change with errors is logged and ignored: the policy keeps its last
/// good configuration. <see cref="ReceiverPolicy.TryReload"/> is one atomic swap, so decisions running meanwhile see
/// the old or the new configuration, never a mix; reloads are serialised so an older change cannot overwrite a newer one.
/// </summary>
internal sealed partial class ReceiverPolicyReloader : IDisposable
{
    private readonly object _gate = new();
    private readonly IDisposable? _subscription;
    private readonly ILogger _logger;

    public ReceiverPolicyReloader(IOptionsMonitor<ReceiverPolicyConfiguration> monitor, PolicyStatistics statistics, ILoggerFactory? loggers)
    {
        _logger = (ILogger?)loggers?.CreateLogger("MailAuth.Policy") ?? NullLogger.Instance;
        ReceiverPolicyConfiguration current = monitor.CurrentValue;
        if (current.Settings is null)
        {
            // Only without ValidateOnStart (no host started): the same messages the start-up validation gives.
            throw new OptionsValidationException(Options.DefaultName, typeof(ReceiverPolicyConfiguration), current.Errors);
        }

        Policy = new ReceiverPolicy(current.Settings, statistics);
        _subscription = monitor.OnChange(Reload);
    }

    public ReceiverPolicy Policy { get; }

    public void Dispose() => _subscription?.Dispose();

    private void Reload(ReceiverPolicyConfiguration configuration)
    {
        lock (_gate)
        {
            if (configuration.Settings is null)
            {
                LogReloadRejected(_logger, string.Join(Environment.NewLine, configuration.Errors));
                return;
            }

            if (Policy.TryReload(configuration.Settings, out IReadOnlyList<PolicyConfigError> errors))
            {
                LogReloaded(_logger, Policy.Generation);
            }
            else
            {
                LogReloadRejected(_logger, string.Join(Environment.NewLine, errors));
            }
        }
    }

    [LoggerMessage(EventId = 8000, EventName = "ReceiverPolicyReloaded", Level = LogLevel.Information, Message = "Receiver policy reloaded (generation {Generation})")]
    private static partial void LogReloaded(ILogger logger, long generation);

    [LoggerMessage(EventId = 8001, EventName = "ReceiverPolicyReloadRejected", Level = LogLevel.Warning, Message = "Receiver policy change ignored, the previous configuration stays in use: {Errors}")]
    private static partial void LogReloadRejected(ILogger logger, string errors);
}
