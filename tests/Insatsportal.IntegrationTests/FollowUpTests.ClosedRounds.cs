using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Features.FollowUps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>A closed round: no changes, its values kept, and one report reopened with a reason.</summary>
public partial class FollowUpTests
{
    [Fact]
    public async Task A_closed_round_refuses_changes_and_keeps_its_values_after_the_insats_is_edited()
    {
        var round = await app.OpenRoundAsync("Stängd omgång", new DateOnly(2021, 3, 20));
        var id = await app.Data.ReportIdAsync(round, "svenska-som-andrasprak", "vallasskolan");
        var url = $"/rapporter/{S(id)}";
        var rektor = app.CreateBrowser();
        await rektor.SignInAsAsync(DemoUsers.Principal);
        await rektor.SubmitAsync(url, CompleteAnswers, "klarmarkera", "main form.report-form");
        var before = await rektor.GetPageAsync(url);
        var activityBefore = before.QuerySelector("main table th")!.TextContent;
        var page = await rektor.GetPageAsync(url);
        var token = ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
        await app.WithDbAsync(async db =>
        {
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<RoundCommands>().CloseAsync(round, "test", CancellationToken.None);
            var initiative = await db.Initiatives.Include(i => i.Activities).SingleAsync(i => i.Key == "svenska-som-andrasprak");
            initiative.Title = "Helt ny titel efter stängning";
            initiative.Activities.OrderBy(a => a.Number).First().Text = "Ändrad aktivitet efter stängning";
            await db.SaveChangesAsync();
        });

        var post = await rektor.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["OverallAssessment"] = "Ändrat efteråt", ["command"] = "spara",
        }));

        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        var after = await rektor.GetPageAsync(url);
        Assert.Contains("kan inte ändras", after.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(after.QuerySelector("form.report-form"));
        Assert.Equal(activityBefore, after.QuerySelector("main table th")!.TextContent);
        Assert.DoesNotContain("Ändrad aktivitet efter stängning", after.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Utvecklad undervisning i svenska som andraspråk", after.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.NotEqual("Ändrat efteråt", await app.WithDbAsync(db => db.FollowUpReports.Where(r => r.Id == id).Select(r => r.OverallAssessment).SingleAsync()));
    }

    [Fact]
    public async Task The_director_reopens_one_report_of_a_closed_round_with_a_reason_and_it_is_recorded()
    {
        var round = await app.OpenRoundAsync("Omgång att öppna igen", new DateOnly(2021, 3, 25));
        var id = await app.Data.ReportIdAsync(round, "tillgangliga-larmiljoer", "vallasskolan");
        await app.WithDbAsync(async db =>
        {
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<RoundCommands>().CloseAsync(round, "test", CancellationToken.None);
        });
        var url = $"/rapporter/{S(id)}";
        var head = app.CreateBrowser();
        await head.SignInAsAsync(DemoUsers.DepartmentHead);
        Assert.Null((await head.GetPageAsync(url)).QuerySelector("#oppna-igen"));
        var director = app.CreateBrowser();
        await director.SignInAsAsync(DemoUsers.DirectorOfEducation);

        var withoutReason = await director.PostFormAsync(url, new Dictionary<string, string> { ["Comment"] = "" }, "#oppna-igen form");
        Assert.Equal(HttpStatusCode.Redirect, withoutReason.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.FollowUpReports.Where(r => r.Id == id).Select(r => r.ReopenedAfterClose).SingleAsync()));
        await director.PostFormAsync(url, new Dictionary<string, string> { ["Comment"] = "Rektor var sjuk vid stängningen." }, "#oppna-igen form");

        Assert.True(await app.WithDbAsync(db => db.FollowUpReports.Where(r => r.Id == id).Select(r => r.ReopenedAfterClose).SingleAsync()));
        var transition = await app.WithDbAsync(db => db.ReportTransitions.Where(t => t.ReportId == id).OrderBy(t => t.Id).Select(t => new { t.UserName, t.Comment }).LastAsync());
        Assert.Equal("Karin Holm", transition.UserName);
        Assert.Contains("Rektor var sjuk vid stängningen.", transition.Comment, StringComparison.Ordinal);
        var rektor = app.CreateBrowser();
        await rektor.SignInAsAsync(DemoUsers.Principal);
        Assert.NotNull((await rektor.GetPageAsync(url)).QuerySelector("form.report-form"));
    }
}
