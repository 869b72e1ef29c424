using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Insatsportal.Web.Data;

/// <summary>
/// How text is ordered and matched on every engine (docs/database-engines.md): in Swedish order (a–z, then å, ä,
/// ö; small letters before capitals only where the words are otherwise equal), and LIKE ignoring case.
/// <list type="bullet">
/// <item>PostgreSQL: every text column has the ICU collation <see cref="Name"/> (sv-SE, deterministic), created by
/// the PostgreSQL migrations (<see cref="PostgreSqlAppDbContext"/>); <see cref="CaseInsensitiveLike"/> makes LIKE an
/// ILIKE there, since PostgreSQL's LIKE, unlike the other engines', heeds case.</item>
/// <item>SQLite: the same order through a collation of that name that the app registers on every connection
/// (<see cref="SqliteCollation"/>) and that <see cref="SqliteOrdering"/> puts on every text ORDER BY. The
/// columns themselves stay BINARY, so the file opens in any SQLite tool.</item>
/// <item>SQL Server: the database's collation (Finnish_Swedish_CI_AS, chosen when the database is created).</item>
/// </list>
/// </summary>
public static class SwedishText
{
    /// <summary>The collation's name in PostgreSQL and SQLite.</summary>
    public const string Name = "sv";

    /// <summary>The ICU locale of the PostgreSQL collation; .NET compares with the same ICU rules on Linux.</summary>
    public const string Locale = "sv-SE";

    private static readonly CompareInfo Swedish = CultureInfo.GetCultureInfo(Locale).CompareInfo;

    /// <summary>Swedish order; strings the rules hold equal are ordered by their UTF-8 bytes, as a deterministic
    /// PostgreSQL collation breaks such ties, so that no two different strings compare equal.</summary>
    public static int Compare(string? x, string? y)
    {
        // Sorting a list by a column repeats values (every insats of a plan has its plan's name): no ICU for those.
        if (string.Equals(x, y, StringComparison.Ordinal))
        {
            return 0;
        }
        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }
        var order = CompareSwedish(x, y);
        return order != 0 ? order : Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y));
    }

    /// <summary>The same order over SQLite's UTF-8 text, without making strings: SQLite calls it for every
    /// comparison of a sort, and most compare a value with itself.</summary>
    private static int CompareUtf8(object? state, ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        if (x.SequenceEqual(y))
        {
            return 0;
        }
        Span<char> a = x.Length <= 256 ? stackalloc char[x.Length] : new char[x.Length];
        Span<char> b = y.Length <= 256 ? stackalloc char[y.Length] : new char[y.Length];
        a = a[..Encoding.UTF8.GetChars(x, a)];
        b = b[..Encoding.UTF8.GetChars(y, b)];
        var order = CompareSwedish(a, b);
        return order != 0 ? order : x.SequenceCompareTo(y);
    }

    /// <summary>
    /// ICU's Swedish comparison, through each string's sort key, kept for the names a sort meets again and again: a
    /// sort of n names compares n·log n pairs, and ICU compared each pair from the start (sorting the 583 units an
    /// insats targets took 5 000 ICU calls; with the keys it takes 583 and byte comparisons). A sort key compares
    /// exactly as <see cref="CompareInfo.Compare(string, string, CompareOptions)"/> does. Long texts are compared
    /// directly, and the cache is emptied when it holds <see cref="SortKeyCacheLimit"/> strings.
    /// </summary>
    private static int CompareSwedish(ReadOnlySpan<char> x, ReadOnlySpan<char> y) =>
        x.Length > SortKeyMaxLength || y.Length > SortKeyMaxLength
            ? Swedish.Compare(x, y, CompareOptions.None)
            : SortKey(x).AsSpan().SequenceCompareTo(SortKey(y));

    private const int SortKeyMaxLength = 200;

    private const int SortKeyCacheLimit = 100_000;

    private static readonly ConcurrentDictionary<string, byte[]> SortKeys = new(StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<string, byte[]>.AlternateLookup<ReadOnlySpan<char>> SortKeysBySpan =
        SortKeys.GetAlternateLookup<ReadOnlySpan<char>>();

    private static byte[] SortKey(ReadOnlySpan<char> text)
    {
        if (SortKeysBySpan.TryGetValue(text, out var key))
        {
            return key;
        }
        key = new byte[Swedish.GetSortKeyLength(text, CompareOptions.None)];
        Swedish.GetSortKey(text, key, CompareOptions.None);
        if (SortKeys.Count >= SortKeyCacheLimit)
        {
            SortKeys.Clear();
        }
        SortKeysBySpan.TryAdd(text, key);
        return key;
    }

    /// <summary>The same order for lists sorted in memory.</summary>
    public static readonly IComparer<string?> Comparer = Comparer<string?>.Create(Compare);

    /// <summary>
    /// Registers the collation on the app's SQLite connections: through Microsoft.Data.Sqlite when a context
    /// creates one (it installs it on every open, however the connection is opened), and again on the native
    /// handle when EF opens it, with the comparison over UTF-8 bytes, which sorts a Stockholm-size list two to
    /// three times faster than one that is handed two new strings per comparison.
    /// </summary>
    public sealed class SqliteCollation : DbConnectionInterceptor
    {
        public static readonly SqliteCollation Instance = new();

        public override DbConnection ConnectionCreated(ConnectionCreatedEventData eventData, DbConnection result)
        {
            ((SqliteConnection)result).CreateCollation(Name, Compare);
            return result;
        }

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Register(connection);
            return Task.CompletedTask;
        }

        private static void Register(DbConnection connection)
        {
            var result = raw.sqlite3__create_collation_utf8(((SqliteConnection)connection).Handle, Name, null, CompareUtf8);
            if (result != raw.SQLITE_OK)
            {
                throw new InvalidOperationException($"SQLite refused the collation {Name} ({result}).");
            }
        }
    }

    /// <summary>
    /// SQLite only: every ordering by text (OrderBy, ThenBy and their descending forms, in queries and inside
    /// projections) gets <c>COLLATE sv</c>. Orderings by an enum stored as text keep the byte order, as the
    /// enum columns on PostgreSQL have the collation "C".
    /// </summary>
    public sealed class SqliteOrdering : ExpressionVisitor, IQueryExpressionInterceptor
    {
        public static readonly SqliteOrdering Instance = new();

        private static readonly HashSet<string> OrderingMethods =
        [
            nameof(Queryable.OrderBy), nameof(Queryable.OrderByDescending), nameof(Queryable.ThenBy), nameof(Queryable.ThenByDescending),
        ];

        private static readonly MethodInfo Collate = typeof(RelationalDbFunctionsExtensions)
            .GetMethod(nameof(RelationalDbFunctionsExtensions.Collate))!.MakeGenericMethod(typeof(string));

        // A constant, as EF makes of EF.Functions before the interceptor sees the query.
        private static readonly Expression Functions = Expression.Constant(EF.Functions);

        public Expression QueryCompilationStarting(Expression queryExpression, QueryExpressionEventData eventData) =>
            Visit(queryExpression);

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            var visited = (MethodCallExpression)base.VisitMethodCall(node);
            var method = visited.Method;
            if ((method.DeclaringType == typeof(Queryable) || method.DeclaringType == typeof(Enumerable))
                && OrderingMethods.Contains(method.Name) && visited.Arguments.Count == 2
                && method.IsGenericMethod && method.GetGenericArguments()[1] == typeof(string))
            {
                var argument = visited.Arguments[1];
                var lambda = argument is UnaryExpression { NodeType: ExpressionType.Quote } quote
                    ? (LambdaExpression)quote.Operand
                    : argument as LambdaExpression;
                if (lambda is null || IsCollated(lambda.Body))
                {
                    return visited;
                }
                var collated = Expression.Lambda(lambda.Type,
                    Expression.Call(Collate, Functions, lambda.Body, Expression.Constant(Name)), lambda.Parameters);
                return visited.Update(visited.Object,
                    [visited.Arguments[0], argument is UnaryExpression ? Expression.Quote(collated) : collated]);
            }
            return visited;
        }

        private static bool IsCollated(Expression body) => body is MethodCallExpression { Method.IsGenericMethod: true } call
            && call.Method.GetGenericMethodDefinition() == Collate.GetGenericMethodDefinition();
    }

    /// <summary>
    /// PostgreSQL only: <c>EF.Functions.Like</c> becomes <c>ILIKE</c>, which ignores case for every letter under the
    /// column's ICU collation (å/Å as a/A). SQLite's LIKE ignores case for A–Z and SQL Server's by its CI collation,
    /// and the searches (user list, a round's reports) are written for a LIKE that ignores case.
    /// </summary>
    public sealed class CaseInsensitiveLike : ExpressionVisitor, IQueryExpressionInterceptor
    {
        public static readonly CaseInsensitiveLike Instance = new();

        private static readonly MethodInfo Like2 = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like),
            [typeof(DbFunctions), typeof(string), typeof(string)])!;

        private static readonly MethodInfo Like3 = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like),
            [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

        private static readonly MethodInfo ILike2 = typeof(NpgsqlDbFunctionsExtensions).GetMethod(nameof(NpgsqlDbFunctionsExtensions.ILike),
            [typeof(DbFunctions), typeof(string), typeof(string)])!;

        private static readonly MethodInfo ILike3 = typeof(NpgsqlDbFunctionsExtensions).GetMethod(nameof(NpgsqlDbFunctionsExtensions.ILike),
            [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

        public Expression QueryCompilationStarting(Expression queryExpression, QueryExpressionEventData eventData) =>
            Visit(queryExpression);

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            var visited = (MethodCallExpression)base.VisitMethodCall(node);
            if (visited.Method == Like2)
            {
                return Expression.Call(ILike2, visited.Arguments);
            }
            if (visited.Method == Like3)
            {
                return Expression.Call(ILike3, visited.Arguments);
            }
            return visited;
        }
    }
}
