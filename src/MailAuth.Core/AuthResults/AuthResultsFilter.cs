using System.Text;
using MailAuth.Messages;

namespace MailAuth.AuthResults;

/// <summary>
/// Forgery protection (RFC 8601 §5): finds and removes Authentication-Results fields that claim to come from our own
/// authentication service, before we add our own. A border MTA must not pass on such fields that did not come
/// from a trusted MTA.
/// </summary>
/// <remarks>
/// A field is ours when its authserv-id equals ours ignoring ASCII case (identifiers are usually domain names).
/// The field is judged by its leading authserv-id alone: a field that starts with our id but is otherwise malformed
/// (or carries a version we do not know) is removed too, as it still claims to be ours and downstream readers might
/// trust it. Fields of other services are kept. Only fields named <c>Authentication-Results</c> are considered
/// (not <c>ARC-Authentication-Results</c>, which ARC seals protect).
/// </remarks>
public static class AuthResultsFilter
{
    /// <summary>Whether <paramref name="field"/> is an Authentication-Results field carrying <paramref name="authServId"/>.</summary>
    /// <param name="field">A header field.</param>
    /// <param name="authServId">Our authentication service identifier.</param>
    /// <returns><see langword="true"/> when the field claims to be ours.</returns>
    public static bool IsOwnField(HeaderField field, string authServId)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentException.ThrowIfNullOrEmpty(authServId);
        return field.HasName(AuthResultsHeader.FieldName) && HasAuthServId(Encoding.UTF8.GetString(field.Value.Span), authServId);
    }

    /// <summary>Whether an Authentication-Results field value starts with <paramref name="authServId"/> (after CFWS), whether or not the rest parses.</summary>
    /// <param name="fieldValue">The field value (or whole field).</param>
    /// <param name="authServId">Our authentication service identifier.</param>
    /// <returns><see langword="true"/> when the value's authserv-id equals ours ignoring ASCII case.</returns>
    public static bool HasAuthServId(ReadOnlySpan<char> fieldValue, string authServId)
    {
        ArgumentException.ThrowIfNullOrEmpty(authServId);
        return new AuthResultsParser(fieldValue).TryReadAuthServId(out string id) && Ascii.EqualsIgnoreCase(id, authServId);
    }

    /// <summary>The fields that claim to be ours, in message order.</summary>
    /// <param name="headers">The header fields, e.g. <see cref="RawMessage.Headers"/>.</param>
    /// <param name="authServId">Our authentication service identifier.</param>
    /// <returns>The fields to remove.</returns>
    public static IReadOnlyList<HeaderField> FindOwn(IReadOnlyList<HeaderField> headers, string authServId)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return headers.Where(f => IsOwnField(f, authServId)).ToArray();
    }

    /// <summary>The header fields without those that claim to be ours, in message order.</summary>
    /// <param name="headers">The header fields, e.g. <see cref="RawMessage.Headers"/>.</param>
    /// <param name="authServId">Our authentication service identifier.</param>
    /// <returns>The fields to keep; write their <see cref="HeaderField.Raw"/> bytes, the blank line and the body to pass the message on.</returns>
    public static IReadOnlyList<HeaderField> RemoveOwn(IReadOnlyList<HeaderField> headers, string authServId)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return headers.Where(f => !IsOwnField(f, authServId)).ToArray();
    }

    /// <summary>The message's header fields without those that claim to be ours.</summary>
    /// <param name="message">The message.</param>
    /// <param name="authServId">Our authentication service identifier.</param>
    /// <returns>The fields to keep.</returns>
    public static IReadOnlyList<HeaderField> RemoveOwn(RawMessage message, string authServId)
    {
        ArgumentNullException.ThrowIfNull(message);
        return RemoveOwn(message.Headers, authServId);
    }
}
