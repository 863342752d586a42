using MailAuth.Reports.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;

namespace MailAuth.Reports.Tests;

public sealed class SqliteDmarcReportStoreTests : DmarcReportStoreContractTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mailauth-sqlite-").FullName;

    private string DatabasePath => Path.Combine(_directory, "reports.db");

    // Each instance opens its own connections to the same file, as another process would.
    protected override IDmarcReportStore OpenStore() => new SqliteDmarcReportStore(DatabasePath);

    [Fact]
    public async Task RecordAsync_ReopenedStore_DataSurvives()
    {
        await OpenStore().RecordAsync([Entry(Row(count: 7))]);
        SqliteConnection.ClearAllPools();

        DmarcReportIntervalData? data = await new SqliteDmarcReportStore(DatabasePath).GetIntervalDataAsync(Interval());

        Assert.Equal(7, Assert.Single(data!.Records).Count);
    }

    [Fact]
    public async Task Open_DatabaseInWalMode()
    {
        await OpenStore().RecordAsync([Entry(Row())]);

        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync() as string);
    }

    [Fact]
    public void Options_NegativeBusyTimeout_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteDmarcReportStore(DatabasePath, new SqliteDmarcReportStoreOptions { BusyTimeout = TimeSpan.FromSeconds(-1) }));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
