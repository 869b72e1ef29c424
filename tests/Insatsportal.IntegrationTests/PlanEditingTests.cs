using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

public class PlanEditingTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string HalmstadPlan = "halmstad-utvecklingsplan-2020-2021";

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);
        return browser;
    }

    /// <summary>A plan of its own for a test that changes it, so tests do not depend on each other's order.</summary>
    private async Task<int> NewPlanAsync(string name, string organisation = TestData.Halmstad) =>
        (await app.Data.PlanAsync(name, organisation, configure: plan =>
        {
            plan.Kind = PlanKind.DevelopmentPlan;
            plan.FollowUpOccasions = [new FollowUpOccasion { SortOrder = 1, Kind = FollowUpOccasionKind.InterimReport, Name = "Delårsrapport", Timing = "augusti" }];
            plan.Themes = [new Theme { Key = "t1", SortOrder = 1, Kind = ThemeKind.PriorityArea, Name = "Läsning" }];
        })).Id;

    private static Dictionary<string, string> NewPlanFields(string name) => new()
    {
        ["Name"] = name, ["Kind"] = "ActionPlan", ["Status"] = "Draft", ["PeriodStart"] = "2026-01-01", ["PeriodEnd"] = "2026-12-31",
        ["AdoptedBy"] = "", ["AdoptedOn"] = "", ["Description"] = "Om planen.", ["Source"] = "",
        ["Occasions[0].Kind"] = "AnnualReport", ["Occasions[0].Name"] = "Verksamhetsberättelse", ["Occasions[0].Timing"] = "februari",
        ["Themes[0].Kind"] = "Heading", ["Themes[0].Code"] = "1", ["Themes[0].Name"] = "Kompetensutveckling",
        ["command"] = "save",
    };

    [Fact]
    public async Task Forvaltningschef_creates_a_plan_in_their_own_forvaltning_with_history()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);

        var response = await browser.PostFormAsync("/planer/ny", NewPlanFields("Åtgärdsplan för läsning 2026"));

        Forms.AssertRedirect(response, "/planer/");
        var plan = await app.WithDbAsync(db => db.Plans.Include(p => p.FollowUpOccasions).Include(p => p.Themes).Include(p => p.Organisation)
            .AsNoTracking().SingleAsync(p => p.Name == "Åtgärdsplan för läsning 2026"));
        Assert.Equal(("halmstad-buf", PlanKind.ActionPlan, PlanStatus.Draft), (plan.Organisation.Key, plan.Kind, plan.Status));
        Assert.Equal((new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)), (plan.PeriodStart, plan.PeriodEnd));
        Assert.Equal("Verksamhetsberättelse", Assert.Single(plan.FollowUpOccasions).Name);
        Assert.Equal(("1", "Kompetensutveckling"), (Assert.Single(plan.Themes).Code, plan.Themes[0].Name));
        Assert.True(await app.WithDbAsync(db => db.ChangeLog.AnyAsync(c => c.EntityType == HistoryEntityTypes.Plan && c.EntityId == plan.Id && c.Action == ChangeAction.Created)));
        var page = await browser.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("Planen är sparad.", page.QuerySelector(".notice--success")!.TextContent.Trim());
    }

    [Fact]
    public async Task Adding_and_removing_rows_is_a_round_trip_that_keeps_typed_values_and_saves_nothing()
    {
        var browser = await SignedInAsync(DemoUsers.DepartmentHead);
        var before = await app.WithDbAsync(db => db.Plans.CountAsync());
        var fields = NewPlanFields("Ej sparad plan").With(("PeriodEnd", "2020-01-01"), ("command", "add-occasion"));

        var added = await browser.PostFormAsync("/planer/ny", fields);

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var page = await Browser.ParseAsync(added);
        Assert.Null(page.QuerySelector(".error-summary"));
        Assert.Equal("Ej sparad plan", page.QuerySelector("#Name")!.GetAttribute("value"));
        Assert.Equal("februari", page.QuerySelector("#Occasions_0__Timing")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector("#Occasions_1__Name"));
        Assert.Equal("Uppföljningstillfälle 2", page.QuerySelector("#uppfoljningstillfalle-2 legend")!.TextContent.Trim());

        var values = Forms.Values(page.QuerySelector("main form[method=post]")!);
        var removed = await browser.PostFormAsync("/planer/ny", values.With(("Occasions[1].Name", "Lägesbedömning"), ("command", "remove-occasion-0")));
        var after = await Browser.ParseAsync(removed);
        Assert.Equal("Lägesbedömning", after.QuerySelector("#Occasions_0__Name")!.GetAttribute("value"));
        Assert.Null(after.QuerySelector("#Occasions_1__Name"));
        Assert.Equal("Kompetensutveckling", after.QuerySelector("#Themes_0__Name")!.GetAttribute("value"));
        Assert.Equal(before, await app.WithDbAsync(db => db.Plans.CountAsync()));
    }

    [Theory]
    [InlineData(DemoUsers.Principal)]
    [InlineData(DemoUsers.Official)]
    [InlineData(DemoUsers.Administrator)]
    public async Task Roles_without_the_right_cannot_create_edit_or_archive_plans(string email)
    {
        var browser = await SignedInAsync(email);
        var id = await app.Data.PlanIdAsync(HalmstadPlan);
        var before = await app.WithDbAsync(db => db.Plans.CountAsync());

        Forms.AssertAccessDenied(await browser.GetAsync("/planer/ny"));
        Forms.AssertAccessDenied(await browser.PostFormAsync("/planer", NewPlanFields("Obehörig plan"), Forms.AnyForm, "/planer/ny"));
        Forms.AssertAccessDenied(await browser.GetAsync($"/planer/{id}/redigera"));
        Forms.AssertAccessDenied(await browser.PostFormAsync("/planer", NewPlanFields("Obehörig"), Forms.AnyForm, $"/planer/{id}/redigera"));
        Forms.AssertAccessDenied(await browser.PostFormAsync("/planer", new Dictionary<string, string> { ["Reason"] = "Nej" }, Forms.AnyForm, $"/planer/{id}/arkivera"));
        Forms.AssertAccessDenied(await browser.PostFormAsync("/planer", new Dictionary<string, string>(), Forms.AnyForm, $"/planer/{id}/aterstall"));

        Assert.Equal(before, await app.WithDbAsync(db => db.Plans.CountAsync()));
        Assert.Equal("Utvecklingsplan 2020–2021", await app.WithDbAsync(db => db.Plans.Where(p => p.Id == id).Select(p => p.Name).SingleAsync()));
        Assert.Null((await browser.GetPageAsync("/planer")).QuerySelector("a[href='/planer/ny']"));
        Assert.Null((await browser.GetPageAsync($"/planer/{id}")).QuerySelector($"a[href='/planer/{id}/redigera']"));
    }

    [Fact]
    public async Task Avdelningschef_cannot_archive_a_plan()
    {
        var browser = await SignedInAsync(DemoUsers.DepartmentHead);
        var id = await NewPlanAsync("Avdelningens plan");

        Forms.AssertAccessDenied(await browser.PostFormAsync($"/planer/{id}", new Dictionary<string, string> { ["Reason"] = "Klar" }, Forms.AnyForm, $"/planer/{id}/arkivera"));

        Assert.False(await app.WithDbAsync(db => db.Plans.Where(p => p.Id == id).Select(p => p.IsArchived).SingleAsync()));
        var page = await browser.GetPageAsync($"/planer/{id}");
        Assert.Null(page.QuerySelector("form.archive-form"));
        Assert.NotNull(page.QuerySelector($"a[href='/planer/{id}/redigera']"));
    }

    [Fact]
    public async Task Avdelningschef_edits_a_plan_and_the_history_records_old_and_new_values()
    {
        var browser = await SignedInAsync(DemoUsers.DepartmentHead);
        var id = await NewPlanAsync("Plan före ändring");
        var form = await browser.ReadFormAsync($"/planer/{id}/redigera");

        var response = await browser.PostFormAsync($"/planer/{id}/redigera", form.With(
            ("Name", "Plan efter ändring"), ("Status", "Closed"), ("Occasions[0].Timing", "september"), ("command", "save")));

        Forms.AssertRedirect(response, $"/planer/{id}");
        var plan = await app.WithDbAsync(db => db.Plans.Include(p => p.FollowUpOccasions).AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal(("Plan efter ändring", PlanStatus.Closed, "september"), (plan.Name, plan.Status, plan.FollowUpOccasions[0].Timing));
        var changes = await app.WithDbAsync(db => db.ChangeLog.Where(c => c.EntityType == HistoryEntityTypes.Plan && c.EntityId == id)
            .ToDictionaryAsync(c => c.Field!, c => (c.OldValue, c.NewValue, c.UserName)));
        Assert.Equal(("Plan före ändring", "Plan efter ändring", "Anders Berg"), changes["Namn"]);
        Assert.Equal(("Fastställd", "Avslutad", "Anders Berg"), changes["Status"]);
        Assert.Equal(("Delårsrapport: Delårsrapport (augusti)", "Delårsrapport: Delårsrapport (september)", "Anders Berg"), changes["Uppföljningstillfälle 1"]);
        Assert.Equal(3, changes.Count);
        var history = await browser.GetPageAsync($"/planer/{id}/historik");
        Assert.Contains("Plan före ändring", history.QuerySelector("main table")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forvaltningschef_cannot_edit_or_archive_another_forvaltnings_plan()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var stockholm = await NewPlanAsync("Stockholms plan", "stockholm-utbf");

        Forms.AssertAccessDenied(await browser.GetAsync($"/planer/{stockholm}/redigera"));
        Forms.AssertAccessDenied(await browser.PostFormAsync("/planer", NewPlanFields("Kapad"), Forms.AnyForm, $"/planer/{stockholm}/redigera"));
        Forms.AssertAccessDenied(await browser.PostFormAsync("/planer", new Dictionary<string, string> { ["Reason"] = "Kapad" }, Forms.AnyForm, $"/planer/{stockholm}/arkivera"));

        var plan = await app.WithDbAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.Id == stockholm));
        Assert.Equal(("Stockholms plan", false), (plan.Name, plan.IsArchived));
    }

    [Fact]
    public async Task Unknown_plan_ids_give_404()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/planer/999999/redigera")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostFormAsync("/planer", NewPlanFields("X"), Forms.AnyForm, "/planer/999999/redigera")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostFormAsync("/planer", new Dictionary<string, string> { ["Reason"] = "x" }, Forms.AnyForm, "/planer/999999/arkivera")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostFormAsync("/planer", new Dictionary<string, string>(), Forms.AnyForm, "/planer/999999/aterstall")).StatusCode);
    }

    [Fact]
    public async Task Invalid_plan_input_is_shown_in_swedish_next_to_each_field_and_nothing_is_saved()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var id = await NewPlanAsync("Plan som ska vara orörd");
        var before = await app.WithDbAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.Id == id));
        var form = await browser.ReadFormAsync($"/planer/{id}/redigera");

        var response = await browser.PostFormAsync($"/planer/{id}/redigera", form.With(
            ("Name", ""), ("Kind", "99"), ("PeriodStart", "2026-06-01"), ("PeriodEnd", "2026-01-01"), ("AdoptedOn", "1850-01-01"),
            ("Description", "Min text som inte får försvinna"), ("Occasions[0].Name", ""), ("command", "save")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Equal("Ange planens namn.", Forms.FieldError(page, "Name"));
        Assert.Equal("Välj en typ av plan i listan.", Forms.FieldError(page, "Kind"));
        Assert.Equal("Perioden kan inte sluta innan den börjar.", Forms.FieldError(page, "PeriodEnd"));
        Assert.StartsWith("Ange ett datum för fastställandet mellan 1 januari 1990", Forms.FieldError(page, "AdoptedOn"), StringComparison.Ordinal);
        Assert.Equal("Ange namn för uppföljningstillfälle 1.", Forms.FieldError(page, "Occasions[0].Name"));
        var summary = Forms.Summary(page);
        Assert.Contains("Ange planens namn.", summary, StringComparison.Ordinal);
        Assert.Contains("Perioden kan inte sluta innan den börjar.", summary, StringComparison.Ordinal);
        Assert.Equal("Min text som inte får försvinna", page.QuerySelector("#Description")!.TextContent.Trim());
        Assert.Equal("2026-06-01", page.QuerySelector("#PeriodStart")!.GetAttribute("value"));
        Assert.Equal("PeriodEnd-fel", page.QuerySelector("#PeriodEnd")!.GetAttribute("aria-describedby"));
        var after = await app.WithDbAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal((before.Name, before.Kind, before.PeriodEnd, before.Description, before.ConcurrencyToken), (after.Name, after.Kind, after.PeriodEnd, after.Description, after.ConcurrencyToken));
    }

    [Fact]
    public async Task A_concurrent_plan_edit_is_refused_and_keeps_the_first_save_and_the_second_users_input()
    {
        var first = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var second = await SignedInAsync(DemoUsers.DepartmentHead);
        var id = await NewPlanAsync("Plan som två redigerar");
        var firstForm = await first.ReadFormAsync($"/planer/{id}/redigera");
        var secondForm = await second.ReadFormAsync($"/planer/{id}/redigera");

        Forms.AssertRedirect(await first.PostFormAsync($"/planer/{id}/redigera", firstForm.With(("Description", "Karins beskrivning"), ("command", "save"))), $"/planer/{id}");
        var response = await second.PostFormAsync($"/planer/{id}/redigera", secondForm.With(("Description", "Anders beskrivning"), ("command", "save")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        var conflict = page.QuerySelector("#konflikt")!.TextContent;
        Assert.Contains("Karin Holm", conflict, StringComparison.Ordinal);
        Assert.Contains("Karins beskrivning", conflict, StringComparison.Ordinal);
        Assert.Contains("Någon annan har sparat ändringar", Forms.Summary(page), StringComparison.Ordinal);
        Assert.Equal("Anders beskrivning", page.QuerySelector("#Description")!.TextContent.Trim());
        Assert.Equal("Karins beskrivning", await app.WithDbAsync(db => db.Plans.Where(p => p.Id == id).Select(p => p.Description).SingleAsync()));
    }

    [Fact]
    public async Task A_change_to_rows_only_still_moves_the_token_so_a_stale_form_is_refused()
    {
        var first = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var second = await SignedInAsync(DemoUsers.DepartmentHead);
        var id = await NewPlanAsync("Plan med rader");
        var firstForm = await first.ReadFormAsync($"/planer/{id}/redigera");
        var secondForm = await second.ReadFormAsync($"/planer/{id}/redigera");

        await first.PostFormAsync($"/planer/{id}/redigera", firstForm.With(("Themes[0].Name", "Läsning och skrivning"), ("command", "save")));
        var response = await second.PostFormAsync($"/planer/{id}/redigera", secondForm.With(("Name", "Annat namn"), ("command", "save")));

        Assert.NotNull((await Browser.ParseAsync(response)).QuerySelector("#konflikt"));
        var plan = await app.WithDbAsync(db => db.Plans.Include(p => p.Themes).AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal(("Plan med rader", "Läsning och skrivning"), (plan.Name, plan.Themes[0].Name));
    }

    [Fact]
    public async Task Archiving_a_plan_needs_a_reason_hides_it_and_restoring_brings_it_back_with_history()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var id = await NewPlanAsync("Plan att arkivera");

        var refused = await browser.PostFormAsync($"/planer/{id}", new Dictionary<string, string> { ["Reason"] = "" }, "form.archive-form");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedPage = await Browser.ParseAsync(refused);
        Assert.Equal("Ange varför uppgiften arkiveras.", Forms.FieldError(refusedPage, "Reason"));
        Assert.Contains("Ange varför uppgiften arkiveras.", Forms.Summary(refusedPage), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Plans.Where(p => p.Id == id).Select(p => p.IsArchived).SingleAsync()));

        Forms.AssertRedirect(await browser.PostFormAsync($"/planer/{id}", new Dictionary<string, string> { ["Reason"] = "Ersatt av en ny plan" }, "form.archive-form"), $"/planer/{id}");
        var archived = await app.WithDbAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal((true, "Ersatt av en ny plan"), (archived.IsArchived, archived.ArchivedReason));
        Assert.NotNull(archived.ArchivedAt);
        Assert.NotNull(archived.ArchivedByUserId);

        var list = await browser.GetPageAsync("/planer");
        Assert.Null(list.QuerySelector($"a[href='/planer/{id}']"));
        var withArchived = await browser.GetPageAsync("/planer?arkiverade=1");
        Assert.Contains("Arkiverad", withArchived.QuerySelector($"a[href='/planer/{id}']")!.ParentElement!.TextContent, StringComparison.Ordinal);
        var page = await browser.GetPageAsync($"/planer/{id}");
        Assert.Contains("Ersatt av en ny plan", page.QuerySelector("#arkiverad")!.TextContent, StringComparison.Ordinal);

        Forms.AssertRedirect(await browser.PostFormAsync($"/planer/{id}", new Dictionary<string, string>(), $"form[action='/planer/{id}/aterstall']"), $"/planer/{id}");
        Assert.False(await app.WithDbAsync(db => db.Plans.Where(p => p.Id == id).Select(p => p.IsArchived).SingleAsync()));
        var history = await app.WithDbAsync(db => db.ChangeLog.Where(c => c.EntityType == HistoryEntityTypes.Plan && c.EntityId == id).OrderBy(c => c.Id)
            .Select(c => new { c.Action, c.NewValue }).ToListAsync());
        Assert.Equal([ChangeAction.Archived, ChangeAction.Restored], history.Select(h => h.Action));
        Assert.Equal("Ersatt av en ny plan", history[0].NewValue);
    }
}
