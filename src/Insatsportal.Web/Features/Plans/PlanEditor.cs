using System.Globalization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.History;
using Insatsportal.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Plans;

/// <summary>Creating, editing, archiving and restoring plans. Authorization is the controller's.</summary>
public sealed class PlanEditor(AppDbContext db, HistoryRecorder history, TimeProvider clock)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<PlanForm?> LoadAsync(int id, CancellationToken ct)
    {
        var form = await db.Plans.AsNoTracking().Where(p => p.Id == id)
            .Select(p => new PlanForm
            {
                Id = p.Id, Name = p.Name, Kind = p.Kind, PeriodStart = p.PeriodStart, PeriodEnd = p.PeriodEnd,
                Status = p.Status, AdoptedBy = p.AdoptedBy, AdoptedOn = p.AdoptedOn, Description = p.Description,
                Source = p.Source, ConcurrencyToken = p.ConcurrencyToken,
                Occasions = p.FollowUpOccasions.OrderBy(o => o.SortOrder)
                    .Select(o => new OccasionRow { Id = o.Id, Kind = o.Kind, Name = o.Name, Timing = o.Timing }).ToList(),
                Themes = p.Themes.OrderBy(t => t.SortOrder)
                    .Select(t => new ThemeRow { Id = t.Id, Kind = t.Kind, Code = t.Code, Name = t.Name }).ToList(),
            })
            .SingleOrDefaultAsync(ct);
        if (form is not null)
        {
            form.LoadedAt = clock.GetUtcNow().UtcTicks;
        }
        return form;
    }

    /// <summary>Rules that need the database: a theme that insatser are tagged with cannot be removed.</summary>
    public async Task ValidateAsync(PlanForm form, int? id, ModelStateDictionary modelState, CancellationToken ct)
    {
        form.Validate(modelState, Today);
        if (id is null)
        {
            return;
        }
        var kept = form.Themes.Where(t => t.Id is not null).Select(t => t.Id!.Value).ToList();
        var removedInUse = await db.Themes
            .Where(t => t.PlanId == id && !kept.Contains(t.Id) && db.InitiativeThemes.Any(it => it.ThemeId == t.Id))
            .Select(t => t.Name)
            .ToListAsync(ct);
        foreach (var name in removedInUse)
        {
            modelState.AddModelError(nameof(PlanForm.Themes), $"Området ”{name}” används av insatser och kan inte tas bort.");
        }
    }

    public async Task<int> CreateAsync(PlanForm form, int organisationId, CancellationToken ct)
    {
        var taken = (await db.Plans.Select(p => p.Key).ToListAsync(ct)).ToHashSet();
        var plan = new Plan { OrganisationId = organisationId, Key = Keys.Unique(form.Name!, taken), Name = form.Name!.Trim() };
        Apply(plan, form);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Plans.Add(plan);
        await db.SaveChangesAsync(ct);
        history.Record(HistoryEntityTypes.Plan, plan.Id, ChangeAction.Created);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return plan.Id;
    }

    /// <returns>Null when saved; the conflict when someone else saved since the form was opened.</returns>
    public async Task<EditConflict?> UpdateAsync(int id, PlanForm form, CancellationToken ct)
    {
        var plan = await db.Plans.Include(p => p.FollowUpOccasions).Include(p => p.Themes).SingleAsync(p => p.Id == id, ct);
        if (plan.ConcurrencyToken != form.ConcurrencyToken)
        {
            return await ConflictAsync(id, form, ct);
        }
        var before = Snapshot(plan);
        Apply(plan, form);
        var after = Snapshot(plan);
        db.Entry(plan).Property(p => p.ConcurrencyToken).OriginalValue = form.ConcurrencyToken!.Value;
        if (history.RecordChanges(HistoryEntityTypes.Plan, id, before, after) > 0 && db.Entry(plan).State == EntityState.Unchanged)
        {
            // Only rows changed: the plan itself must be saved too, so that its token moves and the token check runs.
            db.Entry(plan).State = EntityState.Modified;
        }
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
        var plan = await db.Plans.SingleAsync(p => p.Id == id, ct);
        if (plan.IsArchived)
        {
            return;
        }
        Archiving.Archive(plan, reason, userId, clock.GetUtcNow().UtcDateTime);
        history.Record(HistoryEntityTypes.Plan, id, ChangeAction.Archived, plan.ArchivedReason);
        await db.SaveChangesAsync(ct);
    }

    public async Task RestoreAsync(int id, CancellationToken ct)
    {
        var plan = await db.Plans.SingleAsync(p => p.Id == id, ct);
        if (!plan.IsArchived)
        {
            return;
        }
        Archiving.Restore(plan);
        history.Record(HistoryEntityTypes.Plan, id, ChangeAction.Restored);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The form comes back with the user's input, the current token (so a second save after checking
    /// goes through) and what the other user changed.</summary>
    private async Task<EditConflict> ConflictAsync(int id, PlanForm form, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var conflict = await EditConflict.LoadAsync(db, HistoryEntityTypes.Plan, id, new DateTime(form.LoadedAt ?? 0, DateTimeKind.Utc), ct);
        form.ConcurrencyToken = await db.Plans.Where(p => p.Id == id).Select(p => p.ConcurrencyToken).SingleAsync(ct);
        form.LoadedAt = clock.GetUtcNow().UtcTicks;
        return conflict;
    }

    private void Apply(Plan plan, PlanForm form)
    {
        plan.Name = form.Name!.Trim();
        plan.Kind = form.Kind!.Value;
        plan.PeriodStart = form.PeriodStart!.Value;
        plan.PeriodEnd = form.PeriodEnd!.Value;
        plan.Status = form.Status!.Value;
        plan.AdoptedBy = Archiving.Clean(form.AdoptedBy);
        plan.AdoptedOn = form.AdoptedOn;
        plan.Description = Archiving.Clean(form.Description);
        plan.Source = Archiving.Clean(form.Source);

        // Rows are matched by id so that saved occasions and themes (and what refers to them) keep their identity.
        var occasions = plan.FollowUpOccasions.ToDictionary(o => o.Id);
        var keptOccasions = new List<FollowUpOccasion>();
        for (var i = 0; i < form.Occasions.Count; i++)
        {
            var row = form.Occasions[i];
            var occasion = row.Id is { } oid && occasions.TryGetValue(oid, out var existing)
                ? existing
                : new FollowUpOccasion { Name = "" };
            occasion.SortOrder = i + 1;
            occasion.Kind = row.Kind!.Value;
            occasion.Name = row.Name!.Trim();
            occasion.Timing = Archiving.Clean(row.Timing);
            keptOccasions.Add(occasion);
        }
        foreach (var removed in plan.FollowUpOccasions.Except(keptOccasions).ToList())
        {
            db.FollowUpOccasions.Remove(removed);
        }
        plan.FollowUpOccasions = keptOccasions;

        var themes = plan.Themes.ToDictionary(t => t.Id);
        var keys = plan.Themes.Select(t => t.Key).ToHashSet();
        var keptThemes = new List<Theme>();
        for (var i = 0; i < form.Themes.Count; i++)
        {
            var row = form.Themes[i];
            Theme theme;
            if (row.Id is { } tid && themes.TryGetValue(tid, out var existing))
            {
                theme = existing;
            }
            else
            {
                theme = new Theme { Key = Keys.Unique(row.Name!, keys), Name = "" };
                keys.Add(theme.Key);
            }
            theme.SortOrder = i + 1;
            theme.Kind = row.Kind!.Value;
            theme.Code = Archiving.Clean(row.Code);
            theme.Name = row.Name!.Trim();
            keptThemes.Add(theme);
        }
        foreach (var removed in plan.Themes.Except(keptThemes).ToList())
        {
            db.Themes.Remove(removed);
        }
        plan.Themes = keptThemes;
    }

    /// <summary>The plan's fields as the user sees them, with Swedish names, for the history.</summary>
    public static Snapshot Snapshot(Plan plan)
    {
        var snapshot = new Snapshot()
            .Add("Namn", plan.Name)
            .Add("Typ av plan", plan.Kind.Name())
            .Add("Period från", IsoDate(plan.PeriodStart))
            .Add("Period till", IsoDate(plan.PeriodEnd))
            .Add("Status", plan.Status.Name())
            .Add("Fastställd av", plan.AdoptedBy)
            .Add("Fastställd den", plan.AdoptedOn is { } d ? IsoDate(d) : null)
            .Add("Beskrivning", plan.Description)
            .Add("Källa", plan.Source);
        var n = 1;
        foreach (var o in plan.FollowUpOccasions.OrderBy(o => o.SortOrder))
        {
            snapshot.Add($"Uppföljningstillfälle {n++}", $"{o.Kind.Name()}: {o.Name}" + (o.Timing is null ? "" : $" ({o.Timing})"));
        }
        n = 1;
        foreach (var t in plan.Themes.OrderBy(t => t.SortOrder))
        {
            snapshot.Add($"Område {n++}", $"{t.Kind.Name()}: " + (t.Code is null ? t.Name : $"{t.Code} {t.Name}"));
        }
        return snapshot;
    }

    private static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
