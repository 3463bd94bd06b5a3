using SwRel.Pipeline;
using SwRel.Repository.Layout;

namespace SwRel.Pipeline.Sqlite;

/// <summary>
/// A durable <see cref="IReleaseCatalogue"/> in one SQLite database file (SPEC §12.1): the releases the repository holds
/// survive restarts, and the status page, the API and <c>swrel releases</c> read the same file the processor writes.
/// </summary>
/// <remarks>
/// The table is created on first use. Each operation is one SQL statement on its own pooled connection, so the class is
/// thread-safe and several processes may share the file (write-ahead logging). Releases are keyed by major release,
/// product and version, compared case-insensitively.
/// </remarks>
public sealed class SqliteReleaseCatalogue : IReleaseCatalogue
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS swrel_releases (
            major_release TEXT NOT NULL COLLATE NOCASE,
            product TEXT NOT NULL COLLATE NOCASE,
            version TEXT NOT NULL COLLATE NOCASE,
            ticket_id INTEGER NULL,
            area TEXT NOT NULL,
            path TEXT NOT NULL,
            checksums_verified INTEGER NOT NULL,
            recorded_at INTEGER NOT NULL,
            PRIMARY KEY (major_release, product, version));
        CREATE INDEX IF NOT EXISTS swrel_releases_recorded ON swrel_releases (recorded_at DESC);
        """;

    private readonly SqliteDatabase _database;

    /// <summary>Creates a catalogue over a database file (created with its folder when missing).</summary>
    /// <param name="databasePath">The database file's path.</param>
    /// <exception cref="ArgumentException"><paramref name="databasePath"/> is empty.</exception>
    public SqliteReleaseCatalogue(string databasePath) =>
        _database = new SqliteDatabase(databasePath, Schema, TimeSpan.FromSeconds(30));

    /// <inheritdoc/>
    public async ValueTask RecordAsync(ReleaseCatalogueEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO swrel_releases (major_release, product, version, ticket_id, area, path, checksums_verified, recorded_at)
            VALUES ($major, $product, $version, $ticket, $area, $path, $verified, $at)
            ON CONFLICT (major_release, product, version) DO UPDATE SET
                major_release = excluded.major_release,
                product = excluded.product,
                version = excluded.version,
                ticket_id = COALESCE(excluded.ticket_id, ticket_id),
                area = excluded.area,
                path = excluded.path,
                checksums_verified = MAX(excluded.checksums_verified, checksums_verified),
                recorded_at = excluded.recorded_at;
            """;
        SqliteDatabase.Add(command, "$major", entry.MajorRelease);
        SqliteDatabase.Add(command, "$product", entry.Product);
        SqliteDatabase.Add(command, "$version", entry.Version);
        SqliteDatabase.Add(command, "$ticket", entry.TicketId);
        SqliteDatabase.Add(command, "$area", entry.Area.ToString());
        SqliteDatabase.Add(command, "$path", entry.Path);
        SqliteDatabase.Add(command, "$verified", entry.ChecksumsVerified ? 1 : 0);
        SqliteDatabase.Add(command, "$at", entry.RecordedAtUtc.UtcTicks);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<bool> RemoveAsync(string majorRelease, string product, string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(majorRelease);
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(version);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM swrel_releases WHERE major_release = $major AND product = $product AND version = $version;";
        SqliteDatabase.Add(command, "$major", majorRelease);
        SqliteDatabase.Add(command, "$product", product);
        SqliteDatabase.Add(command, "$version", version);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<ReleaseCatalogueEntry>> ListAsync(ReleaseCatalogueQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT major_release, product, version, ticket_id, area, path, checksums_verified, recorded_at
            FROM swrel_releases
            WHERE ($area IS NULL OR area = $area)
              AND ($major IS NULL OR major_release = $major)
              AND ($search IS NULL
                   OR instr(lower(product), $search) > 0 OR instr(lower(version), $search) > 0
                   OR instr(lower(major_release), $search) > 0 OR instr(lower(path), $search) > 0
                   OR instr(CAST(ticket_id AS TEXT), $search) > 0)
            ORDER BY recorded_at DESC, major_release, product, version
            LIMIT $limit;
            """;
        SqliteDatabase.Add(command, "$area", query.Area?.ToString());
        SqliteDatabase.Add(command, "$major", query.MajorRelease);
        SqliteDatabase.Add(command, "$search", string.IsNullOrEmpty(query.Search) ? null : query.Search.ToLowerInvariant());
        SqliteDatabase.Add(command, "$limit", query.Limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<ReleaseCatalogueEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new ReleaseCatalogueEntry
            {
                MajorRelease = reader.GetString(0),
                Product = reader.GetString(1),
                Version = reader.GetString(2),
                TicketId = reader.IsDBNull(3) ? null : reader.GetInt32(3),
                Area = Enum.Parse<RepositoryArea>(reader.GetString(4)),
                Path = reader.GetString(5),
                ChecksumsVerified = reader.GetInt64(6) != 0,
                RecordedAtUtc = new DateTimeOffset(reader.GetInt64(7), TimeSpan.Zero),
            });
        }

        return list;
    }
}
