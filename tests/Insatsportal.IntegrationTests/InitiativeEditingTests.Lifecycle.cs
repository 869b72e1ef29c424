using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>Archiving and restoring, copying, and a history that cannot be changed.</summary>
public partial class InitiativeEditingTests
{
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
}
