using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Shared;
using System.Globalization;
using Insatsportal.Web.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Insatsportal.Web.Features.Dashboard;

/// <summary>One change between two rounds: the insats (and unit or effect it concerns), what it was and what it is.</summary>
public sealed record ChangeRow(int InitiativeId, string Title, string? Detail, string From, string To, int? ReportId);

public sealed record ComparisonSection(string Key, string Heading, string Explanation, IReadOnlyList<ChangeRow> Rows);

/// <summary>The comparison; with a chosen section (avsnitt=…) only that section's rows are listed, a page at a time.</summary>
public sealed record Comparison(OverviewScope Scope, RoundOption? Previous, IReadOnlyList<ComparisonSection> Sections, ComparisonSection? Chosen, Paging? Paging)
{
    public int Changes => Sections.Sum(s => s.Rows.Count);
}

/// <summary>
/// The computed comparisons, kept between requests: computing one reads both rounds' reports with their effects
/// (27 000 rows in Stockholm), while the answer changes only when a report of either round or (for an open round)
/// an insats of the plan is saved. Its own bounded cache (size = rows kept), so it cannot crowd out anything else.
/// </summary>
public sealed class ComparisonCache : IDisposable
{
    public MemoryCache Entries { get; } = new(new MemoryCacheOptions { SizeLimit = 500_000 });

    public void Dispose() => Entries.Dispose();
}

/// <summary>
/// "Sedan förra omgången": a round against the plan's previous round (by opening date). What each round says
/// about an insats' status and end date is the snapshot its reports keep (set when it opened, frozen when it
/// closed); for a round still open it is the insats as it stands now, which is what closing will freeze.
/// Genomförande and effekt come from submitted or approved reports only. Two SQL statements, one per round.
/// </summary>
public sealed class ComparisonQueries(AppDbContext db, ComparisonCache cache, LinkGenerator links)
{
    /// <summary>Rows of each section on the comparison page; the section's own page lists them all.</summary>
    public const int RowsPerSection = 10;

    /// <summary>Rows per page of one section.</summary>
    public const int PageSize = 50;

    private sealed record Effect(int SortOrder, string Text, EffectJudgement? Judgement);

    private sealed record Snap(
        int Id, int InitiativeId, string Title, int? UnitId, string? UnitName, ReportStatus Status, ImplementationStatus? Implementation,
        InitiativeStatus InitiativeStatus, DateOnly? EndDate, List<Effect> Effects)
    {
        public bool IsIn => Status is ReportStatus.Submitted or ReportStatus.Approved;
    }

    public async Task<Comparison> CompareAsync(OverviewScope scope, string? section, int page, CancellationToken ct)
    {
        if (scope.Round is not { } round)
        {
            return new Comparison(scope, null, [], null, null);
        }
        var previous = scope.Rounds.Where(r => r.OpensOn < round.OpensOn || (r.OpensOn == round.OpensOn && r.Id < round.Id))
            .OrderByDescending(r => r.OpensOn).ThenByDescending(r => r.Id).FirstOrDefault();
        if (previous is null)
        {
            return new Comparison(scope, null, [], null, null);
        }
        var key = await KeyAsync(scope, round, previous, ct);
        if (!cache.Entries.TryGetValue(key, out IReadOnlyList<ComparisonSection>? sections) || sections is null)
        {
            sections = await ComputeAsync(scope, round, previous, ct);
            cache.Entries.Set(key, sections, new MemoryCacheEntryOptions
            {
                Size = 1 + sections.Sum(s => s.Rows.Count),
                SlidingExpiration = TimeSpan.FromMinutes(30),
            });
        }
        var chosen = string.IsNullOrEmpty(section) ? null : sections.FirstOrDefault(s => string.Equals(s.Key, section, StringComparison.OrdinalIgnoreCase));
        if (!string.IsNullOrEmpty(section) && chosen is null)
        {
            scope = scope with { Problems = [.. scope.Problems, "Avsnittet finns inte; alla avsnitt visas."] };
        }
        Paging? paging = null;
        if (chosen is not null)
        {
            page = Paging.Clamp(page, chosen.Rows.Count, PageSize);
            var value = chosen.Key;
            paging = new Paging(chosen.Rows.Count, page, PageSize,
                p => scope.Link(links.GetPathByRouteValues(DashboardRoutes.SinceLast, values: null)!, ("avsnitt", value), ("sida", p > 1 ? p.ToString(CultureInfo.InvariantCulture) : null)));
        }
        return new Comparison(scope, previous, sections, chosen, paging);
    }

    /// <summary>
    /// What the comparison depends on, in one cheap command: both rounds' report count and latest save, and for an
    /// open round (which reads the insatser's live status and end date) the plan's insatser too. A submitted
    /// report's genomförande and effects change only through a state change, which saves the report; so an equal
    /// key means an equal comparison. The scope's filters, the day (overdue) and whose reports count are in it
    /// too: leadership reads every report of the förvaltning's rounds, so they share entries; anyone else has their own.
    /// </summary>
    private async Task<string> KeyAsync(OverviewScope scope, RoundOption round, RoundOption previous, CancellationToken ct)
    {
        var open = round.Status == RoundStatus.Open || previous.Status == RoundStatus.Open;
        var planId = scope.Plan?.Id ?? 0;
        var (nowId, beforeId) = (round.Id, previous.Id);
        var stamp = await db.FollowUpRounds.Where(r => r.Id == nowId).Select(r => new
        {
            Now = db.FollowUpReports.Count(x => x.RoundId == nowId),
            NowSaved = db.FollowUpReports.Where(x => x.RoundId == nowId).Max(x => (DateTime?)x.UpdatedAt),
            Before = db.FollowUpReports.Count(x => x.RoundId == beforeId),
            BeforeSaved = db.FollowUpReports.Where(x => x.RoundId == beforeId).Max(x => (DateTime?)x.UpdatedAt),
            Initiatives = db.Initiatives.Where(i => open && i.PlanId == planId).Max(i => (DateTime?)i.UpdatedAt),
        }).SingleAsync(ct);
        var user = scope.User;
        var who = user.IsIn(Roles.DirectorOfEducation) || user.IsIn(Roles.DepartmentHead)
            ? $"ledning:{user.OrganisationId}"
            : $"{user.UserId}:{string.Join(',', user.DepartmentIds.Order())}:{string.Join(',', user.UnitIds.Order())}:{(user.IsIn(Roles.Official) ? "t" : "")}{(user.IsIn(Roles.Principal) ? "r" : "")}";
        var units = scope.UnitIds is { } ids ? string.Join(',', ids.Order()) : "-";
        return string.Create(CultureInfo.InvariantCulture,
            $"{who}|{nowId}:{round.Status}:{stamp.Now}:{stamp.NowSaved?.Ticks}|{beforeId}:{previous.Status}:{stamp.Before}:{stamp.BeforeSaved?.Ticks}|{stamp.Initiatives?.Ticks}|{scope.GoalId}:{scope.NoGoal}:{scope.DepartmentId}:{units}:{scope.UnitDepartmentId}:{scope.UnitsWithoutDepartment}|{scope.Today.DayNumber}");
    }

    private async Task<IReadOnlyList<ComparisonSection>> ComputeAsync(OverviewScope scope, RoundOption round, RoundOption previous, CancellationToken ct)
    {
        var now = await SnapshotAsync(scope, round, ct);
        var before = await SnapshotAsync(scope, previous, ct);

        var nowByInitiative = now.GroupBy(s => s.InitiativeId).ToDictionary(g => g.Key, g => g.OrderBy(s => s.UnitId is null ? 0 : 1).First());
        var beforeByInitiative = before.GroupBy(s => s.InitiativeId).ToDictionary(g => g.Key, g => g.OrderBy(s => s.UnitId is null ? 0 : 1).First());
        var beforeByReport = before.ToDictionary(s => (s.InitiativeId, s.UnitId));
        var level = scope.ByUnits ? now : now.Where(s => s.UnitId is null).ToList();

        var added = nowByInitiative.Values.Where(s => !beforeByInitiative.ContainsKey(s.InitiativeId))
            .Select(s => new ChangeRow(s.InitiativeId, s.Title, null, "Inte med", s.InitiativeStatus.Name(), null)).ToList();

        var statusChanges = nowByInitiative.Values
            .Where(s => beforeByInitiative.TryGetValue(s.InitiativeId, out var b) && b.InitiativeStatus != s.InitiativeStatus)
            .Select(s => (Now: s, Row: new ChangeRow(s.InitiativeId, s.Title, null, beforeByInitiative[s.InitiativeId].InitiativeStatus.Name(), s.InitiativeStatus.Name(), null)))
            .ToList();
        List<ChangeRow> StatusTo(params InitiativeStatus[] statuses) =>
            statusChanges.Where(c => statuses.Contains(c.Now.InitiativeStatus)).Select(c => c.Row).ToList();

        var endDates = nowByInitiative.Values
            .Where(s => beforeByInitiative.TryGetValue(s.InitiativeId, out var b) && b.EndDate != s.EndDate)
            .Select(s => new ChangeRow(s.InitiativeId, s.Title, null, Display.Date(beforeByInitiative[s.InitiativeId].EndDate), Display.Date(s.EndDate), null))
            .ToList();

        var implementation = level
            .Where(s => s.IsIn && s.Implementation is not null && beforeByReport.TryGetValue((s.InitiativeId, s.UnitId), out var b)
                && b.IsIn && b.Implementation is not null && b.Implementation != s.Implementation)
            .Select(s => new ChangeRow(s.InitiativeId, s.Title, s.UnitName, beforeByReport[(s.InitiativeId, s.UnitId)].Implementation!.Value.Name(),
                s.Implementation!.Value.Name(), s.Id))
            .ToList();

        var effects = new List<ChangeRow>();
        foreach (var s in level.Where(s => s.IsIn))
        {
            beforeByReport.TryGetValue((s.InitiativeId, s.UnitId), out var b);
            foreach (var e in s.Effects.Where(e => e.Judgement == EffectJudgement.Visible))
            {
                var earlier = b is { IsIn: true } ? b.Effects.FirstOrDefault(x => x.SortOrder == e.SortOrder)?.Judgement : null;
                if (earlier != EffectJudgement.Visible)
                {
                    effects.Add(new ChangeRow(s.InitiativeId, s.Title, (s.UnitName is null ? "" : s.UnitName + ": ") + e.Text,
                        earlier?.Name() ?? "Inte bedömd", EffectJudgement.Visible.Name(), s.Id));
                }
            }
        }

        var missing = now.Where(s => !s.IsIn && beforeByReport.TryGetValue((s.InitiativeId, s.UnitId), out var b) && b.IsIn)
            .Select(s => new ChangeRow(s.InitiativeId, s.Title, s.UnitName ?? "Insatsen (ansvarig)", beforeByReport[(s.InitiativeId, s.UnitId)].Status.Name(),
                ReportStates.Of(s.Status, round.Deadline, scope.Today).Name(), s.Id))
            .ToList();

        return
        [
            new("andrat-genomforande", "Ändrat genomförande", "Insatser vars rapport anger ett annat genomförande än förra gången.", implementation),
            new("nya", "Nya insatser", "Med i den här omgången men inte i den förra.", added),
            new("avslutade", "Avslutade insatser", "Insatser som har fått statusen avslutad sedan förra omgången.", StatusTo(InitiativeStatus.Completed)),
            new("pausade", "Pausade insatser", "Insatser som har pausats sedan förra omgången.", StatusTo(InitiativeStatus.Paused)),
            new("avbrutna", "Avbrutna insatser", "Insatser som har avbrutits sedan förra omgången.", StatusTo(InitiativeStatus.Cancelled)),
            new("annan-status", "Annan ändrad status", "Till exempel planerad → pågående, eller pausad → pågående.",
                StatusTo(InitiativeStatus.Planned, InitiativeStatus.Ongoing)),
            new("slutdatum", "Flyttat slutdatum", "Insatser vars planerade slutdatum har ändrats.", endDates),
            new("synlig-effekt", "Effekter som nu bedöms synliga", "Förväntade effekter som bedöms synliga nu men inte gjorde det förra gången.", effects),
            new("saknas", "Rapporter som saknas nu", "Rapporter som kom in förra gången men ännu inte är inskickade i den här omgången.", missing),
        ];
    }

    private async Task<List<Snap>> SnapshotAsync(OverviewScope scope, RoundOption round, CancellationToken ct)
    {
        var open = round.Status == RoundStatus.Open;
        return await scope.ReportsIn(db, round.Id)
            .OrderBy(r => r.GoalSortOrderInRound == null ? int.MaxValue : r.GoalSortOrderInRound).ThenBy(r => r.InitiativeSortOrderInRound)
            .ThenBy(r => r.InitiativeId).ThenBy(r => r.UnitId == null ? "" : r.Unit!.Name)
            .Select(r => new Snap(
                r.Id, r.InitiativeId, r.InitiativeTitle, r.UnitId, r.Unit == null ? null : r.Unit.Name, r.Status, r.Implementation,
                open ? r.Initiative.Status : r.InitiativeStatusInRound,
                open ? r.Initiative.EndDate : r.InitiativeEndDateInRound,
                r.Effects.OrderBy(e => e.SortOrder).Select(e => new Effect(e.SortOrder, e.EffectText, e.Judgement)).ToList()))
            .AsSingleQuery()
            .ToListAsync(ct);
    }
}
