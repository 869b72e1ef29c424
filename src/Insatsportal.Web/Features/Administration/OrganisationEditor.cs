using System.Globalization;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.History;
using Insatsportal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Administration;

/// <summary>
/// Avdelningar, skolområden and enheter: created, renamed and edited, closed with a date and reopened, every
/// change recorded field by field in the change log. Authorization is the controller's (AdminScope). The form's
/// rules are in OrganisationEditor.Validation.cs, the kinds and the form in OrganisationParts.cs.
/// </summary>
public sealed partial class OrganisationEditor(AppDbContext db, HistoryRecorder history, TimeProvider clock)
{
    public const string CloseField = "Stängd från";
    public const string KoladaOuIdField = "Id i Kolada";

    public async Task<OrganisationPage> PageAsync(UserScope admin, bool showClosed, CancellationToken ct)
    {
        var orgs = await db.Organisations.Where(AdminScope.Organisations(admin)).Select(o => o.Id).ToListAsync(ct);
        var departments = await db.Departments.AsNoTracking().Where(d => orgs.Contains(d.OrganisationId) && (showClosed || d.ClosedOn == null))
            .OrderBy(d => d.Organisation.Name).ThenBy(d => d.Name)
            .Select(d => new PartRow(d.Id, d.Name, null, null, null, d.ClosedOn, d.OrganisationId, d.Organisation.Name)).ToListAsync(ct);
        var areas = await db.SchoolAreas.AsNoTracking().Where(a => orgs.Contains(a.OrganisationId) && (showClosed || a.ClosedOn == null))
            .OrderBy(a => a.Organisation.Name).ThenBy(a => a.Name)
            .Select(a => new PartRow(a.Id, a.Name, null, a.Department == null ? null : a.Department.Name, null, a.ClosedOn, a.OrganisationId, a.Organisation.Name))
            .ToListAsync(ct);
        var units = await db.Units.AsNoTracking().Where(u => orgs.Contains(u.OrganisationId) && (showClosed || u.ClosedOn == null))
            .OrderBy(u => u.Organisation.Name).ThenBy(u => u.Name)
            .Select(u => new { u.Id, u.Name, u.Type, u.SchoolUnitCode, Department = u.Department == null ? null : u.Department.Name,
                SchoolArea = u.SchoolArea == null ? null : u.SchoolArea.Name, u.ClosedOn, u.OrganisationId, Organisation = u.Organisation.Name })
            .ToListAsync(ct);
        return new OrganisationPage(departments, areas,
            units.Select(u => new PartRow(u.Id, u.Name, u.Type.Name() + (u.SchoolUnitCode is null ? "" : ", " + u.SchoolUnitCode), u.Department,
                u.SchoolArea, u.ClosedOn, u.OrganisationId, u.Organisation)).ToList(),
            showClosed, orgs.Count > 1);
    }

    /// <summary>The part's förvaltning when the administrator may act on it; null for a 404.</summary>
    public async Task<int?> OrganisationOfAsync(UserScope admin, PartKind kind, int id, CancellationToken ct)
    {
        var org = kind switch
        {
            PartKind.Department => await db.Departments.Where(d => d.Id == id).Select(d => (int?)d.OrganisationId).SingleOrDefaultAsync(ct),
            PartKind.SchoolArea => await db.SchoolAreas.Where(d => d.Id == id).Select(d => (int?)d.OrganisationId).SingleOrDefaultAsync(ct),
            PartKind.Unit => await db.Units.Where(d => d.Id == id).Select(d => (int?)d.OrganisationId).SingleOrDefaultAsync(ct),
        };
        return org is { } o && admin.Covers(o) ? o : null;
    }

    public async Task<PartForm> LoadAsync(PartKind kind, int id, CancellationToken ct)
    {
        var part = await FindAsync(kind, id, ct);
        db.ChangeTracker.Clear();
        var form = new PartForm
        {
            Kind = kind, Id = id, Name = part.Name, OrganisationId = part.OrganisationId, ConcurrencyToken = part.ConcurrencyToken,
            ClosedOn = part.ClosedOn, LoadedAt = clock.GetUtcNow().UtcTicks,
        };
        switch (part)
        {
            case SchoolArea a:
                form.DepartmentId = a.DepartmentId;
                break;
            case Unit u:
                form.DepartmentId = u.DepartmentId;
                form.SchoolAreaId = u.SchoolAreaId;
                form.Type = u.Type;
                form.SchoolUnitCode = u.SchoolUnitCode;
                form.KoladaOuId = u.KoladaOuId;
                break;
        }
        return form;
    }

    public async Task FillOptionsAsync(UserScope admin, PartForm form, CancellationToken ct)
    {
        form.Organisations = await db.Organisations.AsNoTracking().Where(AdminScope.Organisations(admin)).OrderBy(o => o.Name)
            .Select(o => new OrganisationChoice(o.Id, o.Name + ", " + o.Municipality)).ToListAsync(ct);
        var orgIds = form.OrganisationId is { } org ? [org] : form.Organisations.Select(o => o.Id).ToList();
        var department = form.DepartmentId;
        form.Departments = await db.Departments.AsNoTracking()
            .Where(d => orgIds.Contains(d.OrganisationId) && (d.ClosedOn == null || d.Id == department))
            .OrderBy(d => d.Organisation.Name).ThenBy(d => d.Name)
            .Select(d => new Choice(d.Id, d.Name, d.Organisation.Name, d.ClosedOn != null)).ToListAsync(ct);
        var area = form.SchoolAreaId;
        form.SchoolAreas = await db.SchoolAreas.AsNoTracking()
            .Where(a => orgIds.Contains(a.OrganisationId) && (a.ClosedOn == null || a.Id == area))
            .OrderBy(a => a.Organisation.Name).ThenBy(a => a.Name)
            .Select(a => new Choice(a.Id, a.Name, a.Organisation.Name, a.ClosedOn != null)).ToListAsync(ct);
    }

    public async Task<int> CreateAsync(PartForm form, CancellationToken ct)
    {
        var org = form.OrganisationId!.Value;
        IOrganisationPart part = form.Kind switch
        {
            PartKind.Department => new Department { OrganisationId = org, Key = "", Name = "" },
            PartKind.SchoolArea => new SchoolArea { OrganisationId = org, Key = "", Name = "" },
            PartKind.Unit => new Unit { OrganisationId = org, Key = "", Name = "" },
        };
        Apply(part, form);
        part.Key = Keys.Unique(part.Name, await KeysAsync(form.Kind, org, ct));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(part);
        await db.SaveChangesAsync(ct);
        history.Record(form.Kind.HistoryType(), part.Id, ChangeAction.Created);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return part.Id;
    }

    /// <returns>Null when saved; the conflict when someone else saved since the form was opened.</returns>
    public async Task<EditConflict?> UpdateAsync(PartForm form, CancellationToken ct)
    {
        var id = form.Id!.Value;
        var part = await FindAsync(form.Kind, id, ct);
        if (part.ConcurrencyToken != form.ConcurrencyToken)
        {
            return await ConflictAsync(form, ct);
        }
        var before = await SnapshotAsync(part, ct);
        Apply(part, form);
        var after = await SnapshotAsync(part, ct);
        db.Entry(part).Property(nameof(IConcurrencyAware.ConcurrencyToken)).OriginalValue = form.ConcurrencyToken!.Value;
        history.RecordChanges(form.Kind.HistoryType(), id, before, after);
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ConflictAsync(form, ct);
        }
    }

    /// <returns>A Swedish message when refused; null when closed (or reopened).</returns>
    public async Task<string?> SetClosedAsync(PartKind kind, int id, DateOnly? closedOn, CancellationToken ct)
    {
        var part = await FindAsync(kind, id, ct);
        if (part.ClosedOn == closedOn)
        {
            return null;
        }
        if (closedOn is not null && part.ClosedOn is null)
        {
            var openBelow = kind switch
            {
                PartKind.Department => await db.Units.AnyAsync(u => u.DepartmentId == id && u.ClosedOn == null, ct)
                    || await db.SchoolAreas.AnyAsync(a => a.DepartmentId == id && a.ClosedOn == null, ct),
                PartKind.SchoolArea => await db.Units.AnyAsync(u => u.SchoolAreaId == id && u.ClosedOn == null, ct),
                PartKind.Unit => false,
            };
            if (openBelow)
            {
                return $"{kind.Definite()} har öppna enheter eller skolområden. Stäng dem eller flytta dem först.";
            }
        }
        if (closedOn is null && part is Unit { DepartmentId: { } d } && await db.Departments.AnyAsync(x => x.Id == d && x.ClosedOn != null, ct))
        {
            return "Enhetens avdelning är stängd. Öppna avdelningen igen eller flytta enheten först.";
        }
        var before = await SnapshotAsync(part, ct);
        part.ClosedOn = closedOn;
        history.RecordChanges(kind.HistoryType(), id, before, await SnapshotAsync(part, ct));
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<string> NameAsync(PartKind kind, int id, CancellationToken ct) => (await FindAsync(kind, id, ct)).Name;

    private async Task<IOrganisationPart> FindAsync(PartKind kind, int id, CancellationToken ct) => kind switch
    {
        PartKind.Department => await db.Departments.SingleAsync(d => d.Id == id, ct),
        PartKind.SchoolArea => await db.SchoolAreas.SingleAsync(d => d.Id == id, ct),
        PartKind.Unit => await db.Units.SingleAsync(d => d.Id == id, ct),
    };

    private async Task<HashSet<string>> KeysAsync(PartKind kind, int org, CancellationToken ct) => kind switch
    {
        PartKind.Department => await db.Departments.Where(d => d.OrganisationId == org).Select(d => d.Key).ToHashSetAsync(ct),
        PartKind.SchoolArea => await db.SchoolAreas.Where(d => d.OrganisationId == org).Select(d => d.Key).ToHashSetAsync(ct),
        PartKind.Unit => await db.Units.Where(d => d.OrganisationId == org).Select(d => d.Key).ToHashSetAsync(ct),
    };

    private static void Apply(IOrganisationPart part, PartForm form)
    {
        part.Name = form.Name!.Trim();
        switch (part)
        {
            case SchoolArea a:
                a.DepartmentId = form.DepartmentId;
                break;
            case Unit u:
                u.DepartmentId = form.DepartmentId;
                u.SchoolAreaId = form.SchoolAreaId;
                u.Type = form.Type!.Value;
                u.SchoolUnitCode = Archiving.Clean(form.SchoolUnitCode);
                u.KoladaOuId = StoredKoladaOuId(form.KoladaOuId);
                break;
        }
    }

    private async Task<EditConflict> ConflictAsync(PartForm form, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var id = form.Id!.Value;
        var conflict = await EditConflict.LoadAsync(db, form.Kind.HistoryType(), id, new DateTime(form.LoadedAt ?? 0, DateTimeKind.Utc), ct);
        form.ConcurrencyToken = (await FindAsync(form.Kind, id, ct)).ConcurrencyToken;
        db.ChangeTracker.Clear();
        form.LoadedAt = clock.GetUtcNow().UtcTicks;
        return conflict;
    }

    private async Task<Snapshot> SnapshotAsync(IOrganisationPart part, CancellationToken ct)
    {
        async Task<string?> DepartmentName(int? id) => id is { } d ? await db.Departments.Where(x => x.Id == d).Select(x => x.Name).SingleOrDefaultAsync(ct) : null;
        var snapshot = new Snapshot().Add("Namn", part.Name);
        switch (part)
        {
            case SchoolArea a:
                snapshot.Add("Avdelning", await DepartmentName(a.DepartmentId));
                break;
            case Unit u:
                snapshot.Add("Typ", u.Type.Name()).Add("Skolenhetskod", u.SchoolUnitCode).Add(KoladaOuIdField, u.KoladaOuId).Add("Avdelning", await DepartmentName(u.DepartmentId))
                    .Add("Skolområde", u.SchoolAreaId is { } s ? await db.SchoolAreas.Where(x => x.Id == s).Select(x => x.Name).SingleOrDefaultAsync(ct) : null);
                break;
        }
        return snapshot.Add(CloseField, part.ClosedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }
}
