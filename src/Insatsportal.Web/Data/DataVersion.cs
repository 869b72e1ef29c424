using System.Data.Common;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage;

namespace Insatsportal.Web.Data;

/// <summary>
/// The one row that changes whenever any data changes, written by every instance over the database: the output
/// cache (and the in-process caches of counts and option lists) put its <see cref="Stamp"/> in their keys, so a
/// write by any instance makes every cached page of every instance unreachable (docs/performance.md, "Output cache").
/// The stamp is a fresh random number rather than a counter: a write sets it without reading it, in the same
/// statement batch and transaction as the change itself, and no two states of the data share a stamp.
/// </summary>
public sealed class DataVersion
{
    public const int RowId = 1;

    public int Id { get; set; }

    public long Stamp { get; set; }

    /// <summary>A new stamp: random, never 0 (the migration's first value).</summary>
    public static long NewStamp()
    {
        long stamp;
        do
        {
            stamp = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));
        }
        while (stamp == 0);
        return stamp;
    }
}

internal sealed class DataVersionConfiguration : IEntityTypeConfiguration<DataVersion>
{
    public void Configure(EntityTypeBuilder<DataVersion> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        // The row exists from the migration on; writes only ever update it.
        b.HasData(new DataVersion { Id = DataVersion.RowId, Stamp = 0 });
    }
}

/// <summary>
/// Renews the data version after every write that does not go through SaveChanges (which renews it itself, see
/// <see cref="AppDbContext"/>): ExecuteUpdate, ExecuteDelete and raw SQL. It runs on the same connection and in the
/// same transaction as the write, right after it; registered by <see cref="AppDbContext"/> itself, so every context
/// has it, also those the tests make by hand.
/// </summary>
public sealed class DataVersionInterceptor : DbCommandInterceptor
{
    public static readonly DataVersionInterceptor Instance = new();

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        if (Wrote(command, eventData, result))
        {
            using var bump = BumpCommand(command, eventData.Context!);
            bump.ExecuteNonQuery();
        }
        return result;
    }

    public override async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        if (Wrote(command, eventData, result))
        {
            await using var bump = BumpCommand(command, eventData.Context!);
            await bump.ExecuteNonQueryAsync(cancellationToken);
        }
        return result;
    }

    private static bool Wrote(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        // Migrations write too (their history, seed rows), before the version's table may exist; and SaveChanges
        // renews the version in its own batch.
        if (result <= 0 || eventData.Context is null || command.Connection is null
            || eventData.CommandSource is CommandSource.Migrations or CommandSource.SaveChanges)
        {
            return false;
        }
        var text = command.CommandText.AsSpan().TrimStart();
        return (text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
                || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase)
                || text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase)
                || text.StartsWith("MERGE", StringComparison.OrdinalIgnoreCase)
                || text.StartsWith("WITH", StringComparison.OrdinalIgnoreCase))
            && !command.CommandText.Contains(nameof(AppDbContext.DataVersions), StringComparison.Ordinal);
    }

    private static DbCommand BumpCommand(DbCommand command, DbContext context)
    {
        var sql = context.GetService<ISqlGenerationHelper>();
        var entity = context.Model.FindEntityType(typeof(DataVersion))!;
        var table = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        var bump = command.Connection!.CreateCommand();
        bump.Transaction = command.Transaction;
        var stamp = bump.CreateParameter();
        stamp.ParameterName = "@stamp";
        stamp.Value = DataVersion.NewStamp();
        bump.Parameters.Add(stamp);
        bump.CommandText = $"UPDATE {table} SET {sql.DelimitIdentifier(nameof(DataVersion.Stamp))} = @stamp WHERE {sql.DelimitIdentifier(nameof(DataVersion.Id))} = {DataVersion.RowId}";
        return bump;
    }
}

/// <summary>
/// The request's view of the data version: read once (one primary-key lookup) and kept for the request, before any
/// of the page's data is read, so that a page can only ever be stored under a version at most as new as its data.
/// </summary>
public sealed class CurrentDataVersion(AppDbContext db)
{
    private long? _stamp;

    public async ValueTask<long> GetAsync(CancellationToken ct = default) =>
        _stamp ??= await db.DataVersions.AsNoTracking().Where(v => v.Id == DataVersion.RowId).Select(v => v.Stamp).SingleAsync(ct);
}
