using Microsoft.Extensions.Options;

namespace MailAuth.Extensions.Hosting;

/// <summary>
/// Reports the errors of <c>MailAuth:Policy</c> with the other start-up failures of <see cref="MailAuthOptions"/>
/// (<c>ValidateOnStart</c>). It validates <see cref="MailAuthOptions"/>, which is read once, rather than the monitored
/// policy configuration: a validator on that would throw from inside a configuration reload.
/// </summary>
internal sealed class ReceiverPolicyValidator(IOptionsMonitor<ReceiverPolicyConfiguration> policy) : IValidateOptions<MailAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, MailAuthOptions options)
    {
        IReadOnlyList<string> errors = policy.CurrentValue.Errors;
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
