using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Dashboard;

/// <summary>One change between two rounds: the insats (and unit or effect it concerns), what it was and what it is.</summary>
public sealed record ChangeRow(int InitiativeId, string Title, string? Detail, string From, string To, int? ReportId);

public sealed record ComparisonSection(string Key, string Heading, string Explanation, IReadOnlyList<ChangeRow> Rows);

public sealed record Comparison(OverviewScope Scope, RoundOption? Previous, IReadOnlyList<ComparisonSection> Sections)
{
    public int Changes => Sections.Sum(s => s.Rows.Count);
}

/// <summary>
/// "Sedan förra omgången": a round against the plan's previous round (by opening date). What each round says
/// about an insats' status and end date is the snapshot its reports keep (set when it opened, frozen when it
/// closed); for a round still open it is the insats as it stands now, which is what closing will freeze.
/// Genomförande and effekt come from submitted or approved reports only. Two SQL statements, one per round.
/// </summary>
public sealed class ComparisonQueries(AppDbContext db)
{
    private sealed record Effect(int SortOrder, string Text, EffectJudgement? Judgement);

    private sealed record Snap(
        int Id, int InitiativeId, string Title, int? UnitId, string? UnitName, ReportStatus Status, ImplementationStatus? Implementation,
        InitiativeStatus InitiativeStatus, DateOnly? EndDate, List<Effect> Effects)
    {
        public bool IsIn => Status is ReportStatus.Submitted or ReportStatus.Approved;
    }

    public async Task<Comparison> CompareAsync(OverviewScope scope, CancellationToken ct)
    {
        if (scope.Round is not { } round)
        {
            return new Comparison(scope, null, []);
        }
        var previous = scope.Rounds.Where(r => r.OpensOn < round.OpensOn || (r.OpensOn == round.OpensOn && r.Id < round.Id))
            .OrderByDescending(r => r.OpensOn).ThenByDescending(r => r.Id).FirstOrDefault();
        if (previous is null)
        {
            return new Comparison(scope, null, []);
        }
        var now = await SnapshotAsync(scope, round, ct);
        var before = await SnapshotAsync(scope, previous, ct);

        var nowByInitiative = now.GroupBy(s => s.InitiativeId).ToDictionary(g => g.Key, g => g.OrderBy(s => s.UnitId is null ? 0 : 1).First());
        var beforeByInitiative = before.GroupBy(s => s.InitiativeId).ToDictionary(g => g.Key, g => g.OrderBy(s => s.UnitId is null ? 0 : 1).First());
        var beforeByReport = before.ToDictionary(s => (s.InitiativeId, s.UnitId));
        var level = scope.UnitIds is null ? now.Where(s => s.UnitId is null).ToList() : now;

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

        return new Comparison(scope, previous,
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
        ]);
    }

    private async Task<List<Snap>> SnapshotAsync(OverviewScope scope, RoundOption round, CancellationToken ct)
    {
        var open = round.Status == RoundStatus.Open;
        return await scope.ReportsIn(db, round.Id)
            .OrderBy(r => r.Initiative.Goal == null ? int.MaxValue : r.Initiative.Goal.SortOrder).ThenBy(r => r.Initiative.SortOrder)
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
