using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MailAuth.Reports.Sqlite;

/// <summary>
/// The embedded default <see cref="IDmarcReportStore"/>: one SQLite file, durable across restarts, shared by several
/// processes on one host. The database runs in WAL mode (readers do not block the writer); each
/// <see cref="RecordAsync"/> is one <c>BEGIN IMMEDIATE</c> transaction of upserts (<c>ON CONFLICT … DO UPDATE SET count = count + …</c>),
/// so concurrent writers, in this or other processes, wait up to <see cref="SqliteDmarcReportStoreOptions.BusyTimeout"/>
/// for the lock and lose no count. Record many messages per call for throughput; see docs/reports.md for the trade-off.
/// </summary>
public sealed class SqliteDmarcReportStore : IDmarcReportStore
{
    private readonly string _connectionString;
    private readonly SqliteDmarcReportStoreOptions _options;
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Opens (creating when needed) the store in the file <paramref name="path"/>.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    public SqliteDmarcReportStore(string path, SqliteDmarcReportStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new SqliteDmarcReportStoreOptions();
        options.Validate();
        _options = options;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
    }

    /// <inheritdoc />
    public async Task RecordAsync(IReadOnlyList<DmarcReportEntry> entries, CancellationToken cancellationToken = default)
    {
        var (rows, policies) = DmarcReportStoreBatch.Prepare(entries);
        if (rows.Count == 0)
        {
            return;
        }

        await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // BEGIN IMMEDIATE: take the write lock first, so two writers never deadlock upgrading a read lock.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (SqliteCommand upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            upsert.CommandText = "INSERT INTO dmarc_report_rows (policy_domain, begin_s, end_s, row_key, count) VALUES ($d, $b, $e, $k, $c) "
                + "ON CONFLICT (policy_domain, begin_s, end_s, row_key) DO UPDATE SET count = count + excluded.count";
            SqliteParameter d = upsert.Parameters.Add("$d", SqliteType.Text), b = upsert.Parameters.Add("$b", SqliteType.Integer),
                e = upsert.Parameters.Add("$e", SqliteType.Integer), k = upsert.Parameters.Add("$k", SqliteType.Text), c = upsert.Parameters.Add("$c", SqliteType.Integer);
            foreach (DmarcReportStoreBatch.Row row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                (d.Value, b.Value, e.Value, k.Value, c.Value) = (row.PolicyDomain, row.Begin, row.End, row.Key, row.Count);
                await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await using (SqliteCommand policy = connection.CreateCommand())
        {
            policy.Transaction = transaction;
            policy.CommandText = "INSERT INTO dmarc_report_policies (policy_domain, begin_s, end_s, policy) VALUES ($d, $b, $e, $p) "
                + "ON CONFLICT (policy_domain, begin_s, end_s) DO UPDATE SET policy = excluded.policy";
            SqliteParameter d = policy.Parameters.Add("$d", SqliteType.Text), b = policy.Parameters.Add("$b", SqliteType.Integer),
                e = policy.Parameters.Add("$e", SqliteType.Integer), p = policy.Parameters.Add("$p", SqliteType.Text);
            foreach (DmarcReportStoreBatch.Policy item in policies)
            {
                (d.Value, b.Value, e.Value, p.Value) = (item.PolicyDomain, item.Begin, item.End, item.Text);
                await policy.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DmarcReportInterval>> GetIntervalsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT policy_domain, begin_s, end_s FROM dmarc_report_policies WHERE end_s > $from AND end_s <= $to ORDER BY begin_s, policy_domain";
        command.Parameters.AddWithValue("$from", from.ToUnixTimeSeconds());
        command.Parameters.AddWithValue("$to", to.ToUnixTimeSeconds());
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await DmarcReportStoreBatch.ReadIntervalsAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<DmarcReportIntervalData?> GetIntervalDataAsync(DmarcReportInterval interval, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interval);
        interval = DmarcReportStoreKeys.Normalize(interval);
        long begin = interval.Begin.ToUnixTimeSeconds(), end = interval.End.ToUnixTimeSeconds();
        await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // One read transaction: the policy and the rows come from the same snapshot.
        await using SqliteTransaction transaction = connection.BeginTransaction(deferred: true);
        await using SqliteCommand policyCommand = connection.CreateCommand();
        policyCommand.Transaction = transaction;
        policyCommand.CommandText = "SELECT policy FROM dmarc_report_policies WHERE policy_domain = $d AND begin_s = $b AND end_s = $e";
        AddKey(policyCommand, interval.PolicyDomain, begin, end);
        if (await policyCommand.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not string policyText)
        {
            return null;
        }

        await using SqliteCommand rowsCommand = connection.CreateCommand();
        rowsCommand.Transaction = transaction;
        rowsCommand.CommandText = "SELECT row_key, count FROM dmarc_report_rows WHERE policy_domain = $d AND begin_s = $b AND end_s = $e";
        AddKey(rowsCommand, interval.PolicyDomain, begin, end);
        var rows = new List<(string, long)>();
        await using (SqliteDataReader reader = await rowsCommand.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        return DmarcReportStoreBatch.Data(interval, DmarcReportStoreBatch.DecodePolicy(policyText), rows);
    }

    /// <inheritdoc />
    public async Task<long> DeleteThroughAsync(DateTimeOffset end, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM dmarc_report_rows WHERE end_s <= $end";
        command.Parameters.AddWithValue("$end", end.ToUnixTimeSeconds());
        long deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        command.CommandText = "DELETE FROM dmarc_report_policies WHERE end_s <= $end";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    private static void AddKey(SqliteCommand command, string domain, long begin, long end)
    {
        command.Parameters.AddWithValue("$d", domain);
        command.Parameters.AddWithValue("$b", begin);
        command.Parameters.AddWithValue("$e", end);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (SqliteCommand pragma = connection.CreateCommand())
            {
                // Per connection: wait for other processes' locks; FULL or NORMAL sync (WAL is a property of the file).
                pragma.CommandText = string.Create(CultureInfo.InvariantCulture,
                    $"PRAGMA busy_timeout = {(long)_options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = {(_options.FullSync ? "FULL" : "NORMAL")};");
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (!_initialized)
            {
                await InitializeAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task InitializeAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _initGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            await using SqliteCommand command = connection.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS dmarc_report_rows (
                  policy_domain TEXT NOT NULL, begin_s INTEGER NOT NULL, end_s INTEGER NOT NULL, row_key TEXT NOT NULL, count INTEGER NOT NULL,
                  PRIMARY KEY (policy_domain, begin_s, end_s, row_key)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS dmarc_report_policies (
                  policy_domain TEXT NOT NULL, begin_s INTEGER NOT NULL, end_s INTEGER NOT NULL, policy TEXT NOT NULL,
                  PRIMARY KEY (policy_domain, begin_s, end_s)) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS dmarc_report_rows_end ON dmarc_report_rows (end_s);
                CREATE INDEX IF NOT EXISTS dmarc_report_policies_end ON dmarc_report_policies (end_s);
                """;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _initialized = true;
        }
        finally
        {
            _initGate.Release();
        }
    }
}
