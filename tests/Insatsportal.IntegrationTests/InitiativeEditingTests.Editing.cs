using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>Entering and changing an insats through the forms: every field, its history, the row buttons and
/// concurrent saves.</summary>
public partial class InitiativeEditingTests
{
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
}
