using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Data.Scale;
using Insatsportal.Web.Features.Initiatives;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// In a förvaltning with more people than <see cref="InitiativeFormOptions.PeopleListLimit"/>, the insats form's
/// "Person" fields are searched, not lists of everyone (a Stockholm-sized form listed 3 000 people in every
/// responsible row: 926 KB), and what is chosen through the search saves.
/// </summary>
public sealed class PeopleSearchTests(PeopleSearchTests.Factory app) : IClassFixture<PeopleSearchTests.Factory>
{
    public sealed class Factory : ScaleAppFactory
    {
        protected override ScaleProfile Profile { get; } =
            new("test-people", Departments: 2, SchoolAreas: 2, Units: 60, Users: 2 * InitiativeFormOptions.PeopleListLimit, Plans: 1,
                Initiatives: 10, Rounds: 2, TargetAllPerThousand: 300);
    }

    private string EditUrl => $"/insatser/{app.Ids.Initiative.ToString(CultureInfo.InvariantCulture)}/redigera";

    private static IReadOnlyList<string> PersonChoices(IDocument page, int row) =>
        page.QuerySelectorAll($"select[name='Responsible[{row}].UserId'] option").Select(o => o.GetAttribute("value")!).ToList();

    [Fact]
    public async Task The_person_fields_list_only_the_chosen_people_and_a_search_finds_others_whatever_the_case_of_å_ä_ö()
    {
        var browser = await app.SignedInAsync(DemoUsers.DirectorOfEducation);
        var page = await browser.GetPageAsync(EditUrl);
        var chosen = await app.WithDbAsync(db => db.ResponsibleEntries
            .Where(r => r.InitiativeId == app.Ids.Initiative).OrderBy(r => r.SortOrder).Select(r => r.UserId).FirstAsync());

        // "Ingen" and at most the person the row names: not the hundreds of the förvaltning.
        var choices = PersonChoices(page, 0);
        Assert.Equal(chosen is null ? [""] : ["", chosen], choices);
        Assert.Contains("Sök person", page.QuerySelector("label[for='Responsible_0__PersonSearch']")!.TextContent);

        // A lower-case "åsa" finds the people called "Åsa" (SQLite's LIKE folds A–Z only).
        var response = await browser.SubmitAsync(page, EditUrl, form => form.Set("Responsible[0].PersonSearch", "åsa"), "search-person-0");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        page = await Browser.ParseAsync(response);
        var asa = await app.WithDbAsync(db => db.Users.Where(u => u.DisplayName.StartsWith("Åsa ") && u.IsActive).Select(u => u.Id).ToListAsync());
        Assert.NotEmpty(asa);
        var found = PersonChoices(page, 0).Where(v => v != "" && v != chosen).ToList();
        Assert.NotEmpty(found);
        Assert.All(found, id => Assert.Contains(id, asa));
        Assert.True(found.Count <= InitiativeFormOptions.PeopleSearchLimit);
        Assert.Contains("matchar ”åsa”", page.QuerySelector("#Responsible_0__PersonSearch-resultat")!.TextContent);
        Assert.NotNull(page.QuerySelector("select[name='Responsible[0].UserId'][autofocus]"));
        // The search text is emptied, so that the next Enter saves.
        Assert.Equal("", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name='Responsible[0].PersonSearch']")!.Value);

        // Choosing a found person and saving stores that person.
        var pick = found[^1];
        response = await browser.SubmitAsync(page, EditUrl, form => form.Set("Responsible[0].UserId", pick));
        Forms.AssertRedirect(response, $"/insatser/{app.Ids.Initiative}");
        Assert.Equal(pick, await app.WithDbAsync(db => db.ResponsibleEntries
            .Where(r => r.InitiativeId == app.Ids.Initiative).OrderBy(r => r.SortOrder).Select(r => r.UserId).FirstAsync()));
        page = await browser.GetPageAsync(EditUrl);
        Assert.Equal(["", pick], PersonChoices(page, 0));
    }

    [Fact]
    public async Task Enter_in_the_search_field_searches_instead_of_saving_and_a_search_without_hits_says_so()
    {
        var browser = await app.SignedInAsync(DemoUsers.DirectorOfEducation);
        var before = await app.WithDbAsync(db => db.Initiatives.Where(i => i.Id == app.Ids.Initiative).Select(i => i.ConcurrencyToken).SingleAsync());

        // Enter submits with the hidden default button: no command.
        var response = await browser.SubmitAsync(EditUrl, form => form.Set("Responsible[0].PersonSearch", "Finns-inte-någonstans"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Contains("Ingen person matchar ”Finns-inte-någonstans”.", page.QuerySelector("#Responsible_0__PersonSearch-resultat")!.TextContent);
        Assert.Equal(before, await app.WithDbAsync(db => db.Initiatives.Where(i => i.Id == app.Ids.Initiative).Select(i => i.ConcurrencyToken).SingleAsync()));

        // A person of another förvaltning, or an id that does not exist, is refused with a Swedish message.
        response = await browser.SubmitAsync(EditUrl, form => form.Set("Responsible[0].UserId", "inte-en-person"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        page = await Browser.ParseAsync(response);
        Assert.Contains("Personen för ansvarig 1 finns inte i förvaltningen.", Forms.Summary(page));
    }

    [Fact]
    public async Task A_page_of_the_follow_up_matrix_holds_fifty_units_and_the_totals_count_every_page()
    {
        var browser = await app.SignedInAsync(DemoUsers.DirectorOfEducation);
        // The insats with the most reports: the generator lets some insatser target every unit.
        var widest = await app.WithDbAsync(db => db.FollowUpReports.GroupBy(r => r.InitiativeId)
            .OrderByDescending(g => g.Count()).Select(g => new { g.Key, Count = g.Count() }).FirstAsync());
        var page = await browser.GetPageAsync($"/insatser/{widest.Key}");
        var rows = page.QuerySelectorAll("#uppfoljning tbody tr").Length;
        Assert.Equal(Insatsportal.Web.Features.FollowUps.ReportMatrix.PageSize, rows);
        var next = page.QuerySelector("#uppfoljning .pager a[rel='next']")!.GetAttribute("href")!;
        var second = await browser.GetPageAsync(next);
        // No report on both pages (unit names repeat in generated data; the report links do not).
        var reportsShown = page.QuerySelectorAll("#uppfoljning tbody a").Concat(second.QuerySelectorAll("#uppfoljning tbody a"))
            .Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(reportsShown.Count, reportsShown.Distinct().Count());
        var totals = page.QuerySelectorAll("#uppfoljning tfoot td").Select(td => td.TextContent).ToList();
        var counted = totals.Sum(t => System.Text.RegularExpressions.Regex.Matches(t, ": ([0-9]+)").Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
        // The totals count every report the user may read, on every page (drafts are the author's own).
        Assert.Equal(reportsShown.Count, counted);
        Assert.True(counted > Insatsportal.Web.Features.FollowUps.ReportMatrix.PageSize, $"{counted} of {widest.Count} reports");
    }

    [Fact]
    public async Task Above_the_limit_the_insats_list_offers_responsible_people_within_a_chosen_department()
    {
        // More responsible people than the list offers at once: every user of the förvaltning on one insats.
        var (initiative, department) = await app.WithDbAsync(async db =>
        {
            var target = await db.Initiatives.Where(i => i.Id != app.Ids.Initiative && i.Responsible.Any(r => r.DepartmentId != null))
                .OrderBy(i => i.Id).Select(i => new { i.Id, Department = i.Responsible.First(r => r.DepartmentId != null).DepartmentId!.Value }).FirstAsync();
            var organisation = await db.Initiatives.Where(i => i.Id == target.Id).Select(i => i.Plan.OrganisationId).SingleAsync();
            var people = await db.Users.Where(u => u.OrganisationId == organisation).OrderBy(u => u.Id).Select(u => u.Id)
                .Take(InitiativeSearch.PersonListLimit + 50).ToListAsync();
            db.ResponsibleEntries.AddRange(people.Select((id, n) => new Insatsportal.Web.Domain.ResponsibleEntry
            {
                InitiativeId = target.Id, SortOrder = 10 + n, RoleTitle = "Lärgrupp", UserId = id,
            }));
            await db.SaveChangesAsync();
            return (target.Id, target.Department);
        });
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);

        var page = await browser.GetPageAsync("/insatser");
        Assert.Equal([""], page.QuerySelectorAll("#person option").Select(o => o.GetAttribute("value")!).ToList());
        Assert.Contains("Välj en avdelning och sök", page.QuerySelector("#person-hjalp")!.TextContent);
        Assert.Equal("person-hjalp", page.QuerySelector("#person")!.GetAttribute("aria-describedby"));

        // Within the department: its insatser's people, among them those of the crowded insats.
        page = await browser.GetPageAsync($"/insatser?avdelning={department}");
        var offered = page.QuerySelectorAll("#person option").Select(o => o.GetAttribute("value")!).Where(v => v != "").ToList();
        var expected = await app.WithDbAsync(db => db.ResponsibleEntries
            .Where(r => r.UserId != null && !r.Initiative.IsArchived && r.Initiative.Responsible.Any(d => d.DepartmentId == department))
            .Select(r => r.UserId!).Distinct().ToListAsync());
        Assert.Equal(expected.Order(), offered.Order());
        Assert.Null(page.QuerySelector("#person-hjalp"));

        // A person given in a link stays chosen (and filters) without the department.
        var person = offered[0];
        page = await browser.GetPageAsync($"/insatser?person={person}");
        Assert.Equal(person, page.QuerySelector("#person option[selected]")!.GetAttribute("value"));
        Assert.Contains(page.QuerySelectorAll("table a"), a => a.GetAttribute("href") == $"/insatser/{initiative}");
    }
}
