using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

public class InitiativeEditingTests(AppFactory app) : IClassFixture<AppFactory>
{
    private Task<int> PlanId(string key = "halmstad-utvecklingsplan-2020-2021") =>
        app.WithDbAsync(db => db.Plans.Where(p => p.Key == key).Select(p => p.Id).SingleAsync());

    private Task<int> InitiativeId(string key) =>
        app.WithDbAsync(db => db.Initiatives.Where(i => i.Key == key).Select(i => i.Id).SingleAsync());

    private Task<int> DepartmentId(string key) =>
        app.WithDbAsync(db => db.Departments.Where(d => d.Key == key && d.Organisation.Key == "halmstad-buf").Select(d => d.Id).SingleAsync());

    private static async Task<IDocument> RoundTripAsync(HttpClient browser, IDocument page, string url, Action<FormData> fill, string command)
    {
        var response = await browser.SubmitAsync(page, url, fill, command);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Browser.ParseAsync(response);
    }

    private static async Task<Initiative> LoadAsync(AppFactory app, int id) => await app.WithDbAsync(db => db.Initiatives
        .Include(i => i.Responsible).Include(i => i.Activities).Include(i => i.FollowUpPlan).Include(i => i.ExpectedEffects)
        .Include(i => i.Resources).Include(i => i.Partners).Include(i => i.TargetedUnits).Include(i => i.Themes)
        .AsSplitQuery().AsNoTracking().SingleAsync(i => i.Id == id));

    [Fact]
    public async Task The_whole_Barn_och_elevhearings_insats_can_be_entered_through_the_forms_and_reads_back_field_by_field()
    {
        var original = await LoadAsync(app, await InitiativeId("barn-och-elevhearings"));
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var url = $"/insatser/ny?plan={S(original.PlanId)}";
        IDocument page = await browser.GetPageAsync(url);

        // Grow every list to the original's length with the form's own "Lägg till" buttons.
        foreach (var (list, count, have) in new[]
        {
            ("responsible", original.Responsible.Count, 1), ("activities", original.Activities.Count, 1),
            ("followups", original.FollowUpPlan.Count, 0), ("effects", original.ExpectedEffects.Count, 0),
            ("resources", original.Resources.Count, 0),
        })
        {
            for (var n = have; n < count; n++)
            {
                page = await RoundTripAsync(browser, page, url, _ => { }, $"add-{list}");
            }
        }

        var response = await browser.SubmitAsync(page, url, form =>
        {
            form.Set("Title", original.Title).Set("GoalId", S(original.GoalId!.Value)).Set("Status", original.Status.ToString())
                .Set("StartDate", original.StartDate!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                .Set("EndDate", original.EndDate!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                .Set("Origin", original.Origin!).Set("HasAssignmentDescription", "ja").Set("Background", original.Background!);
            foreach (var (r, n) in original.Responsible.OrderBy(r => r.SortOrder).Select((r, n) => (r, n)))
            {
                form.Set($"Responsible[{n}].RoleTitle", r.RoleTitle).Set($"Responsible[{n}].Parts", r.Parts ?? "");
            }
            foreach (var (a, n) in original.Activities.OrderBy(a => a.Number).Select((a, n) => (a, n)))
            {
                form.Set($"Activities[{n}].Text", a.Text).Set($"Activities[{n}].Timing", a.Timing ?? "");
            }
            foreach (var (f, n) in original.FollowUpPlan.OrderBy(f => f.SortOrder).Select((f, n) => (f, n)))
            {
                form.Set($"FollowUps[{n}].Method", f.Method).Set($"FollowUps[{n}].Timing", f.Timing ?? "").Set($"FollowUps[{n}].RefersTo", f.RefersTo ?? "");
            }
            foreach (var (e, n) in original.ExpectedEffects.OrderBy(e => e.SortOrder).Select((e, n) => (e, n)))
            {
                form.Set($"Effects[{n}].Text", e.Text).Set($"Effects[{n}].RefersTo", e.RefersTo ?? "");
            }
            foreach (var (r, n) in original.Resources.OrderBy(r => r.SortOrder).Select((r, n) => (r, n)))
            {
                form.Set($"Resources[{n}].Text", r.Text).Set($"Resources[{n}].RefersTo", r.RefersTo ?? "");
            }
            foreach (var unit in original.TargetedUnits)
            {
                form.Add("UnitIds", S(unit.UnitId));
            }
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = IdFrom(response);
        var entered = await LoadAsync(app, id);
        Assert.NotEqual(original.Id, entered.Id);
        Assert.Equal(original.Title, entered.Title);
        Assert.Equal(original.GoalId, entered.GoalId);
        Assert.Equal(original.Background, entered.Background);
        Assert.Equal(original.Status, entered.Status);
        Assert.Equal(original.StartDate, entered.StartDate);
        Assert.Equal(original.EndDate, entered.EndDate);
        Assert.Equal(original.Origin, entered.Origin);
        Assert.Equal(original.HasAssignmentDescription, entered.HasAssignmentDescription);
        Assert.Equal(original.Responsible.OrderBy(r => r.SortOrder).Select(r => (r.RoleTitle, r.Parts)), entered.Responsible.OrderBy(r => r.SortOrder).Select(r => (r.RoleTitle, r.Parts)));
        Assert.Equal(original.Activities.OrderBy(a => a.Number).Select(a => (a.Number, a.Text, a.Timing)), entered.Activities.OrderBy(a => a.Number).Select(a => (a.Number, a.Text, a.Timing)));
        Assert.Equal(original.FollowUpPlan.OrderBy(f => f.SortOrder).Select(f => (f.RefersTo, f.Method, f.Timing)), entered.FollowUpPlan.OrderBy(f => f.SortOrder).Select(f => (f.RefersTo, f.Method, f.Timing)));
        Assert.Equal(original.ExpectedEffects.OrderBy(e => e.SortOrder).Select(e => (e.RefersTo, e.Text)), entered.ExpectedEffects.OrderBy(e => e.SortOrder).Select(e => (e.RefersTo, e.Text)));
        Assert.Equal(original.Resources.OrderBy(r => r.SortOrder).Select(r => (r.RefersTo, r.Text)), entered.Resources.OrderBy(r => r.SortOrder).Select(r => (r.RefersTo, r.Text)));
        Assert.Equal(original.TargetedUnits.Select(u => u.UnitId).Order(), entered.TargetedUnits.Select(u => u.UnitId).Order());
        Assert.Equal(3, entered.ExpectedEffects.Count);
        Assert.Equal(2, entered.Resources.Count);
    }

    [Fact]
    public async Task An_official_edits_an_insats_of_their_own_department_and_every_change_is_in_the_history()
    {
        var id = await InitiativeId("underlag-undersokande");
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.Official);

        var response = await browser.SubmitAsync($"/insatser/{S(id)}/redigera", form => form
            .Set("Status", "Paused")
            .Set("Activities[0].Timing", "Hösten 2021")
            .Set("Resources[0].AmountKronor", "25000"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var confirmation = await browser.GetPageAsync($"/insatser/{S(id)}");
        Assert.Contains("Insatsen är sparad.", confirmation.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        var saved = await LoadAsync(app, id);
        Assert.Equal(InitiativeStatus.Paused, saved.Status);
        Assert.Equal(25000, saved.Resources.OrderBy(r => r.SortOrder).First().AmountKronor);

        var history = await browser.GetPageAsync($"/insatser/{S(id)}/historik");
        var rows = history.QuerySelectorAll("table.history tbody tr")
            .Select(tr => (Field: tr.QuerySelector("th")!.TextContent, Old: tr.QuerySelector(".history__old")!.TextContent, New: tr.QuerySelector(".history__new")!.TextContent.Replace('\u00a0', ' '), Who: tr.QuerySelectorAll("td")[1].TextContent))
            .ToList();
        Assert.Contains(("Status", "Pågående", "Pausad", "Johan Ek"), rows);
        Assert.Contains(("Aktivitet 1 – när", "Läsåret 2020–2021", "Hösten 2021", "Johan Ek"), rows);
        Assert.Contains(("Resurs 1 – kronor", "–", "25 000", "Johan Ek"), rows);
    }

    [Theory]
    [InlineData(DemoUsers.Principal)]
    [InlineData(DemoUsers.Administrator)]
    public async Task Principals_and_administrators_cannot_create_or_edit_insatser(string email)
    {
        var plan = await PlanId();
        var id = await InitiativeId("underlag-undersokande");
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);

        foreach (var url in new[] { $"/insatser/ny?plan={S(plan)}", $"/insatser/{S(id)}/redigera" })
        {
            var response = await browser.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/atkomst-nekad", response.Headers.Location!.AbsolutePath);
        }
        var token = await AntiforgeryTokenAsync(browser);
        var post = await browser.PostAsync($"/insatser/{S(id)}/redigera", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Title"] = "Kapad", ["Status"] = "Ongoing",
        }));
        Assert.Equal("/atkomst-nekad", post.Headers.Location!.AbsolutePath);
        Assert.NotEqual("Kapad", (await LoadAsync(app, id)).Title);
    }

    [Fact]
    public async Task An_official_cannot_edit_another_departments_insats_even_with_a_guessed_id()
    {
        var hr = await InitiativeId("ledarforsorjning");
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.Official);

        Assert.Equal("/atkomst-nekad", (await browser.GetAsync($"/insatser/{S(hr)}/redigera")).Headers.Location!.AbsolutePath);
        var token = await AntiforgeryTokenAsync(browser);
        foreach (var action in new[] { "redigera", "arkivera", "kopiera" })
        {
            var response = await browser.PostAsync($"/insatser/{S(hr)}/{action}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Title"] = "Kapad", ["Status"] = "Ongoing", ["Reason"] = "Kapad",
            }));
            Assert.Equal("/atkomst-nekad", response.Headers.Location!.AbsolutePath);
        }
        var after = await LoadAsync(app, hr);
        Assert.Equal("Ledarförsörjning", after.Title);
        Assert.False(after.IsArchived);
    }

    [Fact]
    public async Task A_director_cannot_edit_another_forvaltnings_insats()
    {
        var stockholm = await app.WithDbAsync(db => db.Initiatives.Where(i => i.Plan.Organisation.Key == "stockholm-utbf").Select(i => i.Id).FirstAsync());
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);

        Assert.Equal("/atkomst-nekad", (await browser.GetAsync($"/insatser/{S(stockholm)}/redigera")).Headers.Location!.AbsolutePath);
        Assert.Equal("/atkomst-nekad", (await browser.GetAsync($"/insatser/ny?plan={S(await PlanId("stockholm-samverkan-kf-budget"))}")).Headers.Location!.AbsolutePath);
    }

    /// <summary>A förvaltningschef of the Stockholm utbildningsförvaltning, who may edit its insatser.</summary>
    private async Task<HttpClient> StockholmDirectorAsync()
    {
        const string email = "forvaltningschef.stockholm@insatsportal.example";
        await app.WithDbAsync(async db =>
        {
            if (await db.Users.AnyAsync(u => u.Email == email))
            {
                return;
            }
            using var scope = app.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser
            {
                UserName = email, Email = email, DisplayName = "Stockholms förvaltningschef",
                OrganisationId = await db.Organisations.Where(o => o.Key == "stockholm-utbf").Select(o => o.Id).SingleAsync(),
            };
            Assert.True((await users.CreateAsync(user, AppFactory.DemoPassword)).Succeeded);
            await users.AddToRoleAsync(user, Roles.DirectorOfEducation);
        });
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);
        return browser;
    }

    [Fact]
    public async Task An_insats_that_came_without_a_responsible_asks_for_one_but_can_still_be_saved_without()
    {
        // Stockholm 2008–2010 "IT-struktur" names no responsible, as in its source document.
        var id = await InitiativeId("it-struktur");
        Assert.Empty((await LoadAsync(app, id)).Responsible);
        var browser = await StockholmDirectorAsync();
        var url = $"/insatser/{S(id)}/redigera";

        var page = await browser.GetPageAsync(url);
        Assert.Contains("Insatsen har ingen ansvarig", page.QuerySelector("#Responsible-saknas")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Ansvariga", page.QuerySelector("#Responsible > legend")!.TextContent);
        Assert.Equal("", ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("input[name='Responsible[0].RoleTitle']")!).Value);

        var saved = await browser.SubmitAsync(page, url, form => form.Set("Title", "IT-struktur för skolorna"));
        Forms.AssertRedirect(saved, $"/insatser/{S(id)}");
        var after = await LoadAsync(app, id);
        Assert.Equal("IT-struktur för skolorna", after.Title);
        Assert.Empty(after.Responsible);

        // Once it has a responsible, the usual rule holds: it cannot lose the last one.
        Forms.AssertRedirect(await browser.SubmitAsync(url, form => form.Set("Responsible[0].RoleTitle", "IT-chef")), $"/insatser/{S(id)}");
        Assert.Equal("IT-chef", Assert.Single((await LoadAsync(app, id)).Responsible).RoleTitle);
        var page2 = await browser.GetPageAsync(url);
        Assert.Null(page2.QuerySelector("#Responsible-saknas"));
        var refused = await browser.SubmitAsync(page2, url, form => form.Set("Responsible[0].RoleTitle", "").Set("Title", "Utan ansvarig"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Ange minst en ansvarig.", (await Browser.ParseAsync(refused)).QuerySelector("#Responsible-fel")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("IT-struktur för skolorna", (await LoadAsync(app, id)).Title);
    }

    [Fact]
    public async Task A_new_insats_needs_a_responsible()
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var url = $"/insatser/ny?plan={S(await PlanId())}";
        var before = await app.WithDbAsync(db => db.Initiatives.CountAsync());

        var response = await browser.SubmitAsync(url, form => form.Set("Title", "Insats utan ansvarig").Set("Activities[0].Text", "Något"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Contains("Ange minst en ansvarig.", page.QuerySelector("#Responsible-fel")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#Responsible-saknas"));
        Assert.Equal(before, await app.WithDbAsync(db => db.Initiatives.CountAsync()));
    }

    [Fact]
    public async Task Unknown_ids_give_404()
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/insatser/999999/redigera")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/insatser/ny?plan=999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/insatser/ny")).StatusCode);
    }

    [Fact]
    public async Task Invalid_input_is_named_in_Swedish_next_to_each_field_nothing_is_saved_and_nothing_typed_is_lost()
    {
        var plan = await PlanId();
        var stockholmUnit = await app.WithDbAsync(db => db.Units.Where(u => u.Key == "rinkebyskolan").Select(u => u.Id).SingleAsync());
        var before = await app.WithDbAsync(async db => (await db.Initiatives.CountAsync(), await db.ChangeLog.CountAsync()));
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var url = $"/insatser/ny?plan={S(plan)}";
        var page = await RoundTripAsync(browser, await browser.GetPageAsync(url), url, _ => { }, "add-resources");

        var response = await browser.SubmitAsync(page, url, form => form
            .Set("Title", "")
            .Set("Background", "Min bakgrund <script>alert(1)</script> som inte får försvinna")
            .Set("StartDate", "2021-06-01").Set("EndDate", "2020-01-01")
            .Set("Responsible[0].RoleTitle", "")
            .Set("Responsible[0].Parts", "7")
            .Set("Activities[0].Text", "En aktivitet")
            .Set("Resources[0].Text", "Pengar").Set("Resources[0].AmountKronor", "-5")
            .Add("UnitIds", S(stockholmUnit))
            .Set("Status", "Okänd"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await Browser.ParseAsync(response);
        var summary = result.QuerySelector(".error-summary")!.TextContent;
        foreach (var message in new[]
        {
            "Ange insatsens titel.", "Slutdatum kan inte vara före startdatum.", "Ange roll för ansvarig 1.",
            "Ansvarig 1 hänvisar till en aktivitet som inte finns (det finns 1).", "Beloppet kan inte vara negativt.",
            "hör inte till förvaltningen", "inte giltigt",
        })
        {
            Assert.Contains(message, summary, StringComparison.Ordinal);
        }
        Assert.Equal("Ange insatsens titel.", result.QuerySelector("#Title-fel")!.TextContent);
        Assert.Equal("Slutdatum kan inte vara före startdatum.", result.QuerySelector("#EndDate-fel")!.TextContent);
        Assert.Equal("Beloppet kan inte vara negativt.", result.QuerySelector("#Resources_0__AmountKronor-fel")!.TextContent);
        Assert.Equal("Min bakgrund <script>alert(1)</script> som inte får försvinna", ((AngleSharp.Html.Dom.IHtmlTextAreaElement)result.QuerySelector("#Background")!).Value);
        Assert.Equal("En aktivitet", ((AngleSharp.Html.Dom.IHtmlTextAreaElement)result.QuerySelector("#Activities_0__Text")!).Value);
        Assert.Empty(result.QuerySelectorAll("main script"));
        Assert.Equal(before, await app.WithDbAsync(async db => (await db.Initiatives.CountAsync(), await db.ChangeLog.CountAsync())));
    }

    [Fact]
    public async Task An_official_must_name_their_own_department_among_the_responsible()
    {
        var plan = await PlanId();
        var hr = await DepartmentId("hr");
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.Official);

        var response = await browser.SubmitAsync($"/insatser/ny?plan={S(plan)}", form => form
            .Set("Title", "Insats åt HR").Set("Responsible[0].RoleTitle", "Avdelningschef HR")
            .Set("Responsible[0].DepartmentId", S(hr)).Set("Activities[0].Text", "Något"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Minst en ansvarig ska vara knuten till din avdelning.", (await Browser.ParseAsync(response)).QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Initiatives.AnyAsync(i => i.Title == "Insats åt HR")));
    }

    [Fact]
    public async Task Row_buttons_add_move_and_remove_rows_without_saving_and_keep_what_was_typed()
    {
        var plan = await PlanId();
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var url = $"/insatser/ny?plan={S(plan)}";
        var count = await app.WithDbAsync(db => db.Initiatives.CountAsync());

        var page = await RoundTripAsync(browser, await browser.GetPageAsync(url), url, f => f.Set("Title", "Radtest").Set("Activities[0].Text", "Första"), "add-activities");
        page = await RoundTripAsync(browser, page, url, f => f.Set("Activities[1].Text", "Andra"), "up-activities-1");

        Assert.Equal("Radtest", ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("#Title")!).Value);
        Assert.Equal("Andra", ((AngleSharp.Html.Dom.IHtmlTextAreaElement)page.QuerySelector("#Activities_0__Text")!).Value);
        Assert.Equal("Första", ((AngleSharp.Html.Dom.IHtmlTextAreaElement)page.QuerySelector("#Activities_1__Text")!).Value);
        Assert.Empty(page.QuerySelectorAll(".error-summary"));

        page = await RoundTripAsync(browser, page, url, _ => { }, "remove-activities-0");
        Assert.Equal("Första", ((AngleSharp.Html.Dom.IHtmlTextAreaElement)page.QuerySelector("#Activities_0__Text")!).Value);
        Assert.Null(page.QuerySelector("#Activities_1__Text"));
        Assert.Equal(count, await app.WithDbAsync(db => db.Initiatives.CountAsync()));
    }

    [Fact]
    public async Task The_second_of_two_concurrent_saves_is_refused_names_who_changed_it_and_keeps_the_input()
    {
        var id = await InitiativeId("barn-och-elevhalsa");
        var url = $"/insatser/{S(id)}/redigera";
        var first = app.CreateBrowser();
        await first.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var second = app.CreateBrowser();
        await second.SignInAsAsync(DemoUsers.DepartmentHead);
        var firstPage = await first.GetPageAsync(url);
        var secondPage = await second.GetPageAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, (await first.SubmitAsync(firstPage, url, f => f.Set("Title", "Elevhälsa – version A"))).StatusCode);
        var refused = await second.SubmitAsync(secondPage, url, f => f.Set("Title", "Elevhälsa – version B"));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await Browser.ParseAsync(refused);
        var conflict = page.QuerySelector("#konflikt")!.TextContent;
        Assert.Contains("Karin Holm ändrade uppgiften", conflict, StringComparison.Ordinal);
        Assert.Contains("Elevhälsa – version A", conflict, StringComparison.Ordinal);
        Assert.Equal("Elevhälsa – version B", ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("#Title")!).Value);
        Assert.Equal("Elevhälsa – version A", (await LoadAsync(app, id)).Title);
    }

    [Fact]
    public async Task Archiving_needs_a_reason_hides_the_insats_and_restoring_brings_it_back_with_history()
    {
        var id = await InitiativeId("bryta-skolsegregationen");
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);

        var noReason = await browser.PostFormAsync($"/insatser/{S(id)}", new Dictionary<string, string> { ["Reason"] = "" }, "#arkivera form");
        Assert.Equal(HttpStatusCode.Redirect, noReason.StatusCode);
        Assert.Contains("Ange varför insatsen arkiveras.", (await browser.GetPageAsync($"/insatser/{S(id)}")).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.False((await LoadAsync(app, id)).IsArchived);

        await browser.PostFormAsync($"/insatser/{S(id)}", new Dictionary<string, string> { ["Reason"] = "Ersätts av ny insats" }, "#arkivera form");
        var archived = await LoadAsync(app, id);
        Assert.True(archived.IsArchived);
        Assert.Equal("Ersätts av ny insats", archived.ArchivedReason);
        var plan = await browser.GetPageAsync($"/planer/{S(archived.PlanId)}");
        Assert.DoesNotContain("Bryta skolsegregationen", plan.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/insatser/{S(id)}/redigera")).StatusCode);

        var restore = await browser.PostFormAsync($"/insatser/{S(id)}", new Dictionary<string, string>(), "form[action$='/aterstall']");
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        Assert.False((await LoadAsync(app, id)).IsArchived);
        var history = (await browser.GetPageAsync($"/insatser/{S(id)}/historik")).QuerySelector("table.history")!.TextContent;
        Assert.Contains("Arkiverad", history, StringComparison.Ordinal);
        Assert.Contains("Ersätts av ny insats", history, StringComparison.Ordinal);
        Assert.Contains("Återställd", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copying_an_insats_makes_a_planned_copy_with_all_rows_linked_to_its_source()
    {
        var id = await InitiativeId("systematiskt-kvalitetsarbete");
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DepartmentHead);

        var response = await browser.PostFormAsync($"/insatser/{S(id)}", new Dictionary<string, string>(), "form[action$='/kopiera']");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var copyId = IdFrom(response, 2);
        var source = await LoadAsync(app, id);
        var copy = await LoadAsync(app, copyId);
        Assert.Equal(id, copy.CopiedFromId);
        Assert.Equal(source.Title + " (kopia)", copy.Title);
        Assert.Equal(InitiativeStatus.Planned, copy.Status);
        Assert.Equal(source.Activities.OrderBy(a => a.Number).Select(a => a.Text), copy.Activities.OrderBy(a => a.Number).Select(a => a.Text));
        Assert.Equal(source.Responsible.OrderBy(r => r.SortOrder).Select(r => r.RoleTitle), copy.Responsible.OrderBy(r => r.SortOrder).Select(r => r.RoleTitle));
        Assert.Equal(source.ExpectedEffects.Count, copy.ExpectedEffects.Count);
    }

    [Theory]
    [InlineData(DemoUsers.Official, true)]
    [InlineData(DemoUsers.DirectorOfEducation, true)]
    [InlineData(DemoUsers.Principal, false)]
    [InlineData(DemoUsers.Administrator, false)]
    public async Task The_plan_page_offers_a_new_insats_to_those_who_may_create_one(string email, bool offered)
    {
        var plan = await PlanId();
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);

        var page = await browser.GetPageAsync($"/planer/{S(plan)}");

        Assert.Equal(offered, page.QuerySelector($"a[href='/insatser/ny?plan={S(plan)}']") is not null);
    }

    [Fact]
    public async Task History_cannot_be_changed_or_deleted()
    {
        await app.WithDbAsync(async db =>
        {
            db.ChangeLog.Add(new ChangeLogEntry { EntityType = "Initiative", EntityId = 1, UserName = "Test", Action = ChangeAction.Updated });
            await db.SaveChangesAsync();
        });

        await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            var entry = await db.ChangeLog.FirstAsync();
            entry.NewValue = "förfalskad";
            await db.SaveChangesAsync();
        }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            db.ChangeLog.Remove(await db.ChangeLog.FirstAsync());
            await db.SaveChangesAsync();
        }));
    }

    private static async Task<string> AntiforgeryTokenAsync(HttpClient browser)
    {
        var page = await browser.GetPageAsync("/");
        return ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
    }
}
