using Npgsql;
using NpgsqlTypes;

namespace MailAuth.Reports.PostgreSql;

/// <summary>
/// The <see cref="IDmarcReportStore"/> a fleet of MTAs shares: one PostgreSQL database. Each <see cref="RecordAsync"/> is one
/// transaction of <c>INSERT … ON CONFLICT … DO UPDATE SET count = rows.count + EXCLUDED.count</c> upserts, which PostgreSQL
/// applies atomically per row, so concurrent writers on any host lose no count; rows are upserted in key order so two
/// batches never wait on each other in a cycle.
/// </summary>
public sealed class PostgreSqlDmarcReportStore : IDmarcReportStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlDmarcReportStoreOptions _options;
    private readonly string _rows;
    private readonly string _policies;
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Creates the store over a data source (connection pool) the caller owns.</summary>
    /// <param name="dataSource">The data source; not disposed by the store.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    public PostgreSqlDmarcReportStore(NpgsqlDataSource dataSource, PostgreSqlDmarcReportStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new PostgreSqlDmarcReportStoreOptions();
        options.Validate();
        _dataSource = dataSource;
        _options = options;
        _rows = options.TablePrefix + "_rows";
        _policies = options.TablePrefix + "_policies";
        _initialized = !options.CreateTables;
    }

    /// <inheritdoc />
    public async Task RecordAsync(IReadOnlyList<DmarcReportEntry> entries, CancellationToken cancellationToken = default)
    {
        var (rows, policies) = DmarcReportStoreBatch.Prepare(entries);
        if (rows.Count == 0)
        {
            return;
        }

        await using NpgsqlConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (DmarcReportStoreBatch.Row row in rows)
        {
            var command = new NpgsqlBatchCommand(
                $"INSERT INTO {_rows} (policy_domain, begin_s, end_s, row_key, count) VALUES ($1, $2, $3, $4, $5) "
                + $"ON CONFLICT (policy_domain, begin_s, end_s, row_key) DO UPDATE SET count = {_rows}.count + EXCLUDED.count");
            command.Parameters.Add(new NpgsqlParameter<string>{ TypedValue = row.PolicyDomain });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.Begin });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.End });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.Key });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.Count });
            batch.BatchCommands.Add(command);
        }

        foreach (DmarcReportStoreBatch.Policy policy in policies)
        {
            var command = new NpgsqlBatchCommand(
                $"INSERT INTO {_policies} (policy_domain, begin_s, end_s, policy) VALUES ($1, $2, $3, $4) "
                + "ON CONFLICT (policy_domain, begin_s, end_s) DO UPDATE SET policy = EXCLUDED.policy");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = policy.PolicyDomain });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = policy.Begin });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = policy.End });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = policy.Text });
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DmarcReportInterval>> GetIntervalsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using NpgsqlConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT policy_domain, begin_s, end_s FROM {_policies} WHERE end_s > $1 AND end_s <= $2 ORDER BY begin_s, policy_domain COLLATE \"C\"", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = from.ToUnixTimeSeconds() });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = to.ToUnixTimeSeconds() });
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await DmarcReportStoreBatch.ReadIntervalsAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<DmarcReportIntervalData?> GetIntervalDataAsync(DmarcReportInterval interval, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interval);
        interval = DmarcReportStoreKeys.Normalize(interval);
        long begin = interval.Begin.ToUnixTimeSeconds(), end = interval.End.ToUnixTimeSeconds();
        await using NpgsqlConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // REPEATABLE READ: the policy and the rows come from one snapshot.
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        string? policyText;
        await using (var command = new NpgsqlCommand($"SELECT policy FROM {_policies} WHERE policy_domain = $1 AND begin_s = $2 AND end_s = $3", connection, transaction))
        {
            AddKey(command, interval.PolicyDomain, begin, end);
            policyText = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }

        if (policyText is null)
        {
            return null;
        }

        var rows = new List<(string, long)>();
        await using (var command = new NpgsqlCommand($"SELECT row_key, count FROM {_rows} WHERE policy_domain = $1 AND begin_s = $2 AND end_s = $3", connection, transaction))
        {
            AddKey(command, interval.PolicyDomain, begin, end);
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return DmarcReportStoreBatch.Data(interval, DmarcReportStoreBatch.DecodePolicy(policyText), rows);
    }

    /// <inheritdoc />
    public async Task<long> DeleteThroughAsync(DateTimeOffset end, CancellationToken cancellationToken = default)
    {
        await using NpgsqlConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long deleted;
        await using (var command = new NpgsqlCommand($"DELETE FROM {_rows} WHERE end_s <= $1", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = end.ToUnixTimeSeconds() });
            deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var command = new NpgsqlCommand($"DELETE FROM {_policies} WHERE end_s <= $1", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = end.ToUnixTimeSeconds() });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    private static void AddKey(NpgsqlCommand command, string domain, long begin, long end)
    {
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = domain, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = begin });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = end });
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (!_initialized)
        {
            try
            {
                await InitializeAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return connection;
    }

    private async Task InitializeAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await _initGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            // CREATE TABLE IF NOT EXISTS races with itself across sessions: serialise the fleet on a transaction advisory lock.
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(
                $"""
                SELECT pg_advisory_xact_lock(hashtext('{_rows}'));
                CREATE TABLE IF NOT EXISTS {_rows} (
                  policy_domain TEXT NOT NULL, begin_s BIGINT NOT NULL, end_s BIGINT NOT NULL, row_key TEXT NOT NULL, count BIGINT NOT NULL,
                  PRIMARY KEY (policy_domain, begin_s, end_s, row_key));
                CREATE TABLE IF NOT EXISTS {_policies} (
                  policy_domain TEXT NOT NULL, begin_s BIGINT NOT NULL, end_s BIGINT NOT NULL, policy TEXT NOT NULL,
                  PRIMARY KEY (policy_domain, begin_s, end_s));
                CREATE INDEX IF NOT EXISTS {_rows}_end ON {_rows} (end_s);
                CREATE INDEX IF NOT EXISTS {_policies}_end ON {_policies} (end_s);
                """,
                connection,
                transaction);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _initialized = true;
        }
        finally
        {
            _initGate.Release();
        }
    }
}
