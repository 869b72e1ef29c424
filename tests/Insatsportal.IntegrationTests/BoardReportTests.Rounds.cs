using System.Globalization;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>Which round and who asks: a closed round's underlag stays as it was, only leadership gets it, and an
/// unknown round is not found.</summary>
public partial class BoardReportTests
{
    [Fact]
    public async Task A_closed_rounds_underlag_is_the_same_after_its_plan_goals_and_insatser_are_edited()
    {
        using var fresh = app.Another();
        var id = await RoundIdAsync(fresh, ClosedRound);
        var browser = await SignedInAsync(fresh, DemoUsers.DirectorOfEducation);
        var before = await ContentAsync(browser, id);

        await fresh.WithDbAsync(async db =>
        {
            var plan = await db.Plans.Include(p => p.Goals).SingleAsync(p => p.Key == Halmstad);
            plan.Name = "Omdöpt plan";
            foreach (var goal in plan.Goals)
            {
                goal.Title = "Ny lydelse " + goal.Key;
                goal.ShortName = "Nytt kortnamn " + goal.Key;
                goal.SortOrder = 100 - goal.SortOrder; // the goals in reverse order
            }
            var initiatives = await db.Initiatives.Include(i => i.ExpectedEffects).Include(i => i.Activities).Where(i => i.PlanId == plan.Id).ToListAsync();
            foreach (var (initiative, n) in initiatives.Select((i, n) => (i, n)))
            {
                initiative.Title += " (ändrad)";
                initiative.Number = $"9.{n}";
                initiative.Status = InitiativeStatus.Cancelled;
                initiative.EndDate = new DateOnly(2030, 1, 1);
                initiative.SortOrder = 1000 - initiative.SortOrder;
                initiative.GoalId = plan.Goals[n % plan.Goals.Count].Id; // every insats under some other goal
                initiative.ExpectedEffects.ForEach(e => e.Text = "Ny effekt");
                initiative.Activities.ForEach(a => a.Text = "Ny aktivitet");
            }
            initiatives[0].IsArchived = true;
            await db.SaveChangesAsync();
        });
        await browser.GetPageAsync($"/omgangar/{S(id)}");
        var after = await ContentAsync(browser, id);

        Assert.Equal(before.Html, after.Html);
        Assert.Equal(before.Word, after.Word);
        Assert.Equal(before.Excel, after.Excel);
        Assert.DoesNotContain("(ändrad)", after.Html, StringComparison.Ordinal);
        Assert.Contains("Utvecklingsplan 2020", after.Html, StringComparison.Ordinal);
        // The content carries the day the round closed, not the day it was taken out.
        Assert.DoesNotContain(Insatsportal.Web.Features.Shared.Display.Date(ReportStates.Today(TimeProvider.System)), after.Html, StringComparison.Ordinal);
    }

    /// <summary>What the three forms say: the page's article, the Word document's body, each sheet's name and XML.</summary>
    private static async Task<(string Html, string Word, string Excel)> ContentAsync(HttpClient browser, int roundId)
    {
        var page = await browser.GetPageAsync($"/omgangar/{S(roundId)}/namndunderlag");
        using var word = WordprocessingDocument.Open(new MemoryStream(await DownloadAsync(browser, $"/omgangar/{S(roundId)}/namndunderlag.docx")), false);
        using var excel = SpreadsheetDocument.Open(new MemoryStream(await DownloadAsync(browser, $"/omgangar/{S(roundId)}/namndunderlag.xlsx")), false);
        var sheets = excel.WorkbookPart!.Workbook!.Sheets!.Elements<Sheet>()
            .Select(s => s.Name!.Value + "\n" + ((WorksheetPart)excel.WorkbookPart.GetPartById(s.Id!.Value!)).Worksheet!.OuterXml);
        return (page.QuerySelector("article.board-report")!.OuterHtml,
            word.MainDocumentPart!.Document!.OuterXml + word.PackageProperties.Modified?.ToString("O", CultureInfo.InvariantCulture),
            string.Join("\n\n", sheets) + excel.PackageProperties.Modified?.ToString("O", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(DemoUsers.Principal)]
    [InlineData(DemoUsers.Official)]
    [InlineData(DemoUsers.Administrator)]
    public async Task Roles_outside_leadership_are_refused_every_form_of_the_underlag_and_see_no_links_to_it(string user)
    {
        var id = await RoundIdAsync(app, ClosedRound);
        var browser = await SignedInAsync(app, user);

        foreach (var suffix in new[] { "", ".docx", ".xlsx" })
        {
            var response = await browser.GetAsync($"/omgangar/{S(id)}/namndunderlag{suffix}");
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && new Uri(Base, response.Headers.Location!).AbsolutePath == "/atkomst-nekad",
                $"{user} got {(int)response.StatusCode} {response.Headers.Location} for {suffix}");
        }
        var round = await browser.GetPageAsync($"/omgangar/{S(id)}");
        Assert.Empty(round.QuerySelectorAll("a[href*=namndunderlag]"));
    }

    [Fact]
    public async Task Leadership_finds_the_three_forms_linked_from_the_round_page()
    {
        var id = await RoundIdAsync(app, ClosedRound);
        var browser = await SignedInAsync(app, DemoUsers.DepartmentHead);

        var page = await browser.GetPageAsync($"/omgangar/{S(id)}");

        Assert.Equal([$"/omgangar/{S(id)}/namndunderlag", $"/omgangar/{S(id)}/namndunderlag.docx", $"/omgangar/{S(id)}/namndunderlag.xlsx"],
            page.QuerySelectorAll("main a[href*=namndunderlag]").Select(a => a.GetAttribute("href")));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".docx")]
    [InlineData(".xlsx")]
    public async Task An_unknown_round_is_not_found(string suffix)
    {
        var browser = await SignedInAsync(app, DemoUsers.DirectorOfEducation);

        var response = await browser.GetAsync($"/omgangar/987654/namndunderlag{suffix}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
