using Npgsql;
using Xunit;

namespace MailAuth.Reports.Tests;

/// <summary>
/// The PostgreSQL server the tests use: <c>MAILAUTH_POSTGRES</c> (an Npgsql connection string), else the cluster
/// <c>.ci/setup.d/postgres.sh</c> starts on 127.0.0.1:55432. A missing server skips the tests, or fails them under
/// <c>MAILAUTH_INTEROP=required</c> (the pattern of tests/MailAuth.Interop.Tests/Peers.cs).
/// </summary>
internal static class PostgreSqlServer
{
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=55432;Username=mailauth;Database=mailauth_reports";

    private static readonly Lazy<(NpgsqlDataSource? DataSource, string Reason)> Server = new(Connect);

    public static string ConnectionString => Environment.GetEnvironmentVariable("MAILAUTH_POSTGRES") is { Length: > 0 } value ? value : DefaultConnectionString;

    private static bool Required => string.Equals(Environment.GetEnvironmentVariable("MAILAUTH_INTEROP"), "required", StringComparison.OrdinalIgnoreCase);

    public static NpgsqlDataSource Require()
    {
        (NpgsqlDataSource? dataSource, string reason) = Server.Value;
        if (dataSource is not null)
        {
            return dataSource;
        }

        if (Required)
        {
            Assert.Fail($"MAILAUTH_INTEROP=required but PostgreSQL is unavailable: {reason}");
        }

        Skip.If(true, reason);
        throw new InvalidOperationException("unreachable");
    }

    private static (NpgsqlDataSource?, string) Connect()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Timeout = 5, MaxPoolSize = 40 };
        if (builder.Host is not ("127.0.0.1" or "localhost" or "::1"))
        {
            return (null, $"MAILAUTH_POSTGRES must name a server on 127.0.0.1, not '{builder.Host}'");
        }

        NpgsqlDataSource dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        try
        {
            using NpgsqlConnection connection = dataSource.OpenConnection();
            return (dataSource, string.Empty);
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            dataSource.Dispose();
            return (null, $"no PostgreSQL server at {builder.Host}:{builder.Port} ({e.Message}); run .ci/setup.d/postgres.sh or set MAILAUTH_POSTGRES");
        }
    }
}
