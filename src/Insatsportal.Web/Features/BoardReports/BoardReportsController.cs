using Insatsportal.Web.Authorization;
using Insatsportal.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Insatsportal.Web.Features.BoardReports;

/// <summary>
/// Nämndunderlag: a round's report to the nämnd as a printable page, a Word document and an Excel workbook,
/// all three from one <see cref="BoardReport"/>. It holds every report of the round, so only the round's
/// leadership (förvaltningschef, avdelningschef of the plan's förvaltning) takes it out.
/// </summary>
/// <summary>The printable page: one page of the underlag and the goals' Kolada figures, if any.</summary>
public sealed record BoardReportShowPage(BoardReportPage Board, Kolada.KoladaBoardTable? Kolada);

public sealed class BoardReportsController(
    BoardReportQueries queries, IAuthorizationService authorization, Kolada.KoladaBoardReport kolada) : Controller
{
    private const string WordType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string ExcelType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The printable page, one page of insatser at a time (<c>sida</c>); Word and Excel hold the whole underlag.</summary>
    [HttpGet("/omgangar/{id:int}/namndunderlag", Name = BoardReportRoutes.Show)]
    public async Task<IActionResult> Show(int id, [FromQuery(Name = "sida")] string? page, CancellationToken ct)
    {
        if (await AuthorizeAsync(id, ct) is { } refused)
        {
            return refused;
        }
        var number = int.TryParse(page, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
        var figures = await kolada.ForRoundAsync(id, ct);
        return await queries.PageAsync(id, number, ct) is { } model ? View(new BoardReportShowPage(model, figures)) : NotFound();
    }

    // Files are never kept (only HTML is); marked so that they do not read the data version for nothing either.
    [NoPageCache]
    [HttpGet("/omgangar/{id:int}/namndunderlag.docx", Name = BoardReportRoutes.Word)]
    public async Task<IActionResult> Word(int id, CancellationToken ct) =>
        await WithReportAsync(id, (report, figures) => File(TempFiles.Write(stream => BoardReportWord.Write(report, stream, figures)), WordType, FileName(report, "docx")), ct);

    [NoPageCache]
    [HttpGet("/omgangar/{id:int}/namndunderlag.xlsx", Name = BoardReportRoutes.Excel)]
    public async Task<IActionResult> Excel(int id, CancellationToken ct) =>
        await WithReportAsync(id, (report, figures) => File(TempFiles.Write(stream => BoardReportExcel.Write(report, stream, figures)), ExcelType, FileName(report, "xlsx")), ct);

    /// <summary>404 for a round the user may not read (or that does not exist), 403 for one they read but may not
    /// take the underlag of.</summary>
    private async Task<IActionResult> WithReportAsync(int id, Func<BoardReport, Kolada.KoladaBoardTable?, IActionResult> render, CancellationToken ct)
    {
        if (await AuthorizeAsync(id, ct) is { } refused)
        {
            return refused;
        }
        return await queries.GetAsync(id, ct) is { } report ? render(report, await kolada.ForRoundAsync(id, ct)) : NotFound();
    }

    /// <summary>Null when the user may take out the round's underlag, else the answer to give.</summary>
    private async Task<IActionResult?> AuthorizeAsync(int id, CancellationToken ct)
    {
        var organisation = await queries.OrganisationOfAsync(id, User.Scope(), ct);
        return await this.RefusalAsync(authorization, organisation is { } org ? new RoundResource(org) : null, Operations.BoardReport);
    }

    /// <summary>"Nämndunderlag Delårsrapport 1 2020.docx": ASP.NET Core writes it as filename* (RFC 5987, UTF-8) with
    /// an ASCII fallback, so å, ä and ö survive; characters Windows forbids in file names are left out.</summary>
    internal static string FileName(BoardReport report, string extension)
    {
        var name = new string($"Nämndunderlag {report.RoundName}".Select(c => Path.GetInvalidFileNameChars().Contains(c) || "<>:\"/\\|?*".Contains(c) ? ' ' : c).ToArray());
        return $"{string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries))}.{extension}";
    }
}
