using System.Globalization;
using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

public class GoalEditingTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);
        return browser;
    }

    /// <summary>A plan of its own with goals A, B and C, so tests do not depend on each other's order.</summary>
    private async Task<(int PlanId, int[] GoalIds)> NewPlanAsync(string organisation = TestData.Halmstad)
    {
        var plan = await app.Data.PlanAsync("Plan med mål", organisation, goals: ["Mål A", "Mål B", "Mål C"]);
        return (plan.Id, plan.GoalIds.ToArray());
    }

    private Task<List<string>> TitlesInOrderAsync(int planId) => app.WithDbAsync(db => db.Goals
        .Where(g => g.PlanId == planId && !g.IsArchived).OrderBy(g => g.SortOrder).Select(g => g.Title).ToListAsync());

    private Task<int> SteeringGroupAsync(string key) =>
        app.WithDbAsync(db => db.Groups.Where(g => g.Key == key).Select(g => g.Id).SingleAsync());

    [Fact]
    public async Task Avdelningschef_creates_a_goal_at_a_chosen_place_and_the_other_goals_are_renumbered()
    {
        var browser = await SignedInAsync(DemoUsers.DepartmentHead);
        var (planId, goals) = await NewPlanAsync();
        var steering = await SteeringGroupAsync("styrgrupp-bra-start");

        var response = await browser.PostFormAsync($"/planer/{planId}/mal/ny", new Dictionary<string, string>
        {
            ["Title"] = "Mål Ny", ["ShortName"] = "Nytt", ["Description"] = "", ["Position"] = "2",
            ["SteeringGroupId"] = steering.ToString(CultureInfo.InvariantCulture),
        });

        Forms.AssertRedirect(response, "/mal/");
        Assert.Equal(["Mål A", "Mål Ny", "Mål B", "Mål C"], await TitlesInOrderAsync(planId));
        var created = await app.WithDbAsync(db => db.Goals.AsNoTracking().SingleAsync(g => g.PlanId == planId && g.Title == "Mål Ny"));
        Assert.Equal(("Nytt", steering), (created.ShortName, created.SteeringGroupId));
        Assert.True(await app.WithDbAsync(db => db.ChangeLog.AnyAsync(c => c.EntityType == HistoryEntityTypes.Goal && c.EntityId == created.Id && c.Action == ChangeAction.Created)));
        var moved = await app.WithDbAsync(db => db.ChangeLog.SingleAsync(c => c.EntityType == HistoryEntityTypes.Goal && c.EntityId == goals[1]));
        Assert.Equal(("Plats i planen", "2", "3"), (moved.Field, moved.OldValue, moved.NewValue));
        Assert.Equal("Målet är sparat.", (await browser.GetPageAsync(response.Headers.Location!.OriginalString)).QuerySelector(".notice--success")!.TextContent.Trim());
    }

    [Fact]
    public async Task Moving_a_goal_renumbers_the_others_and_the_edit_is_recorded_with_old_and_new_values()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var (planId, goals) = await NewPlanAsync();
        var steering = await SteeringGroupAsync("styrgrupp-inflytande");
        var form = await browser.ReadFormAsync($"/mal/{goals[2]}/redigera");
        Assert.Equal("3", form["Position"]);

        var response = await browser.PostFormAsync($"/mal/{goals[2]}/redigera", form.With(("Position", "1"), ("Title", "Mål C, omformulerat"),
            ("SteeringGroupId", steering.ToString(CultureInfo.InvariantCulture))));

        Forms.AssertRedirect(response, $"/mal/{goals[2]}");
        Assert.Equal(["Mål C, omformulerat", "Mål A", "Mål B"], await TitlesInOrderAsync(planId));
        var changes = await app.WithDbAsync(db => db.ChangeLog.Where(c => c.EntityType == HistoryEntityTypes.Goal && c.EntityId == goals[2])
            .ToDictionaryAsync(c => c.Field!, c => (c.OldValue, c.NewValue)));
        Assert.Equal(("Mål C", "Mål C, omformulerat"), changes["Titel"]);
        Assert.Equal(("3", "1"), changes["Plats i planen"]);
        Assert.Equal((null, "Styrgruppen för ”Barn- och elevinflytande”"), changes["Styrgrupp"]);
    }

    [Theory]
    [InlineData(DemoUsers.Principal)]
    [InlineData(DemoUsers.Official)]
    [InlineData(DemoUsers.Administrator)]
    public async Task Roles_without_the_right_cannot_create_edit_or_archive_goals(string email)
    {
        var browser = await SignedInAsync(email);
        var (planId, goals) = await NewPlanAsync();

        Forms.AssertAccessDenied(await browser.GetAsync($"/planer/{planId}/mal/ny"));
        Forms.AssertAccessDenied(await browser.PostFormAsync("/planer", new Dictionary<string, string> { ["Title"] = "X" }, Forms.AnyForm, $"/planer/{planId}/mal/ny"));
        Forms.AssertAccessDenied(await browser.GetAsync($"/mal/{goals[0]}/redigera"));
        Forms.AssertAccessDenied(await browser.PostFormAsync("/planer", new Dictionary<string, string> { ["Title"] = "X" }, Forms.AnyForm, $"/mal/{goals[0]}/redigera"));
        Forms.AssertAccessDenied(await browser.PostFormAsync("/planer", new Dictionary<string, string> { ["Reason"] = "X" }, Forms.AnyForm, $"/mal/{goals[0]}/arkivera"));

        Assert.Equal(["Mål A", "Mål B", "Mål C"], await TitlesInOrderAsync(planId));
        Assert.Null((await browser.GetPageAsync($"/mal/{goals[0]}")).QuerySelector($"a[href='/mal/{goals[0]}/redigera']"));
    }

    [Fact]
    public async Task Avdelningschef_cannot_archive_a_goal()
    {
        var browser = await SignedInAsync(DemoUsers.DepartmentHead);
        var (_, goals) = await NewPlanAsync();

        Forms.AssertAccessDenied(await browser.PostFormAsync("/planer", new Dictionary<string, string> { ["Reason"] = "Klart" }, Forms.AnyForm, $"/mal/{goals[0]}/arkivera"));

        Assert.False(await app.WithDbAsync(db => db.Goals.Where(g => g.Id == goals[0]).Select(g => g.IsArchived).SingleAsync()));
        Assert.Null((await browser.GetPageAsync($"/mal/{goals[0]}")).QuerySelector("form.archive-form"));
    }

    [Fact]
    public async Task Forvaltningschef_cannot_change_another_forvaltnings_goals_and_unknown_ids_give_404()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var (planId, goals) = await NewPlanAsync("stockholm-utbf");

        Forms.AssertAccessDenied(await browser.GetAsync($"/planer/{planId}/mal/ny"));
        Forms.AssertAccessDenied(await browser.GetAsync($"/mal/{goals[0]}/redigera"));
        Forms.AssertAccessDenied(await browser.PostFormAsync("/planer", new Dictionary<string, string> { ["Title"] = "Kapat" }, Forms.AnyForm, $"/mal/{goals[0]}/redigera"));
        Forms.AssertAccessDenied(await browser.PostFormAsync("/planer", new Dictionary<string, string> { ["Reason"] = "Kapat" }, Forms.AnyForm, $"/mal/{goals[0]}/arkivera"));
        Assert.Equal(["Mål A", "Mål B", "Mål C"], await TitlesInOrderAsync(planId));

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/mal/999999/redigera")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/planer/999999/mal/ny")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostFormAsync("/planer", new Dictionary<string, string> { ["Reason"] = "x" }, Forms.AnyForm, "/mal/999999/arkivera")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostFormAsync("/planer", new Dictionary<string, string>(), Forms.AnyForm, "/mal/999999/aterstall")).StatusCode);
    }

    [Fact]
    public async Task Invalid_goal_input_is_shown_in_swedish_next_to_the_field_and_nothing_is_saved()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var (planId, goals) = await NewPlanAsync();
        var stockholmGroup = await app.WithDbAsync(db => db.Groups.Where(g => g.Organisation.Key == "stockholm-utbf").Select(g => g.Id).FirstAsync());
        var form = await browser.ReadFormAsync($"/mal/{goals[0]}/redigera");

        var response = await browser.PostFormAsync($"/mal/{goals[0]}/redigera", form.With(("Title", ""), ("ShortName", "Mitt kortnamn"),
            ("Position", "9"), ("SteeringGroupId", stockholmGroup.ToString(CultureInfo.InvariantCulture))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Equal("Ange målets titel.", Forms.FieldError(page, "Title"));
        Assert.Equal("Ange en plats mellan 1 och 3.", Forms.FieldError(page, "Position"));
        Assert.Equal("Välj en styrgrupp i förvaltningen i listan.", Forms.FieldError(page, "SteeringGroupId"));
        Assert.Contains("Ange målets titel.", Forms.Summary(page), StringComparison.Ordinal);
        Assert.Equal("Mitt kortnamn", page.QuerySelector("#ShortName")!.GetAttribute("value"));
        var goal = await app.WithDbAsync(db => db.Goals.AsNoTracking().SingleAsync(g => g.Id == goals[0]));
        Assert.Equal(("Mål A", (string?)null, (int?)null), (goal.Title, goal.ShortName, goal.SteeringGroupId));
        Assert.Equal(["Mål A", "Mål B", "Mål C"], await TitlesInOrderAsync(planId));
    }

    [Fact]
    public async Task A_concurrent_goal_edit_is_refused_and_keeps_the_first_save_and_the_second_users_input()
    {
        var first = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var second = await SignedInAsync(DemoUsers.DepartmentHead);
        var (_, goals) = await NewPlanAsync();
        var firstForm = await first.ReadFormAsync($"/mal/{goals[1]}/redigera");
        var secondForm = await second.ReadFormAsync($"/mal/{goals[1]}/redigera");

        Forms.AssertRedirect(await first.PostFormAsync($"/mal/{goals[1]}/redigera", firstForm.With(("ShortName", "Karins kortnamn"))), $"/mal/{goals[1]}");
        var response = await second.PostFormAsync($"/mal/{goals[1]}/redigera", secondForm.With(("ShortName", "Anders kortnamn")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Contains("Karin Holm", page.QuerySelector("#konflikt")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Anders kortnamn", page.QuerySelector("#ShortName")!.GetAttribute("value"));
        Assert.Equal("Karins kortnamn", await app.WithDbAsync(db => db.Goals.Where(g => g.Id == goals[1]).Select(g => g.ShortName).SingleAsync()));
    }

    [Fact]
    public async Task Archiving_a_goal_hides_it_on_the_plan_page_unless_archived_are_shown_and_it_can_be_restored()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var (planId, goals) = await NewPlanAsync();

        var refused = await browser.PostFormAsync($"/mal/{goals[0]}", new Dictionary<string, string> { ["Reason"] = "" }, "form.archive-form");
        Assert.Equal("Ange varför uppgiften arkiveras.", Forms.FieldError(await Browser.ParseAsync(refused), "Reason"));

        Forms.AssertRedirect(await browser.PostFormAsync($"/mal/{goals[0]}", new Dictionary<string, string> { ["Reason"] = "Målet är uppnått" }, "form.archive-form"), $"/mal/{goals[0]}");
        var archived = await app.WithDbAsync(db => db.Goals.Where(g => g.Id == goals[0]).Select(g => new { g.IsArchived, g.ArchivedReason }).SingleAsync());
        Assert.Equal((true, "Målet är uppnått"), (archived.IsArchived, archived.ArchivedReason));
        Assert.Null((await browser.GetPageAsync($"/planer/{planId}")).QuerySelector($"a[href='/mal/{goals[0]}']"));
        var shown = await browser.GetPageAsync($"/planer/{planId}?arkiverade=1");
        Assert.Contains("Arkiverat", shown.QuerySelector($"a[href='/mal/{goals[0]}']")!.ParentElement!.TextContent, StringComparison.Ordinal);
        var goalPage = await browser.GetPageAsync($"/mal/{goals[0]}");
        Assert.Contains("Målet är uppnått", goalPage.QuerySelector("#arkiverad")!.TextContent, StringComparison.Ordinal);

        Forms.AssertRedirect(await browser.PostFormAsync($"/mal/{goals[0]}", new Dictionary<string, string>(), $"form[action='/mal/{goals[0]}/aterstall']"), $"/mal/{goals[0]}");
        Assert.NotNull((await browser.GetPageAsync($"/planer/{planId}")).QuerySelector($"a[href='/mal/{goals[0]}']"));
        var actions = await app.WithDbAsync(db => db.ChangeLog.Where(c => c.EntityType == HistoryEntityTypes.Goal && c.EntityId == goals[0]).OrderBy(c => c.Id).Select(c => c.Action).ToListAsync());
        Assert.Equal([ChangeAction.Archived, ChangeAction.Restored], actions);
    }
}
