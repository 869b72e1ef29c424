using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Initiatives;

public sealed record InitiativeDetails(
    int Id, string Key, string? Number, string Title, IReadOnlyList<string> AlternativeTitles,
    int PlanId, string PlanName, int? GoalId, string? GoalTitle,
    string? Background, string? Purpose, string? Objective, string? TargetGroup, string? Content,
    InitiativeStatus Status, DateOnly? StartDate, DateOnly? EndDate, string? Origin,
    bool? HasAssignmentDescription, string? AssignmentDescriptionLocation,
    bool IsArchived, string? ArchivedReason, int? CopiedFromId, string? CopiedFromTitle,
    IReadOnlyList<ResponsibleItem> Responsible, IReadOnlyList<string> Partners,
    IReadOnlyList<string> TargetedUnits, IReadOnlyList<string> Themes,
    IReadOnlyList<ActivityItem> Activities, IReadOnlyList<FollowUpItem> FollowUps,
    IReadOnlyList<EffectItem> Effects, IReadOnlyList<ResourceItem> Resources, IReadOnlyList<NoteItem> Notes)
{
    /// <summary>The numbered rows regrouped as the Halmstad table reads: one row per activity number, rows that
    /// refer to several activities ("1–2.") after the last of them, and rows for the whole insats last.</summary>
    public IReadOnlyList<NumberedRow> Table => NumberedRow.Group(this);
}

public sealed record ResponsibleItem(string RoleTitle, string? Person, string? Department, string? Group, string? Parts);
public sealed record ActivityItem(int Number, string Text, string? Timing);
public sealed record FollowUpItem(string? RefersTo, string Method, string? Timing);
public sealed record EffectItem(string? RefersTo, string Text, string? IndicatorName, string? IndicatorUnit, decimal? Baseline, decimal? Target);
public sealed record ResourceItem(string? RefersTo, string Text, long? AmountKronor, int? Hours);
public sealed record NoteItem(DateOnly Date, string Title, string Text);

public sealed record NumberedRow(
    string Label, IReadOnlyList<ActivityItem> Activities, IReadOnlyList<FollowUpItem> FollowUps,
    IReadOnlyList<EffectItem> Effects, IReadOnlyList<ResourceItem> Resources)
{
    public static IReadOnlyList<NumberedRow> Group(InitiativeDetails d)
    {
        var labels = d.Activities.Select(a => a.Number.ToString(Display.Swedish))
            .Concat(d.FollowUps.Select(f => f.RefersTo ?? ""))
            .Concat(d.Effects.Select(e => e.RefersTo ?? ""))
            .Concat(d.Resources.Select(r => r.RefersTo ?? ""))
            .Distinct()
            .OrderBy(l => l.Length == 0 ? 1 : 0)
            .ThenBy(l => LastNumber(l))
            .ThenBy(l => l.Length)
            .ToList();
        return labels.Select(l => new NumberedRow(
                l,
                d.Activities.Where(a => a.Number.ToString(Display.Swedish) == l).ToList(),
                d.FollowUps.Where(f => (f.RefersTo ?? "") == l).ToList(),
                d.Effects.Where(e => (e.RefersTo ?? "") == l).ToList(),
                d.Resources.Where(r => (r.RefersTo ?? "") == l).ToList()))
            .ToList();
    }

    private static int LastNumber(string label)
    {
        var digits = new string(label.Reverse().SkipWhile(c => !char.IsDigit(c)).TakeWhile(char.IsDigit).Reverse().ToArray());
        return int.TryParse(digits, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
    }
}

public sealed class InitiativeQueries(AppDbContext db)
{
    public async Task<InitiativeDetails?> GetAsync(int id, UserScope user, CancellationToken ct) =>
        await db.Initiatives.AsNoTracking()
            .Where(i => i.Id == id)
            .Where(ReadAccess.Initiatives(user))
            .Select(i => new InitiativeDetails(
                i.Id, i.Key, i.Number, i.Title, i.AlternativeTitles,
                i.PlanId, i.Plan.Name, i.GoalId, i.Goal == null ? null : i.Goal.Title,
                i.Background, i.Purpose, i.Objective, i.TargetGroup, i.Content,
                i.Status, i.StartDate, i.EndDate, i.Origin, i.HasAssignmentDescription, i.AssignmentDescriptionLocation,
                i.IsArchived, i.ArchivedReason, i.CopiedFromId, i.CopiedFrom == null ? null : i.CopiedFrom.Title,
                i.Responsible.OrderBy(r => r.SortOrder).Select(r => new ResponsibleItem(
                    r.RoleTitle, r.User == null ? null : r.User.DisplayName, r.Department == null ? null : r.Department.Name,
                    r.Group == null ? null : r.Group.Name, r.Parts)).ToList(),
                i.Partners.OrderBy(p => p.Partner.Name).Select(p => p.Partner.Name).ToList(),
                i.TargetedUnits.OrderBy(t => t.Unit.Name).Select(t => t.Unit.Name).ToList(),
                i.Themes.OrderBy(t => t.Theme.SortOrder).Select(t => t.Theme.Code == null ? t.Theme.Name : t.Theme.Code + " " + t.Theme.Name).ToList(),
                i.Activities.OrderBy(a => a.Number).Select(a => new ActivityItem(a.Number, a.Text, a.Timing)).ToList(),
                i.FollowUpPlan.OrderBy(f => f.SortOrder).Select(f => new FollowUpItem(f.RefersTo, f.Method, f.Timing)).ToList(),
                i.ExpectedEffects.OrderBy(e => e.SortOrder).Select(e => new EffectItem(
                    e.RefersTo, e.Text, e.IndicatorName, e.IndicatorUnit, e.IndicatorBaseline, e.IndicatorTarget)).ToList(),
                i.Resources.OrderBy(r => r.SortOrder).Select(r => new ResourceItem(r.RefersTo, r.Text, r.AmountKronor, r.Hours)).ToList(),
                i.Notes.OrderBy(n => n.Date).Select(n => new NoteItem(n.Date, n.Title, n.Text)).ToList()))
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);
}
