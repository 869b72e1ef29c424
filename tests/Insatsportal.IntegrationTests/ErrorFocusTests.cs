using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>After a refused submit the user starts at the errors: the summary takes the focus, each item links to its
/// field, and the field is marked invalid — the review section's comment included.</summary>
public sealed class ErrorFocusTests(FollowUpTests.Factory app) : IClassFixture<FollowUpTests.Factory>
{
    [Fact]
    public async Task A_refused_report_submit_focuses_the_summary_whose_links_lead_to_marked_fields()
    {
        var round = await app.OpenRoundAsync("Felfokus", new DateOnly(2021, 4, 30));
        var id = await app.Data.ReportIdAsync(round, "barn-och-elevhearings", "vallasskolan");
        var rektor = app.CreateBrowser();
        await rektor.SignInAsAsync(DemoUsers.Principal);

        var response = await rektor.SubmitAsync($"/rapporter/{S(id)}", _ => { }, "klarmarkera", "main form.report-form");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        var summary = page.QuerySelector(".error-summary")!;
        Assert.True(summary.HasAttribute("autofocus"));
        Assert.Equal("-1", summary.GetAttribute("tabindex"));
        var links = summary.QuerySelectorAll("a[href^='#']").ToList();
        Assert.NotEmpty(links);
        foreach (var link in links)
        {
            var field = page.GetElementById(link.GetAttribute("href")![1..]);
            Assert.NotNull(field);
            Assert.Equal("true", field.GetAttribute("aria-invalid"));
        }
    }

    [Fact]
    public async Task Returning_a_report_without_a_comment_puts_the_message_at_the_comment_field_and_focuses_it()
    {
        var round = await app.OpenRoundAsync("Felfokus granskning", new DateOnly(2021, 4, 30));
        var id = await app.Data.ReportIdAsync(round, "barn-och-elevhearings", "vallasskolan");
        var url = $"/rapporter/{S(id)}";
        var rektor = app.CreateBrowser();
        await rektor.SignInAsAsync(DemoUsers.Principal);
        await rektor.SubmitAsync(url, FollowUpTests.CompleteAnswers, "klarmarkera", "main form.report-form");
        var head = app.CreateBrowser();
        await head.SignInAsAsync(DemoUsers.DirectorOfEducation);

        var refused = await head.PostFormAsync(url, new Dictionary<string, string> { ["Comment"] = " " }, "form[action$='/returnera']");

        Forms.AssertRedirect(refused, $"{url}#Comment");
        var page = await head.GetPageAsync(url);
        var comment = page.GetElementById("Comment")!;
        Assert.Equal("true", comment.GetAttribute("aria-invalid"));
        Assert.True(comment.HasAttribute("autofocus"));
        Assert.Contains("Comment-fel", comment.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.StartsWith("Skriv en kommentar", page.GetElementById("Comment-fel")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("#Comment", page.QuerySelector(".notice--error a")!.GetAttribute("href"));
        Assert.Equal(ReportStatus.Submitted, await app.WithDbAsync(db => db.FollowUpReports.Where(r => r.Id == id).Select(r => r.Status).SingleAsync()));
    }
}
