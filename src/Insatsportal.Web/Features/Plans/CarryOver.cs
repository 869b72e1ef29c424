using System.ComponentModel.DataAnnotations;
using Insatsportal.Web.Data;
using Insatsportal.Web.Data.Configurations;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.History;
using Insatsportal.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Plans;

public sealed record CarryOverCandidate(int Id, string? Number, string Title, InitiativeStatus Status);

/// <summary>The "för över till ny plan" form: the new plan's name and period, and which insatser go along.</summary>
public sealed class CarryOverForm
{
    [Required(ErrorMessage = "Ange den nya planens namn.")]
    [StringLength(Lengths.Title, ErrorMessage = "Namnet får vara högst {1} tecken.")]
    [Display(Name = "Den nya planens namn")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Ange när den nya perioden börjar.")]
    [Display(Name = "Period från")]
    public DateOnly? PeriodStart { get; set; }

    [Required(ErrorMessage = "Ange när den nya perioden slutar.")]
    [Display(Name = "Period till")]
    public DateOnly? PeriodEnd { get; set; }

    [Display(Name = "Insatser")]
    public List<int> InitiativeIds { get; set; } = [];

    [BindNever, ValidateNever] public int SourceId { get; set; }
    [BindNever, ValidateNever] public string SourceName { get; set; } = "";
    [BindNever, ValidateNever] public IReadOnlyList<CarryOverCandidate> Candidates { get; set; } = [];
}

/// <summary>Starts a new plan from an old one, carrying its unfinished insatser along. Authorization is the controller's.</summary>
public sealed class PlanCarryOver(AppDbContext db, HistoryRecorder history)
{
    private static readonly InitiativeStatus[] Unfinished = [InitiativeStatus.Planned, InitiativeStatus.Ongoing, InitiativeStatus.Paused];

    public async Task PrepareAsync(CarryOverForm form, int sourceId, CancellationToken ct)
    {
        form.SourceId = sourceId;
        form.SourceName = await db.Plans.Where(p => p.Id == sourceId).Select(p => p.Name).SingleAsync(ct);
        form.Candidates = await db.Initiatives.AsNoTracking()
            .Where(i => i.PlanId == sourceId && !i.IsArchived && Unfinished.Contains(i.Status))
            .OrderBy(i => i.Goal == null ? int.MaxValue : i.Goal.SortOrder).ThenBy(i => i.SortOrder).ThenBy(i => i.Id)
            .Select(i => new CarryOverCandidate(i.Id, i.Number, i.Title, i.Status))
            .ToListAsync(ct);
    }

    public static void Validate(CarryOverForm form, ModelStateDictionary modelState)
    {
        if (form.PeriodStart is { } from && form.PeriodEnd is { } to && to < from)
        {
            modelState.AddModelError(nameof(CarryOverForm.PeriodEnd), "Perioden kan inte sluta innan den börjar.");
        }
        if (form.InitiativeIds.Any(id => form.Candidates.All(c => c.Id != id)))
        {
            modelState.AddModelError(nameof(CarryOverForm.InitiativeIds), "Välj bland planens pågående, planerade och pausade insatser.");
        }
    }

    /// <returns>The new plan's id and how many insatser were carried over.</returns>
    public async Task<(int PlanId, int Count)> CarryOverAsync(CarryOverForm form, CancellationToken ct)
    {
        var source = await db.Plans.AsNoTracking()
            .Include(p => p.FollowUpOccasions).Include(p => p.Themes).Include(p => p.Goals)
            .AsSplitQuery()
            .SingleAsync(p => p.Id == form.SourceId, ct);
        var chosen = form.InitiativeIds.Distinct().ToList();
        var initiatives = await db.Initiatives.AsNoTracking()
            .Where(i => i.PlanId == source.Id && chosen.Contains(i.Id) && !i.IsArchived && Unfinished.Contains(i.Status))
            .Include(i => i.Responsible).Include(i => i.Activities).Include(i => i.FollowUpPlan).Include(i => i.ExpectedEffects)
            .Include(i => i.Resources).Include(i => i.Partners).Include(i => i.TargetedUnits).Include(i => i.Themes)
            .AsSplitQuery()
            .OrderBy(i => i.SortOrder).ThenBy(i => i.Id)
            .ToListAsync(ct);

        var taken = (await db.Plans.Select(p => p.Key).ToListAsync(ct)).ToHashSet();
        var name = form.Name!.Trim();
        var plan = new Plan
        {
            OrganisationId = source.OrganisationId, Key = Keys.Unique(name, taken), Name = name, Kind = source.Kind,
            Status = PlanStatus.Draft, PeriodStart = form.PeriodStart!.Value, PeriodEnd = form.PeriodEnd!.Value,
            Description = source.Description,
            FollowUpOccasions = source.FollowUpOccasions.OrderBy(o => o.SortOrder).Select(o => new FollowUpOccasion
            {
                SortOrder = o.SortOrder, Kind = o.Kind, Name = o.Name, Timing = o.Timing,
            }).ToList(),
        };
        var themeMap = source.Themes.ToDictionary(t => t.Id, t => new Theme
        {
            Plan = plan, Key = t.Key, SortOrder = t.SortOrder, Kind = t.Kind, Code = t.Code, Name = t.Name,
        });
        plan.Themes = [.. themeMap.Values];
        var goalMap = source.Goals.Where(g => !g.IsArchived).ToDictionary(g => g.Id, g => new Goal
        {
            Plan = plan, Key = g.Key, SortOrder = g.SortOrder, Title = g.Title, ShortName = g.ShortName,
            Description = g.Description, SteeringGroupId = g.SteeringGroupId,
        });
        plan.Goals = [.. goalMap.Values];
        // An insats under an archived goal has no goal to follow into the new plan; it becomes övergripande.
        var copies = initiatives
            .Select(i => (Source: i, Copy: InitiativeCopier.CopyInto(i, plan, i.GoalId is { } g ? goalMap.GetValueOrDefault(g) : null, themeMap)))
            .ToList();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Plans.Add(plan);
        await db.SaveChangesAsync(ct);
        history.Record(HistoryEntityTypes.Plan, plan.Id, ChangeAction.Created, $"Förd över från {source.Name}");
        foreach (var goal in plan.Goals)
        {
            history.Record(HistoryEntityTypes.Goal, goal.Id, ChangeAction.Created);
        }
        foreach (var (original, copy) in copies)
        {
            history.Record(HistoryEntityTypes.Initiative, copy.Id, ChangeAction.Created, $"Förd över från {source.Name}");
            history.Record(HistoryEntityTypes.Initiative, original.Id, ChangeAction.CarriedOver, plan.Name);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (plan.Id, copies.Count);
    }
}
