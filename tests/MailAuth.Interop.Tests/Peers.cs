using Xunit;

namespace MailAuth.Interop.Tests;

/// <summary>
/// Gate for interop tests that need a peer program: a missing peer skips the test with a visible reason,
/// except under <c>MAILAUTH_INTEROP=required</c> (CI), where it fails the test instead.
/// </summary>
public static class Peers
{
    /// <summary>The environment variable that turns missing peers into failures.</summary>
    public const string ModeVariable = "MAILAUTH_INTEROP";

    /// <summary>True when <c>MAILAUTH_INTEROP=required</c>.</summary>
    public static bool Required =>
        string.Equals(Environment.GetEnvironmentVariable(ModeVariable), "required", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips (locally) or fails (under <c>MAILAUTH_INTEROP=required</c>) when <paramref name="available"/> is false.</summary>
    /// <param name="available">Whether the peer is present.</param>
    /// <param name="reason">What is missing and how to get it.</param>
    public static void Require(bool available, string reason)
    {
        if (available)
        {
            return;
        }

        if (Required)
        {
            Assert.Fail($"{ModeVariable}=required but the peer is missing: {reason}");
        }

        Skip.If(true, reason);
    }
}
