using Insatsportal.Web.Authorization;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace Insatsportal.Web.Features.FollowUps;

/// <summary>
/// Counts of reports that pages show on every request — the navigation's "Att göra" count on every page, the
/// rounds' counts on /omgangar (a GROUP BY over 62 000 reports on the Stockholm set) — kept per user and scope
/// for <see cref="Lifetime"/> instead of counted each time. Any change to a report's state or a round in this
/// instance forgets every kept count at once, so a user's own submit, a return or a round opened here shows at
/// the next page; a change made on another instance shows within <see cref="Lifetime"/>.
/// </summary>
public sealed class ReportCounts(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private CancellationTokenSource _changed = new();

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
        var changed = Volatile.Read(ref _changed);
        var value = await count();
        // A change during the count cancelled the token already: the entry is then dropped at once.
        cache.Set(key, value, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime, Size = 1 }
            .AddExpirationToken(new CancellationChangeToken(changed.Token)));
        return value;
    }

    /// <summary>Forgets every kept count: call after any change to reports, their assignment or rounds.</summary>
    public void Changed()
    {
        var old = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
        old.Cancel();
    }
}
