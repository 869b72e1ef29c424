using Insatsportal.Web.Authorization;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Administration;

/// <summary>The rules for an organisation part's form, shared with the CSV import (the Kolada id and school unit code).</summary>
public sealed partial class OrganisationEditor
{
    public static bool IsSchoolUnitCode(string code) => code.Length == 8 && code.All(char.IsAsciiDigit);

    /// <summary>The unit's id in Kolada as typed, trimmed; null when empty. The form and the CSV import both read it
    /// so, so the two cannot come to accept different ids.</summary>
    public static string? CleanKoladaOuId(string? text) => Archiving.Clean(text);

    /// <summary>A trimmed, non-empty Kolada ou id (e.g. V15E138000301): letters and digits, at most the column's length.</summary>
    public static bool IsKoladaOuId(string ou) => ou.Length <= Kolada.Kolada.AreaIdLength && ou.All(char.IsAsciiLetterOrDigit);

    public const string KoladaOuIdMessage = "Id:t i Kolada är bokstäver och siffror, till exempel V15E138000301.";

    /// <summary>How a valid ou id is stored: Kolada writes them in upper case.</summary>
    public static string? StoredKoladaOuId(string? text) => CleanKoladaOuId(text)?.ToUpperInvariant();

    public async Task ValidateAsync(UserScope admin, PartForm form, ModelStateDictionary modelState, CancellationToken ct)
    {
        if (form.OrganisationId is not { } org || !admin.Covers(org) || !await db.Organisations.AnyAsync(o => o.Id == org, ct))
        {
            modelState.AddModelError(nameof(PartForm.OrganisationId), "Välj förvaltning i listan.");
            return;
        }
        var current = form.Id is { } id ? await FindAsync(form.Kind, id, ct) : null;
        db.ChangeTracker.Clear();
        if (form.Kind == PartKind.Department)
        {
            return;
        }
        var currentDepartment = (current as SchoolArea)?.DepartmentId ?? (current as Unit)?.DepartmentId;
        if (form.DepartmentId is { } department && !await db.Departments.AnyAsync(d => d.Id == department && d.OrganisationId == org
                && (d.ClosedOn == null || d.Id == currentDepartment), ct))
        {
            modelState.AddModelError(nameof(PartForm.DepartmentId), "Välj en öppen avdelning i förvaltningen i listan.");
        }
        if (form.Kind == PartKind.SchoolArea)
        {
            return;
        }
        if (form.Type is null)
        {
            modelState.AddModelError(nameof(PartForm.Type), "Välj typ av enhet.");
        }
        FormRules.RequireDefined(modelState, nameof(PartForm.Type), form.Type, "Välj en typ av enhet i listan.");
        if (form.SchoolAreaId is { } areaId)
        {
            var area = await db.SchoolAreas.Where(a => a.Id == areaId && a.OrganisationId == org)
                .Select(a => new { a.DepartmentId, a.ClosedOn }).SingleOrDefaultAsync(ct);
            if (area is null || (area.ClosedOn != null && (current as Unit)?.SchoolAreaId != areaId))
            {
                modelState.AddModelError(nameof(PartForm.SchoolAreaId), "Välj ett öppet skolområde i förvaltningen i listan.");
            }
            else if (area.DepartmentId is { } areaDepartment && form.DepartmentId is { } chosen && areaDepartment != chosen)
            {
                modelState.AddModelError(nameof(PartForm.SchoolAreaId), "Skolområdet hör till en annan avdelning än den du valt.");
            }
        }
        var code = form.SchoolUnitCode?.Trim();
        if (!string.IsNullOrEmpty(code))
        {
            if (!IsSchoolUnitCode(code))
            {
                modelState.AddModelError(nameof(PartForm.SchoolUnitCode), "Skolenhetskoden ska vara 8 siffror.");
            }
            else if (await db.Units.AnyAsync(u => u.SchoolUnitCode == code && u.Id != form.Id, ct))
            {
                modelState.AddModelError(nameof(PartForm.SchoolUnitCode), $"Skolenhetskoden {code} används redan av en annan enhet.");
            }
        }
        if (CleanKoladaOuId(form.KoladaOuId) is { } ou && !IsKoladaOuId(ou))
        {
            modelState.AddModelError(nameof(PartForm.KoladaOuId), KoladaOuIdMessage);
        }
    }
}
