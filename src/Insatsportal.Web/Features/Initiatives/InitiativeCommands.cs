using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.History;
using Insatsportal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Initiatives;

public abstract record SaveResult
{
    public sealed record Saved(int Id) : SaveResult;
    public sealed record Conflict(EditConflict Details) : SaveResult;
    public sealed record NotFound : SaveResult;
}

/// <summary>Writes insatser: create, update (refusing lost updates), archive, restore, copy — each with history.</summary>
public sealed partial class InitiativeCommands(AppDbContext db, HistoryRecorder history, TimeProvider clock)
{
    /// <summary>An insats with everything the form edits, tracked for update.</summary>
    private Task<Initiative?> LoadAggregateAsync(int id, CancellationToken ct) =>
        db.Initiatives
            .Include(i => i.Responsible).Include(i => i.Activities).Include(i => i.FollowUpPlan)
            .Include(i => i.ExpectedEffects).Include(i => i.Resources).Include(i => i.Partners)
            .Include(i => i.TargetedUnits).Include(i => i.Themes)
            .AsSplitQuery()
            .SingleOrDefaultAsync(i => i.Id == id, ct);

    public async Task<InitiativeForm?> GetFormAsync(int id, CancellationToken ct)
    {
        var i = await LoadAggregateAsync(id, ct);
        return i is null ? null : ToForm(i, clock.GetUtcNow().UtcDateTime);
    }

    public async Task<int> CreateAsync(int planId, InitiativeForm form, InitiativeFormOptions options, CancellationToken ct)
    {
        var taken = await db.Initiatives.Where(i => i.PlanId == planId).Select(i => i.Key).ToHashSetAsync(ct);
        var last = await db.Initiatives.Where(i => i.PlanId == planId && i.GoalId == form.GoalId)
            .MaxAsync(i => (int?)i.SortOrder, ct) ?? 0;
        var initiative = new Initiative { PlanId = planId, Key = Keys.Unique(form.Title!, taken), Title = form.Title!, SortOrder = last + 1 };
        Apply(form, initiative);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Initiatives.Add(initiative);
        await db.SaveChangesAsync(ct);
        history.Record(HistoryEntityTypes.Initiative, initiative.Id, ChangeAction.Created);
        history.RecordChanges(HistoryEntityTypes.Initiative, initiative.Id, new Snapshot(), Snap(initiative, options));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return initiative.Id;
    }

    public async Task<SaveResult> UpdateAsync(int id, InitiativeForm form, InitiativeFormOptions options, CancellationToken ct)
    {
        var initiative = await LoadAggregateAsync(id, ct);
        if (initiative is null)
        {
            return new SaveResult.NotFound();
        }
        var loadedAt = new DateTime(form.LoadedAt ?? 0, DateTimeKind.Utc);
        if (form.ConcurrencyToken != initiative.ConcurrencyToken)
        {
            return new SaveResult.Conflict(await EditConflict.LoadAsync(db, HistoryEntityTypes.Initiative, id, loadedAt, ct));
        }

        var before = Snap(initiative, options);
        if (initiative.GoalId != form.GoalId)
        {
            initiative.SortOrder = (await db.Initiatives.Where(i => i.PlanId == initiative.PlanId && i.GoalId == form.GoalId)
                .MaxAsync(i => (int?)i.SortOrder, ct) ?? 0) + 1;
        }
        Apply(form, initiative);
        var changed = history.RecordChanges(HistoryEntityTypes.Initiative, id, before, Snap(initiative, options));
        if (changed == 0)
        {
            return new SaveResult.Saved(id);
        }

        // The rows are part of the insats: a change to any of them is a new version of the whole.
        db.Entry(initiative).State = EntityState.Modified;
        db.Entry(initiative).Property(i => i.ConcurrencyToken).OriginalValue = form.ConcurrencyToken!.Value;
        try
        {
            await db.SaveChangesAsync(ct);
            return new SaveResult.Saved(id);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new SaveResult.Conflict(await EditConflict.LoadAsync(db, HistoryEntityTypes.Initiative, id, loadedAt, ct));
        }
    }

    public async Task<bool> ArchiveAsync(int id, string reason, string userId, CancellationToken ct)
    {
        var initiative = await db.Initiatives.SingleOrDefaultAsync(i => i.Id == id, ct);
        if (initiative is null || initiative.IsArchived)
        {
            return false;
        }
        initiative.IsArchived = true;
        initiative.ArchivedAt = clock.GetUtcNow().UtcDateTime;
        initiative.ArchivedReason = reason;
        initiative.ArchivedByUserId = userId;
        history.Record(HistoryEntityTypes.Initiative, id, ChangeAction.Archived, reason);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<bool> RestoreAsync(int id, CancellationToken ct)
    {
        var initiative = await db.Initiatives.SingleOrDefaultAsync(i => i.Id == id, ct);
        if (initiative is null || !initiative.IsArchived)
        {
            return false;
        }
        initiative.IsArchived = false;
        initiative.ArchivedAt = null;
        initiative.ArchivedReason = null;
        initiative.ArchivedByUserId = null;
        history.Record(HistoryEntityTypes.Initiative, id, ChangeAction.Restored);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>A copy in the same plan, under the same goal, planned and not yet started, linked to its source.</summary>
    public async Task<int?> CopyAsync(int id, CancellationToken ct)
    {
        var source = await LoadAggregateAsync(id, ct);
        if (source is null)
        {
            return null;
        }
        var form = ToForm(source, clock.GetUtcNow().UtcDateTime);
        var taken = await db.Initiatives.Where(i => i.PlanId == source.PlanId).Select(i => i.Key).ToHashSetAsync(ct);
        var copy = new Initiative
        {
            PlanId = source.PlanId, Key = Keys.Unique(source.Title + " kopia", taken), Title = $"{source.Title} (kopia)",
            CopiedFromId = source.Id,
            SortOrder = (await db.Initiatives.Where(i => i.PlanId == source.PlanId && i.GoalId == source.GoalId).MaxAsync(i => (int?)i.SortOrder, ct) ?? 0) + 1,
        };
        form.Title = copy.Title;
        form.Status = InitiativeStatus.Planned;
        Apply(form, copy);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Initiatives.Add(copy);
        await db.SaveChangesAsync(ct);
        history.Record(HistoryEntityTypes.Initiative, copy.Id, ChangeAction.Created, $"Kopia av ”{source.Title}”");
        history.Record(HistoryEntityTypes.Initiative, source.Id, ChangeAction.Copied, $"Kopierad till ”{copy.Title}”");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return copy.Id;
    }
}
