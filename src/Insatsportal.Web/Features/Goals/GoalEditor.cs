using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Data.Configurations;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Groups;
using Insatsportal.Web.Features.History;
using Insatsportal.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Goals;

/// <summary>The goal form. Values are nullable so that what the user typed comes back as typed.</summary>
public sealed class GoalForm
{
    [Required(ErrorMessage = "Ange målets titel.")]
    [StringLength(Lengths.Title, ErrorMessage = "Titeln får vara högst {1} tecken.")]
    [Display(Name = "Titel")]
    public string? Title { get; set; }

    [StringLength(Lengths.Name, ErrorMessage = "Kortnamnet får vara högst {1} tecken.")]
    [Display(Name = "Kortnamn")]
    public string? ShortName { get; set; }

    [StringLength(Lengths.Text, ErrorMessage = "Beskrivningen får vara högst {1} tecken.")]
    [Display(Name = "Beskrivning")]
    public string? Description { get; set; }

    [Display(Name = "Styrgrupp")]
    public int? SteeringGroupId { get; set; }

    [Range(1, 1000, ErrorMessage = "Ange platsen som ett tal från 1 och uppåt.")]
    [Display(Name = "Plats i planen")]
    public int? Position { get; set; }

    [Display(Name = "Versionen")]
    public Guid? ConcurrencyToken { get; set; }
    [Display(Name = "Öppnad")]
    public long? LoadedAt { get; set; }

    [BindNever, ValidateNever] public int? Id { get; set; }
    [BindNever, ValidateNever] public int PlanId { get; set; }
    [BindNever, ValidateNever] public string PlanName { get; set; } = "";
    [BindNever, ValidateNever] public int Positions { get; set; }
    [BindNever, ValidateNever] public IReadOnlyList<GroupOption> SteeringGroups { get; set; } = [];
    [BindNever, ValidateNever] public EditConflict? Conflict { get; set; }
}

/// <summary>Creating, editing, archiving and restoring a plan's goals. Authorization is the controller's.</summary>
public sealed class GoalEditor(AppDbContext db, GroupEditor groups, HistoryRecorder history, TimeProvider clock)
{
    public async Task<GoalForm?> LoadAsync(int id, CancellationToken ct)
    {
        var form = await db.Goals.AsNoTracking().Where(g => g.Id == id)
            .Select(g => new GoalForm
            {
                Id = g.Id, PlanId = g.PlanId, Title = g.Title, ShortName = g.ShortName, Description = g.Description,
                SteeringGroupId = g.SteeringGroupId, ConcurrencyToken = g.ConcurrencyToken,
            })
            .SingleOrDefaultAsync(ct);
        if (form is not null)
        {
            form.Position = (await OrderAsync(form.PlanId, ct)).IndexOf(id) + 1;
            form.LoadedAt = clock.GetUtcNow().UtcTicks;
        }
        return form;
    }

    /// <summary>Fills what the form shows besides the user's values: the plan, the places and the styrgrupper.</summary>
    public async Task PrepareAsync(GoalForm form, int planId, int organisationId, CancellationToken ct)
    {
        form.PlanId = planId;
        form.PlanName = await db.Plans.Where(p => p.Id == planId).Select(p => p.Name).SingleAsync(ct);
        var count = (await OrderAsync(planId, ct)).Count;
        var archived = form.Id is { } id && await db.Goals.AnyAsync(g => g.Id == id && g.IsArchived, ct);
        form.Positions = form.Id is null || archived ? count + 1 : count;
        var current = form.Id is null ? null : await db.Goals.Where(g => g.Id == form.Id).Select(g => g.SteeringGroupId).SingleAsync(ct);
        form.SteeringGroups = await groups.SteeringGroupsAsync(organisationId, null, current, ct);
    }

    public void Validate(GoalForm form, ModelStateDictionary modelState)
    {
        if (form.Position is { } position && position > form.Positions)
        {
            modelState.AddModelError(nameof(GoalForm.Position),
                $"Ange en plats mellan 1 och {form.Positions.ToString(CultureInfo.InvariantCulture)}.");
        }
        if (form.SteeringGroupId is { } group && form.SteeringGroups.All(g => g.Id != group))
        {
            modelState.AddModelError(nameof(GoalForm.SteeringGroupId), "Välj en styrgrupp i förvaltningen i listan.");
        }
    }

    public async Task<int> CreateAsync(GoalForm form, int planId, CancellationToken ct)
    {
        var taken = (await db.Goals.Where(g => g.PlanId == planId).Select(g => g.Key).ToListAsync(ct)).ToHashSet();
        var goal = new Goal { PlanId = planId, Key = Keys.Unique(form.ShortName ?? form.Title!, taken), Title = "" };
        Apply(goal, form);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Goals.Add(goal);
        await PlaceAsync(goal, form.Position, ct);
        await db.SaveChangesAsync(ct);
        history.Record(HistoryEntityTypes.Goal, goal.Id, ChangeAction.Created);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return goal.Id;
    }

    /// <returns>Null when saved; the conflict when someone else saved since the form was opened.</returns>
    public async Task<EditConflict?> UpdateAsync(int id, GoalForm form, CancellationToken ct)
    {
        var goal = await db.Goals.SingleAsync(g => g.Id == id, ct);
        if (goal.ConcurrencyToken != form.ConcurrencyToken)
        {
            return await ConflictAsync(id, form, ct);
        }
        var order = await OrderAsync(goal.PlanId, ct);
        var before = await SnapshotAsync(goal, order.IndexOf(id) + 1, ct);
        Apply(goal, form);
        if (!goal.IsArchived && form.Position is { } position && position != order.IndexOf(id) + 1)
        {
            await PlaceAsync(goal, position, ct);
        }
        var after = await SnapshotAsync(goal, goal.IsArchived ? 0 : form.Position ?? order.IndexOf(id) + 1, ct);
        db.Entry(goal).Property(g => g.ConcurrencyToken).OriginalValue = form.ConcurrencyToken!.Value;
        history.RecordChanges(HistoryEntityTypes.Goal, id, before, after);
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ConflictAsync(id, form, ct);
        }
    }

    public async Task ArchiveAsync(int id, string reason, string userId, CancellationToken ct)
    {
        var goal = await db.Goals.SingleAsync(g => g.Id == id, ct);
        if (goal.IsArchived)
        {
            return;
        }
        Archiving.Archive(goal, reason, userId, clock.GetUtcNow().UtcDateTime);
        history.Record(HistoryEntityTypes.Goal, id, ChangeAction.Archived, goal.ArchivedReason);
        await db.SaveChangesAsync(ct);
    }

    public async Task RestoreAsync(int id, CancellationToken ct)
    {
        var goal = await db.Goals.SingleAsync(g => g.Id == id, ct);
        if (!goal.IsArchived)
        {
            return;
        }
        Archiving.Restore(goal);
        history.Record(HistoryEntityTypes.Goal, id, ChangeAction.Restored);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The plan's non-archived goals in order, by id.</summary>
    private async Task<List<int>> OrderAsync(int planId, CancellationToken ct) =>
        await db.Goals.Where(g => g.PlanId == planId && !g.IsArchived).OrderBy(g => g.SortOrder).ThenBy(g => g.Id)
            .Select(g => g.Id).ToListAsync(ct);

    /// <summary>
    /// Puts the goal at a place (1-based; null = last) and renumbers the others 1, 2, 3 … Each goal that moves
    /// gets a history entry, and its token moves too, so that someone editing it sees why their save is refused.
    /// </summary>
    private async Task PlaceAsync(Goal goal, int? position, CancellationToken ct)
    {
        // Ordered by the saved places; a new goal is not among them yet. Tracked, so the goal itself is the same instance.
        var current = await db.Goals.Where(g => g.PlanId == goal.PlanId && !g.IsArchived)
            .OrderBy(g => g.SortOrder).ThenBy(g => g.Id).ToListAsync(ct);
        var oldPlaces = current.Select((g, i) => (g.Id, Place: i + 1)).ToDictionary(x => x.Id, x => x.Place);
        var ordered = current.Where(g => g != goal).ToList();
        ordered.Insert(Math.Clamp((position ?? int.MaxValue) - 1, 0, ordered.Count), goal);
        for (var i = 0; i < ordered.Count; i++)
        {
            var g = ordered[i];
            g.SortOrder = i + 1;
            if (g != goal && oldPlaces.TryGetValue(g.Id, out var old) && old != i + 1)
            {
                history.RecordChanges(HistoryEntityTypes.Goal, g.Id,
                    new Snapshot().Add("Plats i planen", old.ToString(CultureInfo.InvariantCulture)),
                    new Snapshot().Add("Plats i planen", (i + 1).ToString(CultureInfo.InvariantCulture)));
            }
        }
    }

    private async Task<EditConflict> ConflictAsync(int id, GoalForm form, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var conflict = await EditConflict.LoadAsync(db, HistoryEntityTypes.Goal, id, new DateTime(form.LoadedAt ?? 0, DateTimeKind.Utc), ct);
        form.ConcurrencyToken = await db.Goals.Where(g => g.Id == id).Select(g => g.ConcurrencyToken).SingleAsync(ct);
        form.LoadedAt = clock.GetUtcNow().UtcTicks;
        return conflict;
    }

    private static void Apply(Goal goal, GoalForm form)
    {
        goal.Title = form.Title!.Trim();
        goal.ShortName = Archiving.Clean(form.ShortName);
        goal.Description = Archiving.Clean(form.Description);
        goal.SteeringGroupId = form.SteeringGroupId;
    }

    private async Task<Snapshot> SnapshotAsync(Goal goal, int position, CancellationToken ct)
    {
        var steering = goal.SteeringGroupId is { } s
            ? await db.Groups.Where(g => g.Id == s).Select(g => g.Name).SingleOrDefaultAsync(ct)
            : null;
        return new Snapshot()
            .Add("Titel", goal.Title)
            .Add("Kortnamn", goal.ShortName)
            .Add("Beskrivning", goal.Description)
            .Add("Styrgrupp", steering)
            .Add("Plats i planen", position == 0 ? null : position.ToString(CultureInfo.InvariantCulture));
    }
}
