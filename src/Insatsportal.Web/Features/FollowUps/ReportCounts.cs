using Insatsportal.Web.Authorization;
using Microsoft.Extensions.Caching.Memory;

namespace Insatsportal.Web.Features.FollowUps;

/// <summary>
/// Counts of reports that pages show on every request — the navigation's "Att göra" count on every page, the
/// rounds' counts on /omgangar (a GROUP BY over 62 000 reports on the Stockholm set) — kept per user and scope
/// instead of counted each time. The key holds the data version (<see cref="Data.DataVersion"/>), which every write
/// of every instance renews, so any change shows at the next page; <see cref="Lifetime"/> only bounds the memory.
/// </summary>
public sealed class ReportCounts(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>The kept value of <paramref name="what"/> for this user, or <paramref name="count"/>'s.</summary>
    public async Task<T> GetAsync<T>(string what, UserScope user, long dataVersion, Func<Task<T>> count)
    {
        // The data version (renewed by every write of every instance) is in the key, so a kept count is never
        // older than the data; else a page rendered after a change on another instance could show an old count,
        // and the output cache would keep that page until the next change.
        var key = string.Join('|', "rapportantal", what, dataVersion, user.UserId, user.OrganisationId, string.Join(',', user.Roles.Order()),
            string.Join(',', user.DepartmentIds.Order()), string.Join(',', user.UnitIds.Order()));
        if (cache.TryGetValue(key, out T? kept) && kept is not null)
        {
            return kept;
        }
        var value = await count();
        // Kept under the version read before counting: a change during the count renews the version, and the next
        // request counts again.
        cache.Set(key, value, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime, Size = 1 });
        return value;
    }
}
