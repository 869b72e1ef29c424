using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Insatsportal.Web.Data;

/// <summary>
/// PostgreSQL only: its text cannot hold the NUL character (U+0000), and a parameter with one fails the whole
/// command (a 500). No one types a NUL in a browser's field, so it is dropped from every text parameter the app
/// sends, a search as much as a saved field: "a\0b" is stored and searched as "ab". SQLite and SQL Server keep
/// it (docs/database-engines.md).
/// </summary>
public sealed class NulCharacters : DbCommandInterceptor
{
    public static readonly NulCharacters Instance = new();

    private static void Remove(DbCommand command)
    {
        foreach (DbParameter parameter in command.Parameters)
        {
            parameter.Value = parameter.Value switch
            {
                string text when text.Contains('\0', StringComparison.Ordinal) => Without(text),
                string?[] texts when texts.Any(t => t is not null && t.Contains('\0', StringComparison.Ordinal)) =>
                    texts.Select(t => t is null ? null : Without(t)).ToArray(),
                List<string?> texts when texts.Any(t => t is not null && t.Contains('\0', StringComparison.Ordinal)) =>
                    texts.Select(t => t is null ? null : Without(t)).ToList(),
                var value => value,
            };
        }
    }

    private static string Without(string text) => text.Replace("\0", "", StringComparison.Ordinal);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Remove(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Remove(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Remove(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Remove(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Remove(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Remove(command);
        return ValueTask.FromResult(result);
    }
}
