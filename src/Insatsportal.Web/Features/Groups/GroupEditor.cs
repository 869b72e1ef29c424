using System.ComponentModel.DataAnnotations;
using Insatsportal.Web.Data;
using Insatsportal.Web.Data.Configurations;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.History;
using Insatsportal.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Groups;

public sealed record GroupOption(int Id, string Name);

/// <summary>The group form. Values are nullable so that what the user typed comes back as typed.</summary>
public sealed class GroupForm
{
    [Required(ErrorMessage = "Ange gruppens namn.")]
    [StringLength(Lengths.Name, ErrorMessage = "Namnet får vara högst {1} tecken.")]
    [Display(Name = "Namn")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Välj typ av grupp.")]
    [Display(Name = "Typ av grupp")]
    public GroupKind? Kind { get; set; }

    [StringLength(Lengths.LongText, ErrorMessage = "Uppdraget får vara högst {1} tecken.")]
    [Display(Name = "Uppdrag")]
    public string? Assignment { get; set; }

    [Display(Name = "Rapporterar till styrgrupp")]
    public int? ReportsToGroupId { get; set; }

    /// <summary>The token the group had when the form was opened; a save with an older one is a lost update.</summary>
    [Display(Name = "Versionen")]
    public Guid? ConcurrencyToken { get; set; }

    /// <summary>When the form was opened (UTC ticks), to list what others changed since.</summary>
    [Display(Name = "Öppnad")]
    public long? LoadedAt { get; set; }

    // Shown with the form, never posted.
    [BindNever, ValidateNever] public int? Id { get; set; }
    [BindNever, ValidateNever] public IReadOnlyList<GroupOption> SteeringGroups { get; set; } = [];
    [BindNever, ValidateNever] public EditConflict? Conflict { get; set; }
    [BindNever, ValidateNever] public ArchivePanel? Archive { get; set; }
}

/// <summary>Creating, editing, archiving and restoring groups. Authorization is the controller's.</summary>
public sealed class GroupEditor(AppDbContext db, HistoryRecorder history, TimeProvider clock)
{
    public Task<int?> OrganisationOfAsync(int id, CancellationToken ct) =>
        db.Groups.Where(g => g.Id == id).Select(g => (int?)g.OrganisationId).SingleOrDefaultAsync(ct);

    public async Task<GroupForm?> LoadAsync(int id, CancellationToken ct) =>
        await db.Groups.AsNoTracking().Where(g => g.Id == id)
            .Select(g => new GroupForm
            {
                Id = g.Id, Name = g.Name, Kind = g.Kind, Assignment = g.Assignment, ReportsToGroupId = g.ReportsToGroupId,
                ConcurrencyToken = g.ConcurrencyToken,
            })
            .SingleOrDefaultAsync(ct);

    /// <summary>The organisation's styrgrupper a group can report to (not itself); the current choice stays
    /// selectable even if it has since been archived, so that saving does not silently drop it.</summary>
    public async Task<IReadOnlyList<GroupOption>> SteeringGroupsAsync(int organisationId, int? exceptId, int? current, CancellationToken ct) =>
        await db.Groups.AsNoTracking()
            .Where(g => g.OrganisationId == organisationId && g.Kind == GroupKind.SteeringGroup && g.Id != exceptId
                        && (!g.IsArchived || g.Id == current))
            .OrderBy(g => g.Name)
            .Select(g => new GroupOption(g.Id, g.Name))
            .ToListAsync(ct);

    public async Task ValidateAsync(GroupForm form, int organisationId, int? id, ModelStateDictionary modelState, CancellationToken ct)
    {
        FormRules.RequireDefined(modelState, nameof(GroupForm.Kind), form.Kind, "Välj en typ av grupp i listan.");
        if (form.ReportsToGroupId is not { } reportsTo)
        {
            return;
        }
        if (reportsTo == id)
        {
            modelState.AddModelError(nameof(GroupForm.ReportsToGroupId), "En grupp kan inte rapportera till sig själv.");
            return;
        }
        var current = id is null ? null : await db.Groups.Where(g => g.Id == id).Select(g => g.ReportsToGroupId).SingleOrDefaultAsync(ct);
        var options = await SteeringGroupsAsync(organisationId, id, current, ct);
        if (options.All(o => o.Id != reportsTo))
        {
            modelState.AddModelError(nameof(GroupForm.ReportsToGroupId), "Välj en styrgrupp i förvaltningen i listan.");
            return;
        }
        // A direct cycle would hide both groups from the list, which shows each group under the one it reports to.
        if (id is not null && await db.Groups.AnyAsync(g => g.Id == reportsTo && g.ReportsToGroupId == id, ct))
        {
            modelState.AddModelError(nameof(GroupForm.ReportsToGroupId), "Styrgruppen rapporterar redan till den här gruppen.");
        }
    }

    public async Task<int> CreateAsync(GroupForm form, int organisationId, CancellationToken ct)
    {
        var taken = (await db.Groups.Where(g => g.OrganisationId == organisationId).Select(g => g.Key).ToListAsync(ct)).ToHashSet();
        var group = new Group { OrganisationId = organisationId, Key = Keys.Unique(form.Name!, taken), Name = form.Name!.Trim() };
        Apply(group, form);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Groups.Add(group);
        await db.SaveChangesAsync(ct);
        history.Record(HistoryEntityTypes.Group, group.Id, ChangeAction.Created);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return group.Id;
    }

    /// <returns>Null when saved; the conflict when someone else saved since the form was opened.</returns>
    public async Task<EditConflict?> UpdateAsync(int id, GroupForm form, CancellationToken ct)
    {
        var group = await db.Groups.SingleAsync(g => g.Id == id, ct);
        if (group.ConcurrencyToken != form.ConcurrencyToken)
        {
            return await ConflictAsync(id, form, ct);
        }
        var before = await SnapshotAsync(group, ct);
        Apply(group, form);
        var after = await SnapshotAsync(group, ct);
        db.Entry(group).Property(g => g.ConcurrencyToken).OriginalValue = form.ConcurrencyToken!.Value;
        history.RecordChanges(HistoryEntityTypes.Group, id, before, after);
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
        var group = await db.Groups.SingleAsync(g => g.Id == id, ct);
        if (group.IsArchived)
        {
            return;
        }
        Archiving.Archive(group, reason, userId, clock.GetUtcNow().UtcDateTime);
        history.Record(HistoryEntityTypes.Group, id, ChangeAction.Archived, group.ArchivedReason);
        await db.SaveChangesAsync(ct);
    }

    public async Task RestoreAsync(int id, CancellationToken ct)
    {
        var group = await db.Groups.SingleAsync(g => g.Id == id, ct);
        if (!group.IsArchived)
        {
            return;
        }
        Archiving.Restore(group);
        history.Record(HistoryEntityTypes.Group, id, ChangeAction.Restored);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The form comes back with the user's input, the current token (so a second save after
    /// checking goes through) and what the other user changed.</summary>
    private async Task<EditConflict> ConflictAsync(int id, GroupForm form, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var loadedAt = new DateTime(form.LoadedAt ?? 0, DateTimeKind.Utc);
        var conflict = await EditConflict.LoadAsync(db, HistoryEntityTypes.Group, id, loadedAt, ct);
        form.ConcurrencyToken = await db.Groups.Where(g => g.Id == id).Select(g => g.ConcurrencyToken).SingleAsync(ct);
        form.LoadedAt = clock.GetUtcNow().UtcTicks;
        return conflict;
    }

    private static void Apply(Group group, GroupForm form)
    {
        group.Name = form.Name!.Trim();
        group.Kind = form.Kind!.Value;
        group.Assignment = Archiving.Clean(form.Assignment);
        group.ReportsToGroupId = form.ReportsToGroupId;
    }

    private async Task<Snapshot> SnapshotAsync(Group group, CancellationToken ct)
    {
        var reportsTo = group.ReportsToGroupId is { } r
            ? await db.Groups.Where(g => g.Id == r).Select(g => g.Name).SingleOrDefaultAsync(ct)
            : null;
        return new Snapshot()
            .Add("Namn", group.Name)
            .Add("Typ av grupp", group.Kind.Name())
            .Add("Uppdrag", group.Assignment)
            .Add("Rapporterar till", reportsTo);
    }
}
