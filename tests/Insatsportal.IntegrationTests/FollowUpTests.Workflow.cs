using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>A report from draft to approval, every transition recorded, and no approving one's own report.</summary>
public partial class FollowUpTests
{
    [Fact]
    public async Task Draft_submit_return_resubmit_approve_with_every_transition_recorded()
    {
        var round = await app.OpenRoundAsync("Flödesomgång", new DateOnly(2021, 4, 30));
        var id = await app.Data.ReportIdAsync(round, "barn-och-elevhearings", "vallasskolan");
        var url = $"/rapporter/{S(id)}";
        var rektor = app.CreateBrowser();
        await rektor.SignInAsAsync(DemoUsers.Principal);

        Assert.Equal(HttpStatusCode.Redirect, (await rektor.SubmitAsync(url, f => f
            .Set("Implementation", "OnTrack").Set("OverallAssessment", "Vi har genomfört en första hearing."), "spara", "main form.report-form")).StatusCode);
        Assert.Equal(ReportStatus.Draft, await StatusAsync(id));

        var incomplete = await rektor.SubmitAsync(url, _ => { }, "klarmarkera", "main form.report-form");
        Assert.Equal(HttpStatusCode.OK, incomplete.StatusCode);
        var summary = (await Browser.ParseAsync(incomplete)).QuerySelector(".error-summary")!.TextContent;
        Assert.Contains("Ange genomförande för aktivitet 1.", summary, StringComparison.Ordinal);
        Assert.Contains("Bedöm om effekt 1 är synlig.", summary, StringComparison.Ordinal);
        Assert.Equal(ReportStatus.Draft, await StatusAsync(id));

        Assert.Equal(HttpStatusCode.Redirect, (await rektor.SubmitAsync(url, CompleteAnswers, "klarmarkera", "main form.report-form")).StatusCode);
        Assert.Equal(ReportStatus.Submitted, await StatusAsync(id));

        var head = app.CreateBrowser();
        await head.SignInAsAsync(DemoUsers.DirectorOfEducation);
        Assert.Equal(HttpStatusCode.Redirect, (await head.PostFormAsync(url, new Dictionary<string, string> { ["Comment"] = "Beskriv underlaget för effekt 2 tydligare." }, "form[action$='/returnera']")).StatusCode);
        Assert.Equal(ReportStatus.Returned, await StatusAsync(id));
        var todo = await rektor.GetPageAsync("/att-gora");
        Assert.Contains("Barn- och elevhearings", todo.QuerySelector("table.todo")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Beskriv underlaget för effekt 2 tydligare.", (await rektor.GetPageAsync(url)).QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await rektor.SubmitAsync(url, f => f.Set("Effects[1].Evidence", "Enkät till elevrådet i mars, 41 svar."), "klarmarkera", "main form.report-form")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await head.PostFormAsync(url, new Dictionary<string, string>(), "form[action$='/godkann']")).StatusCode);

        Assert.Equal(ReportStatus.Approved, await StatusAsync(id));
        var transitions = await app.WithDbAsync(db => db.ReportTransitions.Where(t => t.ReportId == id).OrderBy(t => t.Id)
            .Select(t => new { t.From, t.To, t.UserName, t.Comment }).ToListAsync());
        Assert.Equal(
            [(ReportStatus.NotStarted, ReportStatus.Draft, "Maria Nilsson"), (ReportStatus.Draft, ReportStatus.Submitted, "Maria Nilsson"),
             (ReportStatus.Submitted, ReportStatus.Returned, "Karin Holm"), (ReportStatus.Returned, ReportStatus.Submitted, "Maria Nilsson"),
             (ReportStatus.Submitted, ReportStatus.Approved, "Karin Holm")],
            transitions.Select(t => (t.From, t.To, t.UserName)));
        Assert.Equal("Beskriv underlaget för effekt 2 tydligare.", transitions[2].Comment);
        var shown = (await rektor.GetPageAsync(url)).QuerySelector(".transitions")!.TextContent;
        Assert.Contains("Karin Holm: Inskickad → Godkänd", shown, StringComparison.Ordinal);
        // The return reaches the author in their next daily digest (ReminderTests), not in an e-mail of its own.
        Assert.Equal(0, await app.WithDbAsync(db => db.ReminderMessages.CountAsync(m => m.ReportId == id)));
    }

    [Fact]
    public async Task Whoever_wrote_or_submitted_a_report_may_not_approve_it_and_another_reviewer_approves_with_a_comment()
    {
        var round = await app.OpenRoundAsync("Fyra ögon", new DateOnly(2021, 5, 31));
        var id = await app.Data.ReportIdAsync(round, "systematiskt-kvalitetsarbete", null);
        var url = $"/rapporter/{S(id)}";
        var head = app.CreateBrowser();
        await head.SignInAsAsync(DemoUsers.DepartmentHead);
        Assert.Equal(HttpStatusCode.Redirect, (await head.SubmitAsync(url, CompleteAnswers, "klarmarkera", "main form.report-form")).StatusCode);
        Assert.Equal(ReportStatus.Submitted, await StatusAsync(id));

        // The author's review section says why they cannot approve, and offers no approve button.
        var page = await head.GetPageAsync(url);
        Assert.Contains("kan därför inte godkänna den själv", page.QuerySelector("#granska")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("form[action$='/godkann']"));
        // A forged approval by the author is refused and changes nothing.
        var token = ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
        var forged = await head.PostAsync($"{url}/godkann", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
        Assert.Equal(ReportStatus.Submitted, await StatusAsync(id));
        Assert.Contains("kan därför inte godkänna den själv", (await head.GetPageAsync(url)).QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        var director = app.CreateBrowser();
        await director.SignInAsAsync(DemoUsers.DirectorOfEducation);
        Assert.Equal(HttpStatusCode.Redirect, (await director.PostFormAsync(url, new Dictionary<string, string> { ["Comment"] = "Tydlig och väl underbyggd." }, "form[action$='/godkann']")).StatusCode);
        Assert.Equal(ReportStatus.Approved, await StatusAsync(id));
        var approval = await app.WithDbAsync(db => db.ReportTransitions.Where(t => t.ReportId == id && t.To == ReportStatus.Approved).SingleAsync());
        Assert.Equal(("Karin Holm", "Tydlig och väl underbyggd."), (approval.UserName, approval.Comment));
    }
}
