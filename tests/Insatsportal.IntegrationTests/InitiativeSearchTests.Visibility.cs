using System.Globalization;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>What is listed and offered to whom: archived and draft insatser, readable plans, a row's content, and
/// the user's own förvaltning first.</summary>
public sealed partial class InitiativeSearchTests
{
    [Fact]
    public async Task Archived_insatser_are_hidden_by_default_and_shown_and_marked_with_visa_arkiverade()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);

        var hidden = await browser.GetPageAsync("/insatser?forvaltning=alla&q=skolsegregationen");
        var shown = await browser.GetPageAsync("/insatser?forvaltning=alla&q=skolsegregationen&arkiverade=true");

        Assert.DoesNotContain(Factory.ArchivedTitle, Titles(hidden));
        var row = Rows(shown).Single(r => r.QuerySelector("th a")!.TextContent.Trim() == Factory.ArchivedTitle);
        Assert.Equal("Arkiverad", row.QuerySelector(".badge--archived")!.TextContent);
        Assert.Equal(Total(hidden) + 1, Total(shown));
        Assert.Null(hidden.QuerySelector("input[name=arkiverade][checked]"));
        Assert.NotNull(shown.QuerySelector("input[name=arkiverade][checked]"));
    }

    [Fact]
    public async Task A_principal_never_sees_draft_insatser_of_another_organisation_nor_its_plan()
    {
        var browser = await SignedInAsync(DemoUsers.Principal);

        var search = await browser.GetPageAsync("/insatser?q=Hemlig");
        var all = await browser.GetPageAsync("/insatser?forvaltning=alla&sortering=andrad-fallande&arkiverade=true");

        Assert.Empty(Rows(search));
        Assert.DoesNotContain(Factory.OtherDraftTitle, Titles(all));
        Assert.DoesNotContain("Stockholms hemliga utkast", Options(all, "plan"));
        // A draft insats that targets the rektor's own school is theirs to read (ReadAccess), and only that one.
        Assert.Equal(Factory.OwnDraftTitle, Titles(all)[0]);
    }

    [Fact]
    public async Task Filter_choices_offer_only_plans_the_user_can_read()
    {
        var director = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var official = await SignedInAsync(DemoUsers.Official);

        var directorPlans = Options(await director.GetPageAsync("/insatser"), "plan").ToList();
        var officialPlans = Options(await official.GetPageAsync("/insatser"), "plan").ToList();

        Assert.Contains("Halmstads utkast 2027", directorPlans);
        Assert.DoesNotContain("Stockholms hemliga utkast", directorPlans);
        Assert.Contains("Utvecklingsplan 2020–2021", officialPlans);
        Assert.DoesNotContain("Stockholms hemliga utkast", officialPlans);
    }

    [Fact]
    public async Task A_row_shows_status_responsible_with_departments_and_targeted_units()
    {
        var browser = await SignedInAsync(DemoUsers.Principal);

        var row = Rows(await browser.GetPageAsync("/insatser?q=Skolutvecklingsprocess")).Single();

        Assert.Equal("Pågående", row.QuerySelector(".badge")!.TextContent);
        var responsible = row.QuerySelectorAll("ul.responsible li").Select(li => string.Join(' ', li.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Equal(["Avdelningschef FoU – Forsknings- och utvecklingsavdelningen", "Skolområdeschef på deltagande skolor"], responsible);
        Assert.Equal("Andersbergsskolan, Söndrumsskolan, Vallåsskolan", row.QuerySelector("td.units")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_list_opens_on_the_users_own_forvaltning_and_all_forvaltningar_are_one_choice_away()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var (halmstad, own, all) = await app.WithDbAsync(async db => (
            await db.Organisations.Where(o => o.Key == "halmstad-buf").Select(o => o.Id).SingleAsync(),
            await DirectorReads(db.Initiatives).CountAsync(i => i.Plan.Organisation.Key == "halmstad-buf"),
            await DirectorReads(db.Initiatives).CountAsync()));

        var first = await browser.GetPageAsync("/insatser");
        var everyone = await browser.GetPageAsync("/insatser?forvaltning=alla");

        // By default: Halmstad's insatser only, and its plans, departments and units only in the filter lists.
        Assert.True(own < all, "the seeds hold insatser of other förvaltningar");
        Assert.Equal(own, Total(first));
        Assert.Equal(halmstad.ToString(CultureInfo.InvariantCulture), SelectedValue(first, "forvaltning"));
        var halmstadPlans = await app.WithDbAsync(db => db.Plans.Where(p => p.OrganisationId == halmstad).Select(p => p.Name).ToListAsync());
        Assert.All(Options(first, "plan").Skip(1), p => Assert.Contains(p, halmstadPlans));
        Assert.Contains("Utvecklingsplan 2020–2021", Options(first, "plan"));
        Assert.DoesNotContain("Bryta skolsegregationen", Titles(await browser.GetPageAsync("/insatser?q=skolsegregationen")));
        // "Alla förvaltningar": every readable insats, and the lists widen with it.
        Assert.Equal(all, Total(everyone));
        Assert.Equal("alla", SelectedValue(everyone, "forvaltning"));
        Assert.True(Options(everyone, "plan").Count() > Options(first, "plan").Count());
        Assert.True(Options(everyone, "enhet").Count() > Options(first, "enhet").Count());
        Assert.Contains(Options(everyone, "forvaltning"), o => o.StartsWith("Barn- och ungdomsförvaltningen", StringComparison.Ordinal));
        // A plan given in a link (from the plan's page) is shown wherever it belongs.
        var stockholmPlan = await app.WithDbAsync(db => db.Plans.Where(p => p.Organisation.Key == "stockholm-utbf" && p.Status != PlanStatus.Draft).Select(p => p.Id).FirstAsync());
        Assert.NotEqual(0, Total(await browser.GetPageAsync($"/insatser?plan={stockholmPlan}")));
    }
}
