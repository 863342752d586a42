using System.Diagnostics;
using StackExchange.Redis;

namespace MailAuth.Interop.Tests.Redis;

/// <summary>
/// The Redis the tests use: <c>MAILAUTH_REDIS</c> (default 127.0.0.1:6390, started by .ci/setup.d/redis.sh), or a
/// private redis-server a test starts and stops itself.
/// </summary>
internal static class RedisPeer
{
    public static string EndPoint => Environment.GetEnvironmentVariable("MAILAUTH_REDIS") is { Length: > 0 } e ? e : "127.0.0.1:6390";

    /// <summary>Connects to <see cref="EndPoint"/>, or skips (fails under MAILAUTH_INTEROP=required) when nothing answers.</summary>
    public static ConnectionMultiplexer Connect()
    {
        ConnectionMultiplexer redis = Open(EndPoint);
        if (!redis.IsConnected)
        {
            redis.Dispose();
        }

        Peers.Require(redis.IsConnected, $"no Redis answers at {EndPoint} (bash .ci/setup.d/redis.sh, or set MAILAUTH_REDIS)");
        return redis;
    }

    /// <summary>Connects without failing when nothing answers (<c>abortConnect=false</c>).</summary>
    /// <param name="endPoint">host:port.</param>
    /// <param name="connectTimeoutMs">How long to wait for the connection: generous, as CI machines can be loaded.</param>
    public static ConnectionMultiplexer Open(string endPoint, int connectTimeoutMs = 15_000) =>
        ConnectionMultiplexer.Connect($"{endPoint},abortConnect=false,connectTimeout={connectTimeoutMs},syncTimeout=5000,asyncTimeout=5000,connectRetry=2");

    /// <summary>A key prefix no other test uses.</summary>
    public static string UniquePrefix() => $"mailauth-test:{Guid.NewGuid():N}:";

    /// <summary>Starts a private redis-server on 127.0.0.1 (no persistence) and waits until it accepts connections.</summary>
    public static async Task<Process> StartPrivateAsync(int port)
    {
        string program = Peers.RequireProgram("redis-server", "apt-get install redis-server");
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no" })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await LoopbackPorts.WaitUntilListeningAsync(process, port);
            return process;
        }
        catch
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            process.Dispose();
            throw;
        }
    }
}
