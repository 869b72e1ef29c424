using System.Globalization;
using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Kolada;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>The figures where they are read: the overview, the nämndunderlag and a school's report.</summary>
public partial class KoladaTests
{
    /// <summary>The seeded demo figures (seeds/demo/kolada: made-up values for the Halmstad plan's goals 1 and 2) in the
    /// overview and in all three forms of a round's nämndunderlag, each with the source text.</summary>
    [Fact]
    public async Task The_overview_and_the_namndunderlag_in_html_word_and_excel_show_the_goals_figures_with_the_source()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var (planId, roundId) = await app.WithDbAsync(async db =>
        {
            var round = await db.FollowUpRounds.Where(r => r.Plan.Key == "halmstad-utvecklingsplan-2020-2021").OrderBy(r => r.Id).FirstAsync();
            return (round.PlanId, round.Id);
        });

        var overview = await browser.GetPageAsync($"/oversikt?plan={planId}");
        var table = overview.QuerySelector("#nyckeltal-per-mal")!;
        var merit = table.QuerySelectorAll("tbody tr").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToList())
            .First(r => r[1].Contains("N15505", StringComparison.Ordinal) && r[2].StartsWith("Kommunen", StringComparison.Ordinal));
        Assert.Equal(["224,1", "226", "228,7", "saknas"], merit.Skip(3).Take(4));
        Assert.NotNull(table.QuerySelector("svg.sparkline[role=img] title"));
        Assert.Contains("Källa: Kolada (RKA), CC BY 4.0", overview.QuerySelector("#nyckeltal")!.TextContent, StringComparison.Ordinal);

        var html = await browser.GetPageAsync($"/omgangar/{roundId}/namndunderlag");
        var section = html.QuerySelector("#nyckeltal")!.TextContent;
        Assert.Contains("N15505", section, StringComparison.Ordinal);
        Assert.Contains("224,1", section, StringComparison.Ordinal);
        Assert.Contains("Källa: Kolada (RKA), CC BY 4.0", section, StringComparison.Ordinal);

        var docx = await browser.GetByteArrayAsync($"/omgangar/{roundId}/namndunderlag.docx");
        using (var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(docx), false))
        {
            var text = word.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains("Målens nyckeltal från Kolada", text, StringComparison.Ordinal);
            Assert.Contains("224,1", text, StringComparison.Ordinal);
            Assert.Contains("Källa: Kolada (RKA), CC BY 4.0", text, StringComparison.Ordinal);
        }
        var xlsx = await browser.GetByteArrayAsync($"/omgangar/{roundId}/namndunderlag.xlsx");
        using (var excel = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(xlsx), false))
        {
            var sheet = excel.WorkbookPart!.Workbook!.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>()
                .Single(x => x.Name == Insatsportal.Web.Features.BoardReports.BoardReportExcel.KoladaSheet);
            var text = ((DocumentFormat.OpenXml.Packaging.WorksheetPart)excel.WorkbookPart.GetPartById(sheet.Id!)).Worksheet!.InnerText;
            Assert.Contains("224,1", text, StringComparison.Ordinal);
            Assert.Contains("Källa: Kolada (RKA), CC BY 4.0", text, StringComparison.Ordinal);
        }
    }

    /// <summary>An open round on the plan with a report for each of the rektor's two units (Vallåsskolan with an id in
    /// Kolada, its fritidshem without).</summary>
    private Task<(int WithOu, int WithoutOu, string UnitName, string Ou)> NewReportsAsync(int initiativeId) => app.WithDbAsync(async db =>
    {
        var initiative = await db.Initiatives.SingleAsync(i => i.Id == initiativeId);
        var school = await db.Units.SingleAsync(u => u.Organisation.Key == "halmstad-buf" && u.Key == "vallasskolan");
        school.KoladaOuId ??= "V15E138000101";
        var leisure = await db.Units.SingleAsync(u => u.Organisation.Key == "halmstad-buf" && u.Key == "vallasskolans-fritidshem");
        leisure.KoladaOuId = null;
        var round = new FollowUpRound
        {
            PlanId = initiative.PlanId, Name = "Omgång med nyckeltal", OpensOn = new(2021, 9, 1), Deadline = new(2099, 12, 31), Status = RoundStatus.Open,
        };
        var withOu = new FollowUpReport { Round = round, InitiativeId = initiativeId, UnitId = school.Id, InitiativeTitle = initiative.Title };
        var withoutOu = new FollowUpReport { Round = round, InitiativeId = initiativeId, UnitId = leisure.Id, InitiativeTitle = initiative.Title };
        db.AddRange(round, withOu, withoutOu);
        await db.SaveChangesAsync();
        return (withOu.Id, withoutOu.Id, school.Name, school.KoladaOuId!);
    });

    [Fact]
    public async Task A_schools_report_shows_the_figures_linked_for_the_schools_with_its_values_riket_and_the_source_to_rektor_and_leadership()
    {
        var director = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var (goalId, initiativeId, effectId) = await NewPlanAsync();
        var (withOu, withoutOu, unitName, ou) = await NewReportsAsync(initiativeId);
        var goalFigure = NewFigure(divided: false);
        var effectFigure = NewFigure(divided: false);
        var municipalOnly = NewFigure(divided: false);
        Kolada.Data[(goalFigure, ou, 2020)] = [("T", 88m, "")];
        Kolada.Data[(goalFigure, ou, 2021)] = [("T", 91.5m, "")];
        Kolada.Data[(effectFigure, ou, 2021)] = [("T", 64m, "")];
        Forms.AssertRedirect(await LinkAsync(director, $"/mal/{goalId}", $"/mal/{goalId}/nyckeltal", goalFigure, units: true), $"/mal/{goalId}");
        Forms.AssertRedirect(await LinkAsync(director, $"/mal/{goalId}", $"/mal/{goalId}/nyckeltal", municipalOnly), $"/mal/{goalId}");
        Forms.AssertRedirect(await LinkAsync(director, $"/insatser/{initiativeId}", $"/insatser/{initiativeId}/effekter/{effectId}/nyckeltal",
            effectFigure, units: true), $"/insatser/{initiativeId}");
        Forms.AssertRedirect(await FetchAsync(director, $"/mal/{goalId}"), $"/mal/{goalId}");

        foreach (var email in new[] { DemoUsers.Principal, DemoUsers.DepartmentHead, DemoUsers.DirectorOfEducation })
        {
            var browser = email == DemoUsers.DirectorOfEducation ? director : await SignedInAsync(email);
            var page = await browser.GetPageAsync($"/rapporter/{withOu}");
            var section = page.QuerySelector("#nyckeltal");
            Assert.NotNull(section);
            Assert.Equal($"Nyckeltal för {unitName} från Kolada", section.QuerySelector("h2")!.TextContent.Trim());
            var table = Table(page, goalFigure);
            Assert.Equal(["Område", "2018", "2019", "2020", "2021"], table[0]);
            Assert.Equal([unitName, "–", "–", "88", "91,5"], table[1]);
            Assert.Equal(["Kommunen (1380)", "78,5", "saknas", "80,3", "82"], table[2]);
            Assert.Equal(["Alla kommuner, genomsnitt (Riket)", "74,1", "–", "75,3", "76"], table[3]);
            Assert.Equal(4, table.Count);
            Assert.Equal([unitName, "–", "–", "–", "64"], Table(page, effectFigure)[1]);
            // A figure linked for the municipality only is not a school's figure.
            Assert.DoesNotContain(municipalOnly, section.TextContent, StringComparison.Ordinal);
            Assert.Contains("Källa: Kolada (RKA), CC BY 4.0", section.TextContent, StringComparison.Ordinal);
            Assert.Contains("Värdena hämtades", section.TextContent, StringComparison.Ordinal);
            Assert.NotNull(section.QuerySelector("table caption"));
            // Reading only: linking, removing and fetching are on the goal and insats pages.
            Assert.Empty(section.QuerySelectorAll("form"));
        }

        // A unit without an id in Kolada: nothing, not even an empty heading.
        var principal = await SignedInAsync(DemoUsers.Principal);
        var without = await principal.GetPageAsync($"/rapporter/{withoutOu}");
        Assert.Null(without.QuerySelector("#nyckeltal"));
        Assert.DoesNotContain("Kolada", without.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        // Who may not read the report still gets no figures (nor the report).
        var official = await SignedInAsync(DemoUsers.Official);
        Assert.Equal(HttpStatusCode.NotFound, (await official.GetAsync($"/rapporter/{withOu}")).StatusCode);
    }

    [Fact]
    public async Task A_figure_for_many_schools_shows_their_lowest_median_and_highest_value_instead_of_a_row_per_school()
    {
        // A förvaltning of its own units (Stockholm's, so that Halmstad's figures in the other tests keep a row per school).
        var (goalId, _, _) = await NewPlanAsync("stockholm-utbf");
        var kpi = "S" + Random.Shared.Next(10000, 99999).ToString(CultureInfo.InvariantCulture);
        var schools = KoladaFigures.SchoolRowsAtMost + 5;
        await app.WithDbAsync(async db =>
        {
            var organisationId = await db.Goals.Where(g => g.Id == goalId).Select(g => g.Plan.OrganisationId).SingleAsync();
            db.KoladaKpis.Add(new KoladaKpi { Id = kpi, Title = $"Testtal {kpi} för många skolor", HasOuData = true });
            db.KoladaLinks.Add(new KoladaLink { OrganisationId = organisationId, GoalId = goalId, KpiId = kpi, ForUnits = true, CreatedAt = DateTime.UtcNow });
            for (var i = 1; i <= schools; i++)
            {
                var ou = $"V15E0180{kpi[1..]}{i:00}";
                db.Units.Add(new Unit
                {
                    OrganisationId = organisationId, Key = $"kolada-{kpi}-{i}", Name = $"Skola {kpi} {i:00}", Type = UnitType.CompulsorySchool,
                    KoladaOuId = ou,
                });
                // Values 1 … 25, entered out of order: the median of 25 is the 13th.
                db.KoladaValues.Add(new KoladaValue
                {
                    KpiId = kpi, AreaKind = KoladaAreaKind.Unit, AreaId = ou, Year = 2021, Gender = "T", Value = (i * 7 % schools) + 1,
                    FetchedAt = DateTime.UtcNow,
                });
            }
            await db.SaveChangesAsync();
        });

        var director = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var page = await director.GetPageAsync($"/mal/{goalId}");
        var table = Table(page, kpi);
        Assert.Equal(["Område", "2018", "2019", "2020", "2021"], table[0]);
        Assert.Equal([$"Skolorna ({schools} skolor), lägsta", "–", "–", "–", "1"], table[1]);
        Assert.Equal([$"Skolorna ({schools} skolor), median", "–", "–", "–", "13"], table[2]);
        Assert.Equal([$"Skolorna ({schools} skolor), högsta", "–", "–", "–", schools.ToString(CultureInfo.InvariantCulture)], table[3]);
        Assert.Equal(4, table.Count);
        Assert.DoesNotContain($"Skola {kpi} 01", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schools_report_shows_nothing_from_Kolada_when_no_figure_is_linked_for_the_schools()
    {
        var director = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var (goalId, initiativeId, _) = await NewPlanAsync();
        var (withOu, _, _, _) = await NewReportsAsync(initiativeId);
        Forms.AssertRedirect(await LinkAsync(director, $"/mal/{goalId}", $"/mal/{goalId}/nyckeltal", NewFigure(divided: false)), $"/mal/{goalId}");

        var page = await director.GetPageAsync($"/rapporter/{withOu}");

        Assert.Null(page.QuerySelector("#nyckeltal"));
        Assert.DoesNotContain("Kolada", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }
}
