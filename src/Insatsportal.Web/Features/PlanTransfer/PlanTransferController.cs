using Insatsportal.Web.Features.Shared;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.PlanTransfer;

public sealed record PlanRef(int Id, string Name, int OrganisationId, bool IsArchived);

public sealed record ImportPage(PlanRef Plan, string? Error);

public sealed record PreviewPage(PlanRef Plan, string FileName, ImportAnalysis Analysis, string? UploadToken);

public sealed record StatusPage(PlanRef Plan, ImportJobView? Job);

/// <summary>
/// Refuses an upload whose declared size is over the limit before anything reads the body (the antiforgery
/// check would otherwise read the whole form first): the user is sent back to the upload page with a Swedish
/// message. Runs before every other filter.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class UploadSizeLimitAttribute : Attribute, IAuthorizationFilter, IOrderedFilter
{
    public const long MaxRequestBytes = PlanTemplate.MaxFileBytes + (256 * 1024);

    public int Order => int.MinValue;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        if (context.HttpContext.Request.ContentLength > MaxRequestBytes)
        {
            context.Result = new RedirectResult($"{context.HttpContext.Request.Path}?fel=storlek");
        }
    }
}

/// <summary>Excel export and import of a plan (docs/plan-template.md, docs/authorization.md).</summary>
// The import status page shows this instance's live progress (LocalImportActivity), which is not in the database.
[NoPageCache]
public sealed class PlanTransferController(
    AppDbContext db, IAuthorizationService authorization, PlanExporter exporter, PlanImportAnalyzer analyzer, ImportUploads uploads,
    PlanImportQueue queue, TimeProvider clock) : Controller
{
    private const string SpreadsheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [HttpGet("/planer/{id:int}/exportera", Name = PlanTransferRoutes.Export)]
    public async Task<IActionResult> Export(int id, CancellationToken ct)
    {
        if (await ReadableAsync(id, ct) is null || await exporter.ExportAsync(id, ct) is not { } export)
        {
            return NotFound();
        }
        return File(Shared.TempFiles.Write(export.Workbook.WriteTo), SpreadsheetType, export.FileName);
    }

    [HttpGet("/planer/{id:int}/importera", Name = PlanTransferRoutes.Import)]
    public async Task<IActionResult> Import(int id, string? fel, CancellationToken ct)
    {
        var (refusal, plan) = await ImportAccessAsync(id, ct);
        return refusal ?? ImportView(plan!, fel == "storlek" ? PlanImportAnalyzer.TooLarge : null);
    }

    [HttpPost("/planer/{id:int}/importera", Name = PlanTransferRoutes.Import)]
    [UploadSizeLimit]
    [RequestSizeLimit(UploadSizeLimitAttribute.MaxRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = UploadSizeLimitAttribute.MaxRequestBytes)]
    public async Task<IActionResult> Upload(int id, IFormFile? fil, CancellationToken ct)
    {
        var (refusal, plan) = await ImportAccessAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        if (plan!.IsArchived || fil is null)
        {
            return ImportView(plan!, "Välj en Excel-fil (.xlsx) att importera.");
        }
        if (fil.Length > PlanTemplate.MaxFileBytes)
        {
            return ImportView(plan!, PlanImportAnalyzer.TooLarge);
        }
        byte[] content;
        using (var buffer = new MemoryStream())
        {
            await fil.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }
        var fileName = Path.GetFileName(fil.FileName);
        fileName = fileName.Length is 0 or > 200 ? "arbetsbok.xlsx" : fileName;
        var analysis = await analyzer.AnalyseAsync(id, User, content, ct);
        if (analysis.FileError is { } error)
        {
            return ImportView(plan!, error);
        }
        string? token = null;
        if (analysis.CanConfirm)
        {
            token = await uploads.SaveAsync(content,
                new UploadInfo(User.Scope().UserId, id, fileName, analysis.Fingerprint, clock.GetUtcNow().UtcDateTime), ct);
        }
        return View("Preview", new PreviewPage(plan!, fileName, analysis, token));
    }

    [HttpPost("/planer/{id:int}/importera/bekrafta", Name = PlanTransferRoutes.Confirm)]
    public async Task<IActionResult> Confirm(int id, string? upload, CancellationToken ct)
    {
        var (refusal, plan) = await ImportAccessAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        if (plan!.IsArchived)
        {
            return ImportView(plan, null);
        }
        var userId = User.Scope().UserId;
        if (await uploads.FindAsync(upload, userId, id, ct) is not { } found)
        {
            return ImportView(plan!, "Förhandsgranskningen finns inte längre (den sparas i två timmar), eller så är importen redan gjord. Ladda upp filen igen.");
        }
        if (await PlanImportAnalyzer.FingerprintAsync(db, id, ct) != found.Fingerprint)
        {
            await uploads.RemoveAsync(upload!, ct);
            return ImportView(plan!, PlanImportWorker.StaleMessage);
        }
        if (await queue.EnqueueAsync(upload!, userId, id, ct) is not { } job)
        {
            return ImportView(plan!, "Importen av den här filen har redan startats.");
        }
        return RedirectToRoute(PlanTransferRoutes.Status, new { id, jobb = job });
    }

    [HttpGet("/planer/{id:int}/importera/status", Name = PlanTransferRoutes.Status)]
    public async Task<IActionResult> Status(int id, Guid? jobb, CancellationToken ct)
    {
        var (refusal, plan) = await ImportAccessAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        return View("Status", new StatusPage(plan!, jobb is { } job ? await queue.FindAsync(job, id, User.Scope().UserId, ct) : null));
    }

    private ViewResult ImportView(PlanRef plan, string? error) =>
        View("Import", new ImportPage(plan, plan.IsArchived ? "Planen är arkiverad. Återställ den innan du importerar till den." : error));

    private Task<PlanRef?> ReadableAsync(int id, CancellationToken ct) =>
        db.Plans.AsNoTracking().Where(p => p.Id == id).Where(ReadAccess.Plans(User.Scope()))
            .Select(p => new PlanRef(p.Id, p.Name, p.OrganisationId, p.IsArchived)).SingleOrDefaultAsync(ct)!;

    /// <summary>
    /// Import is for those who may write the plan's content: whoever may edit the plan (förvaltningschef,
    /// avdelningschef) or create insatser in its förvaltning (also a tjänsteperson). What each row does is then
    /// checked against the same handlers, row by row, in the analysis. 404 for a plan the user may not read.
    /// </summary>
    private async Task<(IActionResult? Refusal, PlanRef? Plan)> ImportAccessAsync(int id, CancellationToken ct)
    {
        if (await ReadableAsync(id, ct) is not { } plan)
        {
            return (NotFound(), null);
        }
        var mayEditPlan = (await authorization.AuthorizeAsync(User, new PlanContentResource(plan.OrganisationId), Operations.Edit)).Succeeded;
        var mayCreate = mayEditPlan || (await authorization.AuthorizeAsync(User,
            new InitiativeResource(plan.OrganisationId, User.Scope().DepartmentIds.ToList()), Operations.Create)).Succeeded;
        return mayCreate ? (null, plan) : (Forbid(), null);
    }
}
