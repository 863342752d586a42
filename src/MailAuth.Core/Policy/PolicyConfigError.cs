namespace MailAuth.Policy;

/// <summary>A problem in receiver-policy configuration, naming the recipient domain and the key.</summary>
/// <param name="Domain">The recipient domain whose settings are wrong, <c>*</c> for the default settings, or empty for a top-level key.</param>
/// <param name="Key">The key, e.g. <c>AllowedIpRanges[2]</c> or <c>Action</c>.</param>
/// <param name="Message">What is wrong (control characters escaped).</param>
public sealed record PolicyConfigError(string Domain, string Key, string Message)
{
    /// <summary>The error as one line: <c>Domains:customer.example:AllowedIpRanges[2]: message</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString()
        => Domain.Length == 0 ? $"{Key}: {Message}" : Domain == "*" ? $"Default:{Key}: {Message}" : $"Domains:{Domain}:{Key}: {Message}";
}
