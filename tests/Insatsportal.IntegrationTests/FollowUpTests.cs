using System.Globalization;
using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.FollowUps;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

public class FollowUpTests(FollowUpTests.Factory app) : IClassFixture<FollowUpTests.Factory>
{
    /// <summary>The app with its clock set to 1 March 2021, in the middle of the Halmstad plan's period.</summary>
    public class Factory : AppFactory
    {
        public TestClock Clock { get; } = new(new DateTimeOffset(2021, 3, 1, 9, 0, 0, TimeSpan.Zero));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }

        /// <summary>A round of the seeded Halmstad plan, opened on 1 February 2021.</summary>
        public Task<int> OpenRoundAsync(string name, DateOnly deadline) => Data.RoundAsync(name, deadline, instructions: "Svara på alla frågor.");
    }

    [Fact]
    public async Task Leadership_opens_a_round_and_it_creates_one_report_per_insats_and_one_per_targeted_unit()
    {
        var expected = await app.WithDbAsync(async db =>
        {
            var initiatives = db.Initiatives.Where(i => i.Plan.Key == "halmstad-utvecklingsplan-2020-2021" && !i.IsArchived);
            return (await initiatives.CountAsync(), await initiatives.SelectMany(i => i.TargetedUnits).CountAsync());
        });
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var plan = await app.Data.PlanIdAsync(TestData.HalmstadPlan);

        var response = await browser.SubmitAsync("/omgangar/ny", form => form
            .Set("Form.PlanId", S(plan)).Set("Form.Name", "Delårsrapport 1 2021").Set("Form.Kind", "InterimReport")
            .Set("Form.OpensOn", "2021-03-01").Set("Form.Deadline", "2021-04-15"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var roundId = IdFrom(response);
        var reports = await app.WithDbAsync(db => db.FollowUpReports.Where(r => r.RoundId == roundId)
            .Select(r => new { r.InitiativeId, r.UnitId, r.Status, Activities = r.Activities.Count, Effects = r.Effects.Count }).ToListAsync());
        // The seeded plan has 17 insatser with 18 targeted units; the test that adds an insats after a round opened
        // adds one with one unit when it runs first (the order of tests differs between this class and its PostgreSQL twin).
        Assert.InRange(expected.Item1, 17, 18);
        Assert.InRange(expected.Item2, 18, 19);
        Assert.Equal(expected.Item1, reports.Count(r => r.UnitId == null));
        Assert.Equal(expected.Item2, reports.Count(r => r.UnitId != null));
        Assert.All(reports, r => Assert.Equal(ReportStatus.NotStarted, r.Status));
        Assert.Equal(reports.Count, reports.Select(r => (r.InitiativeId, r.UnitId)).Distinct().Count());
        var elevhearings = await app.WithDbAsync(db => db.FollowUpReports.Where(r => r.RoundId == roundId && r.Initiative.Key == "barn-och-elevhearings" && r.UnitId == null)
            .Select(r => new { Activities = r.Activities.Count, Effects = r.Effects.Count }).SingleAsync());
        Assert.Equal((1, 3), (elevhearings.Activities, elevhearings.Effects));
    }

    [Theory]
    [InlineData(DemoUsers.Official)]
    [InlineData(DemoUsers.Principal)]
    [InlineData(DemoUsers.Administrator)]
    public async Task Only_leadership_may_open_a_round(string email)
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);

        var response = await browser.GetAsync("/omgangar/ny");

        Assert.Equal("/atkomst-nekad", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task A_principal_cannot_open_or_write_another_schools_report_by_id()
    {
        var round = await app.OpenRoundAsync("Scope-omgång", new DateOnly(2021, 4, 30));
        var own = await app.Data.ReportIdAsync(round, "matematik-skolutveckling", "vallasskolan");
        var other = await app.Data.ReportIdAsync(round, "matematik-skolutveckling", "sondrumsskolan");
        var insatsLevel = await app.Data.ReportIdAsync(round, "matematik-skolutveckling", null);
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.Principal);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/rapporter/{S(own)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/rapporter/{S(other)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/rapporter/{S(insatsLevel)}")).StatusCode);
        var page = await browser.GetPageAsync($"/rapporter/{S(own)}");
        var token = ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
        var post = await browser.PostAsync($"/rapporter/{S(other)}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["OverallAssessment"] = "Kapad", ["command"] = "spara",
        }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Null(await app.WithDbAsync(db => db.FollowUpReports.Where(r => r.Id == other).Select(r => r.OverallAssessment).SingleAsync()));
        var roundPage = await browser.GetPageAsync($"/omgangar/{S(round)}");
        Assert.DoesNotContain("Söndrumsskolan", roundPage.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

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

    [Fact]
    public async Task Att_gora_lists_open_reports_most_urgent_first_marks_overdue_and_counts_them_in_the_menu()
    {
        await app.OpenRoundAsync("Sen omgång", new DateOnly(2021, 2, 20));
        var rektor = app.CreateBrowser();
        await rektor.SignInAsAsync(DemoUsers.Principal);

        var page = await rektor.GetPageAsync("/att-gora");

        var rows = page.QuerySelectorAll("table.todo tbody tr").ToList();
        Assert.NotEmpty(rows);
        var deadlines = await app.WithDbAsync(db => db.FollowUpReports.Where(r => r.Unit!.Key == "vallasskolan" || r.Unit!.Key == "vallasskolans-fritidshem")
            .Where(r => (r.Round.Status == RoundStatus.Open || r.ReopenedAfterClose) && r.Status != ReportStatus.Submitted && r.Status != ReportStatus.Approved).CountAsync());
        Assert.Equal(deadlines, rows.Count);
        Assert.Contains(rows, r => r.ClassList.Contains("overdue") && r.TextContent.Contains("Försenad", StringComparison.Ordinal));
        Assert.Equal(deadlines.ToString(CultureInfo.InvariantCulture), page.QuerySelector(".main-nav .count")!.TextContent);
    }

    [Fact]
    public async Task The_directors_att_gora_holds_only_the_insatser_no_department_answers_for()
    {
        var round = await app.OpenRoundAsync("Ledningens omgång", new DateOnly(2021, 5, 30));
        var expected = await app.WithDbAsync(db => db.FollowUpReports.Where(r => r.RoundId == round && r.UnitId == null && r.ResponsibleDepartmentId == null)
            .Select(r => r.InitiativeTitle).ToListAsync());
        var director = app.CreateBrowser();
        await director.SignInAsAsync(DemoUsers.DirectorOfEducation);

        var rows = (await director.GetPageAsync("/att-gora")).QuerySelectorAll("table.todo tbody tr")
            .Where(tr => tr.TextContent.Contains("Ledningens omgång", StringComparison.Ordinal))
            .Select(tr => tr.QuerySelector("th")!.TextContent).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(), rows.Order());
        Assert.Contains("En barn- och ungdomsförvaltning i framtidens välfärd", rows);
    }

    [Fact]
    public async Task An_insats_added_after_the_round_opened_can_be_brought_into_it()
    {
        var round = await app.OpenRoundAsync("Omgång för nya insatser", new DateOnly(2021, 6, 30));
        var unit = await app.Data.UnitIdAsync("getingeskolan");
        var initiative = (await app.Data.InitiativeAsync(await app.Data.PlanIdAsync(), title: "Ny insats efter öppning",
            status: InitiativeStatus.Planned, units: ["getingeskolan"],
            configure: i => i.Responsible.Add(new ResponsibleEntry { RoleTitle = "Förvaltningschef" }))).Id;
        var director = app.CreateBrowser();
        await director.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var page = await director.GetPageAsync($"/omgangar/{S(round)}");
        Assert.Contains("Ta med 1 ny insats", page.QuerySelector("form[action$='/lagg-till']")!.TextContent, StringComparison.Ordinal);

        await director.PostFormAsync($"/omgangar/{S(round)}", new Dictionary<string, string>(), "form[action$='/lagg-till']");

        var reports = await app.WithDbAsync(db => db.FollowUpReports.Where(r => r.RoundId == round && r.InitiativeId == initiative).Select(r => r.UnitId).ToListAsync());
        Assert.Equal([null, unit], reports.OrderBy(u => u ?? 0));
        await director.PostFormAsync($"/omgangar/{S(round)}", new Dictionary<string, string>(), "form[action$='/stang']");
        Assert.Equal(RoundStatus.Closed, await app.WithDbAsync(db => db.FollowUpRounds.Where(r => r.Id == round).Select(r => r.Status).SingleAsync()));
    }

    internal static void CompleteAnswers(FormData form)
    {
        form.Set("Implementation", "OnTrack").Set("ImplementationComment", "Planeringen är klar.")
            .Set("OverallAssessment", "Arbetet går enligt plan och eleverna är engagerade.");
        for (var n = 0; n < 10; n++)
        {
            if (form[$"Activities[{n}].Status"] is not null)
            {
                form.Set($"Activities[{n}].Status", "OnTrack");
            }
            if (form[$"Effects[{n}].Judgement"] is not null)
            {
                form.Set($"Effects[{n}].Judgement", "PartlyVisible").Set($"Effects[{n}].EvidenceType", "Survey").Set($"Effects[{n}].Evidence", "Elevenkät hösten 2020.");
            }
        }
    }

    private Task<ReportStatus> StatusAsync(int id) =>
        app.WithDbAsync(db => db.FollowUpReports.Where(r => r.Id == id).Select(r => r.Status).SingleAsync());
}
