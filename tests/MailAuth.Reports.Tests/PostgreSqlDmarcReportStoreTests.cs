using MailAuth.Reports.PostgreSql;
using Npgsql;
using Xunit;

namespace MailAuth.Reports.Tests;

public sealed class PostgreSqlDmarcReportStoreTests : DmarcReportStoreContractTests, IDisposable
{
    // Each test gets its own tables, so tests and test runs do not see each other's rows.
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..16];
    private NpgsqlDataSource? _dataSource;

    protected override IDmarcReportStore OpenStore()
    {
        _dataSource ??= PostgreSqlServer.Require();
        return new PostgreSqlDmarcReportStore(_dataSource, new PostgreSqlDmarcReportStoreOptions { TablePrefix = _prefix });
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("x; drop table y")]
    [InlineData("1abc")]
    public void Options_BadTablePrefix_Throws(string prefix)
    {
        using NpgsqlDataSource dataSource = NpgsqlDataSource.Create(PostgreSqlServer.DefaultConnectionString);
        Assert.Throws<ArgumentException>(() => new PostgreSqlDmarcReportStore(dataSource, new PostgreSqlDmarcReportStoreOptions { TablePrefix = prefix }));
    }

    public void Dispose()
    {
        if (_dataSource is null)
        {
            return;
        }

        using NpgsqlConnection connection = _dataSource.OpenConnection();
        using var command = new NpgsqlCommand($"DROP TABLE IF EXISTS {_prefix}_rows; DROP TABLE IF EXISTS {_prefix}_policies", connection);
        command.ExecuteNonQuery();
    }
}
