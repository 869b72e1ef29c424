using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

public class GroupEditingTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<int> GroupIdAsync(string key, string organisation = "halmstad-buf") =>
        await app.WithDbAsync(db => db.Groups.Where(g => g.Key == key && g.Organisation.Key == organisation).Select(g => g.Id).SingleAsync());

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);
        return browser;
    }

    [Fact]
    public async Task Forvaltningschef_creates_a_group_in_their_own_forvaltning_with_history()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var steering = await GroupIdAsync("styrgrupp-undervisning");

        var response = await browser.PostFormAsync("/grupper/ny", new Dictionary<string, string>
        {
            ["Name"] = "Läsfrämjande grupp", ["Kind"] = "WorkingGroup", ["Assignment"] = "Främja läsning.",
            ["ReportsToGroupId"] = steering.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Forms.AssertRedirect(response, "/grupper#grupp-");
        var saved = await app.WithDbAsync(db => db.Groups.SingleAsync(g => g.Name == "Läsfrämjande grupp"));
        Assert.Equal(GroupKind.WorkingGroup, saved.Kind);
        Assert.Equal(steering, saved.ReportsToGroupId);
        Assert.Equal("halmstad-buf", await app.WithDbAsync(db => db.Organisations.Where(o => o.Id == saved.OrganisationId).Select(o => o.Key).SingleAsync()));
        Assert.True(await app.WithDbAsync(db => db.ChangeLog.AnyAsync(c => c.EntityType == HistoryEntityTypes.Group && c.EntityId == saved.Id && c.Action == ChangeAction.Created)));
        var list = await browser.GetPageAsync("/grupper");
        Assert.Contains("Gruppen är sparad.", list.QuerySelector(".notice--success")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DemoUsers.Principal)]
    [InlineData(DemoUsers.Official)]
    [InlineData(DemoUsers.Administrator)]
    public async Task Roles_without_the_right_cannot_create_edit_or_archive_groups(string email)
    {
        var browser = await SignedInAsync(email);
        var id = await GroupIdAsync("buf-ledningsgrupp");
        var before = await app.WithDbAsync(db => db.Groups.CountAsync());

        Forms.AssertAccessDenied(await browser.GetAsync("/grupper/ny"));
        Forms.AssertAccessDenied(await browser.PostFormAsync("/grupper", new Dictionary<string, string> { ["Name"] = "X", ["Kind"] = "Other" }, Forms.AnyForm, "/grupper/ny"));
        Forms.AssertAccessDenied(await browser.GetAsync($"/grupper/{id}/redigera"));
        Forms.AssertAccessDenied(await browser.PostFormAsync("/grupper", new Dictionary<string, string> { ["Reason"] = "Nej" }, Forms.AnyForm, $"/grupper/{id}/arkivera"));

        Assert.Equal(before, await app.WithDbAsync(db => db.Groups.CountAsync()));
        Assert.False(await app.WithDbAsync(db => db.Groups.Where(g => g.Id == id).Select(g => g.IsArchived).SingleAsync()));
        Assert.Empty((await browser.GetPageAsync("/grupper")).QuerySelectorAll("a[href='/grupper/ny'], a[href$='/redigera']"));
    }

    [Fact]
    public async Task Avdelningschef_edits_a_group_but_cannot_archive_it()
    {
        var browser = await SignedInAsync(DemoUsers.DepartmentHead);
        var id = await GroupIdAsync("larg-ska");
        var form = await browser.ReadFormAsync($"/grupper/{id}/redigera");

        var response = await browser.PostFormAsync($"/grupper/{id}/redigera", form.With(("Assignment", "Nytt uppdrag för SKA.")));

        Forms.AssertRedirect(response, "/grupper");
        Assert.Equal("Nytt uppdrag för SKA.", await app.WithDbAsync(db => db.Groups.Where(g => g.Id == id).Select(g => g.Assignment).SingleAsync()));
        Forms.AssertAccessDenied(await browser.PostFormAsync("/grupper", new Dictionary<string, string> { ["Reason"] = "Klar" }, Forms.AnyForm, $"/grupper/{id}/arkivera"));
        Assert.False(await app.WithDbAsync(db => db.Groups.Where(g => g.Id == id).Select(g => g.IsArchived).SingleAsync()));
        Assert.Empty((await browser.GetPageAsync($"/grupper/{id}/redigera")).QuerySelectorAll("form.archive-form"));
    }

    [Fact]
    public async Task Forvaltningschef_cannot_edit_another_forvaltnings_group_and_unknown_ids_give_404()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var stockholm = await app.WithDbAsync(db => db.Groups.Where(g => g.Organisation.Key == "stockholm-utbf").Select(g => g.Id).FirstAsync());
        var name = await app.WithDbAsync(db => db.Groups.Where(g => g.Id == stockholm).Select(g => g.Name).SingleAsync());

        Forms.AssertAccessDenied(await browser.GetAsync($"/grupper/{stockholm}/redigera"));
        Forms.AssertAccessDenied(await browser.PostFormAsync("/grupper", new Dictionary<string, string> { ["Name"] = "Kapad", ["Kind"] = "Other" }, Forms.AnyForm, $"/grupper/{stockholm}/redigera"));
        Forms.AssertAccessDenied(await browser.PostFormAsync("/grupper", new Dictionary<string, string> { ["Reason"] = "Kapad" }, Forms.AnyForm, $"/grupper/{stockholm}/arkivera"));
        Assert.Equal(name, await app.WithDbAsync(db => db.Groups.Where(g => g.Id == stockholm).Select(g => g.Name).SingleAsync()));

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/grupper/999999/redigera")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostFormAsync("/grupper", new Dictionary<string, string> { ["Reason"] = "x" }, Forms.AnyForm, "/grupper/999999/arkivera")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostFormAsync("/grupper", new Dictionary<string, string>(), Forms.AnyForm, "/grupper/999999/aterstall")).StatusCode);
    }

    [Fact]
    public async Task Invalid_group_input_is_shown_in_swedish_next_to_the_field_and_nothing_is_saved()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var id = await GroupIdAsync("styrgrupp-bra-start");
        var stockholm = await app.WithDbAsync(db => db.Groups.Where(g => g.Organisation.Key == "stockholm-utbf").Select(g => g.Id).FirstAsync());
        var before = await app.WithDbAsync(db => db.Groups.AsNoTracking().SingleAsync(g => g.Id == id));
        var form = await browser.ReadFormAsync($"/grupper/{id}/redigera");

        var response = await browser.PostFormAsync($"/grupper/{id}/redigera", form.With(("Name", ""), ("Assignment", "Behåll min text"),
            ("ReportsToGroupId", stockholm.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Equal("Ange gruppens namn.", Forms.FieldError(page, "Name"));
        Assert.Equal("Välj en styrgrupp i förvaltningen i listan.", Forms.FieldError(page, "ReportsToGroupId"));
        Assert.Contains("Ange gruppens namn.", Forms.Summary(page), StringComparison.Ordinal);
        Assert.Equal("Behåll min text", page.QuerySelector("#Assignment")!.TextContent.Trim());
        Assert.Equal("Name-fel", page.QuerySelector("#Name")!.GetAttribute("aria-describedby"));
        var after = await app.WithDbAsync(db => db.Groups.AsNoTracking().SingleAsync(g => g.Id == id));
        Assert.Equal((before.Name, before.Assignment, before.ReportsToGroupId, before.ConcurrencyToken), (after.Name, after.Assignment, after.ReportsToGroupId, after.ConcurrencyToken));
    }

    [Fact]
    public async Task A_group_cannot_report_to_itself()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var id = await GroupIdAsync("styrgrupp-inflytande");
        var form = await browser.ReadFormAsync($"/grupper/{id}/redigera");

        var response = await browser.PostFormAsync($"/grupper/{id}/redigera", form.With(("ReportsToGroupId", id.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        var page = await Browser.ParseAsync(response);
        Assert.Equal("En grupp kan inte rapportera till sig själv.", Forms.FieldError(page, "ReportsToGroupId"));
        Assert.Null(await app.WithDbAsync(db => db.Groups.Where(g => g.Id == id).Select(g => g.ReportsToGroupId).SingleAsync()));
    }

    [Fact]
    public async Task A_concurrent_group_edit_is_refused_and_keeps_the_first_save_and_the_second_users_input()
    {
        var first = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var second = await SignedInAsync(DemoUsers.DepartmentHead);
        var id = await GroupIdAsync("larg-fritidshem");
        var firstForm = await first.ReadFormAsync($"/grupper/{id}/redigera");
        var secondForm = await second.ReadFormAsync($"/grupper/{id}/redigera");

        Forms.AssertRedirect(await first.PostFormAsync($"/grupper/{id}/redigera", firstForm.With(("Assignment", "Förvaltningschefens uppdrag"))), "/grupper");
        var response = await second.PostFormAsync($"/grupper/{id}/redigera", secondForm.With(("Assignment", "Avdelningschefens uppdrag")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Contains("Karin Holm", page.QuerySelector("#konflikt")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Förvaltningschefens uppdrag", page.QuerySelector("#konflikt")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Avdelningschefens uppdrag", page.QuerySelector("#Assignment")!.TextContent.Trim());
        Assert.Equal("Förvaltningschefens uppdrag", await app.WithDbAsync(db => db.Groups.Where(g => g.Id == id).Select(g => g.Assignment).SingleAsync()));
    }

    [Fact]
    public async Task Archiving_a_group_needs_a_reason_hides_it_and_restoring_brings_it_back_with_history()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var id = await GroupIdAsync("larg-heltid-som-norm");
        var edit = $"/grupper/{id}/redigera";

        var refused = await browser.PostFormAsync(edit, new Dictionary<string, string> { ["Reason"] = " " }, "form.archive-form");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("Ange varför uppgiften arkiveras.", Forms.FieldError(await Browser.ParseAsync(refused), "Reason"));
        Assert.False(await app.WithDbAsync(db => db.Groups.Where(g => g.Id == id).Select(g => g.IsArchived).SingleAsync()));

        Forms.AssertRedirect(await browser.PostFormAsync(edit, new Dictionary<string, string> { ["Reason"] = "Uppdraget är slutfört" }, "form.archive-form"), "/grupper");
        var archived = await app.WithDbAsync(db => db.Groups.AsNoTracking().SingleAsync(g => g.Id == id));
        Assert.True(archived.IsArchived);
        Assert.Equal("Uppdraget är slutfört", archived.ArchivedReason);
        Assert.NotNull(archived.ArchivedAt);
        Assert.NotNull(archived.ArchivedByUserId);
        Assert.Null((await browser.GetPageAsync("/grupper")).QuerySelector($"#grupp-{id}"));
        var shown = await browser.GetPageAsync("/grupper?arkiverade=1");
        Assert.Contains("Arkiverad", shown.QuerySelector($"#grupp-{id}")!.TextContent, StringComparison.Ordinal);

        Forms.AssertRedirect(await browser.PostFormAsync("/grupper?arkiverade=1", new Dictionary<string, string>(), $"form[action='/grupper/{id}/aterstall']"), "/grupper");
        Assert.False(await app.WithDbAsync(db => db.Groups.Where(g => g.Id == id).Select(g => g.IsArchived).SingleAsync()));
        var actions = await app.WithDbAsync(db => db.ChangeLog.Where(c => c.EntityType == HistoryEntityTypes.Group && c.EntityId == id).OrderBy(c => c.Id).Select(c => c.Action).ToListAsync());
        Assert.Equal([ChangeAction.Archived, ChangeAction.Restored], actions);
        var history = await browser.GetPageAsync($"/grupper/{id}/historik");
        Assert.Contains("Uppdraget är slutfört", history.QuerySelector("main table")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edit_records_old_and_new_values_in_the_groups_history()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var id = await GroupIdAsync("larg-matematik-hogstadiet");
        var form = await browser.ReadFormAsync($"/grupper/{id}/redigera");

        await browser.PostFormAsync($"/grupper/{id}/redigera", form.With(("Name", "Matematik – hela grundskolan")));

        var entry = await app.WithDbAsync(db => db.ChangeLog.SingleAsync(c => c.EntityType == HistoryEntityTypes.Group && c.EntityId == id && c.Field == "Namn"));
        Assert.Equal(("Matematik – högstadiet", "Matematik – hela grundskolan", "Karin Holm"), (entry.OldValue, entry.NewValue, entry.UserName));
    }
}
