using Insatsportal.BrowserTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Insatsportal.BrowserTests;

/// <summary>One app and one browser for the accessibility checks, with one signed-in profile per role (signing
/// in once per role instead of once per page) and the ids the page list refers to.</summary>
public sealed class AccessibilityFixture : BrowserFixture
{
    private readonly Dictionary<string, IBrowserContext> _contexts = [];
    private readonly SemaphoreSlim _lock = new(1, 1);
    private Dictionary<string, string>? _ids;

    public async Task<IBrowserContext> ContextAsync(string role)
    {
        await _lock.WaitAsync();
        try
        {
            if (!_contexts.TryGetValue(role, out var context))
            {
                var page = await NewPageAsync();
                if (AccessibilityTests.Users[role] is { } email)
                {
                    await SignInAsync(page, email);
                }
                await page.CloseAsync();
                context = _contexts[role] = page.Context;
            }
            return context;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Ids for the placeholders in the page list, all in the demo users' own förvaltning.</summary>
    public async Task<Dictionary<string, string>> IdsAsync() => _ids ??= await App.WithDbAsync(async db =>
    {
        const string Halmstad = "halmstad-utvecklingsplan-2020-2021";
        const string Live = "Lägesbedömning 2021";
        Task<int> Report(string round, string initiative, string? unit) => db.FollowUpReports
            .Where(r => r.Round.Name == round && r.Initiative.Key == initiative && (unit == null ? r.UnitId == null : r.Unit!.Key == unit))
            .Select(r => r.Id).SingleAsync();
        var ids = new Dictionary<string, int>
        {
            ["plan"] = await db.Plans.Where(p => p.Key == Halmstad).Select(p => p.Id).SingleAsync(),
            ["goal"] = await db.Goals.Where(g => g.Plan.Key == Halmstad).OrderBy(g => g.SortOrder).Select(g => g.Id).FirstAsync(),
            ["group"] = await db.Groups.Where(g => g.Organisation.Key == "halmstad-buf").OrderBy(g => g.Id).Select(g => g.Id).FirstAsync(),
            // An insats of Kvalitetsavdelningen: the demo tjänsteperson and avdelningschef may edit it.
            ["initiative"] = await db.Initiatives.Where(i => i.Key == "underlag-undersokande").Select(i => i.Id).SingleAsync(),
            ["round"] = await db.FollowUpRounds.Where(r => r.Name == Live).Select(r => r.Id).SingleAsync(),
            // The rektor's own report, not started, in the live round: the writing form.
            ["report:author"] = await Report(Live, "barn-och-elevhearings", "vallasskolan"),
            // A submitted report of Kvalitetsavdelningen in the live round: the review form.
            ["report:review"] = await db.FollowUpReports
                .Where(r => r.Round.Name == Live && r.Initiative.Key == "underlag-undersokande" && r.Status == ReportStatus.Submitted)
                .Select(r => r.Id).SingleAsync(),
            // An approved report of the rektor's school in a closed round: the read-only report.
            ["report:approved"] = await db.FollowUpReports
                .Where(r => r.Round.Status == RoundStatus.Closed && r.Unit!.Key == "vallasskolan" && r.Status == ReportStatus.Approved)
                .OrderBy(r => r.Id).Select(r => r.Id).FirstAsync(),
        }.ToDictionary(id => id.Key, id => id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The demo tjänsteperson's page, with a change in their history so that its table is checked too.
        var official = await db.Users.Where(u => u.Email == DemoUsers.Official).Select(u => new { u.Id, u.Title }).SingleAsync();
        db.UserHistory.Add(new UserHistoryEntry
        {
            UserId = official.Id, At = DateTime.UtcNow, ActorName = "Sara Lund", Action = ChangeAction.Updated, Field = "Titel",
            OldValue = "Utvecklare", NewValue = official.Title,
        });
        await db.SaveChangesAsync();
        ids["user"] = official.Id;
        return ids;
    });

    public override async Task DisposeAsync()
    {
        foreach (var context in _contexts.Values)
        {
            await context.CloseAsync();
        }
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AccessibilityCollection : ICollectionFixture<AccessibilityFixture>
{
    public const string Name = "Tillgänglighet";
}
