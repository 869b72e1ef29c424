using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>The start page puts what the user must do first, and stays cheap (issue 15).</summary>
public sealed class StartPageTests(CountingAppFactory app) : IClassFixture<CountingAppFactory>
{
    private static List<string> Headings(IHtmlDocument page) =>
        page.QuerySelectorAll("main h2").Select(h => h.TextContent.Trim()).ToList();

    [Fact]
    public async Task A_rektor_sees_att_gora_with_the_count_and_deadlines_before_the_plans()
    {
        var rektor = app.CreateBrowser();
        await rektor.SignInAsAsync(DemoUsers.Principal);

        var page = await rektor.GetPageAsync("/");

        var headings = Headings(page);
        Assert.Equal("Att göra", headings[0]);
        Assert.True(headings.IndexOf("Att göra") < headings.IndexOf("Planer"));
        var due = int.Parse(page.QuerySelector(".main-nav .count")!.TextContent, CultureInfo.InvariantCulture);
        Assert.True(due > 1, "the demo rektor has reports to write");
        Assert.Equal(Display.Count(due, "rapport", "rapporter"), page.QuerySelector(".start-todo .figure")!.TextContent);
        var rows = page.QuerySelectorAll(".start-todo tbody tr").ToList();
        Assert.InRange(rows.Count, 1, 5);
        Assert.All(rows, r =>
        {
            Assert.StartsWith("/rapporter/", r.QuerySelector("th a")!.GetAttribute("href"), StringComparison.Ordinal);
            Assert.Matches(@"\d{1,2} \p{L}+ \d{4}", r.QuerySelectorAll("td")[1].TextContent);
        });
        // The same reports, in the same order, as Att göra begins with.
        var todo = await rektor.GetPageAsync("/att-gora");
        Assert.Equal(
            todo.QuerySelectorAll("table.todo tbody tr th a").Take(rows.Count).Select(a => a.GetAttribute("href")),
            rows.Select(r => r.QuerySelector("th a")!.GetAttribute("href")));
    }

    [Fact]
    public async Task Leadership_sees_the_reports_waiting_for_review_and_the_next_deadline_before_the_plans()
    {
        var director = app.CreateBrowser();
        await director.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm")));
        var next = await app.WithDbAsync(db => db.FollowUpRounds
            .Where(r => r.Status == RoundStatus.Open && r.Deadline >= today && r.Plan.Organisation.Key == "halmstad-buf")
            .OrderBy(r => r.Deadline).Select(r => new { r.Name, r.Deadline }).FirstAsync());

        var page = await director.GetPageAsync("/");

        var headings = Headings(page);
        Assert.Equal("Att granska", headings[0]);
        Assert.True(headings.IndexOf("Att granska") < headings.IndexOf("Planer"));
        var todo = await director.GetPageAsync("/att-gora");
        var waiting = int.Parse(todo.QuerySelector("#granska + p.result-count")!.TextContent.Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.Equal(Display.Count(waiting, "rapport", "rapporter"), page.QuerySelector(".start-review .figure")!.TextContent);
        var deadline = page.QuerySelector(".next-deadline")!.TextContent;
        Assert.Contains(next.Name, deadline, StringComparison.Ordinal);
        Assert.Contains(Display.Date(next.Deadline), deadline, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_start_page_counts_in_sql_and_keeps_the_counts_so_a_second_visit_reads_at_most_the_few_rows()
    {
        var rektor = app.CreateBrowser();
        await rektor.SignInAsAsync(DemoUsers.Principal);
        await rektor.GetPageAsync("/");

        app.Commands.Reset();
        var page = await rektor.GetPageAsync("/".Uncached());

        Assert.NotEmpty(page.QuerySelectorAll(".start-todo tbody tr"));
        // The per-round counts are kept (ReportCounts); only the most urgent five rows are read again, in one statement.
        Assert.Equal(1, app.Commands.Texts.Count(sql => sql.Contains("\"FollowUpReports\"", StringComparison.Ordinal)));
    }
}

/// <summary>After a submit the next report due is one click away; a returned report says so once, comment on top.</summary>
public sealed class NextReportTests(FollowUpTests.Factory app) : IClassFixture<FollowUpTests.Factory>
{
    [Fact]
    public async Task After_submitting_a_report_naesta_rapport_leads_to_the_first_report_still_due_in_att_gora()
    {
        var round = await app.OpenRoundAsync("Nästa-rapport-omgång", new DateOnly(2031, 4, 30));
        var id = await app.WithDbAsync(db => db.FollowUpReports
            .Where(r => r.RoundId == round && r.Unit!.Key == "vallasskolan").OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());
        var rektor = app.CreateBrowser();
        await rektor.SignInAsAsync(DemoUsers.Principal);

        var response = await rektor.SubmitAsync($"/rapporter/{S(id)}", FollowUpTests.CompleteAnswers, "klarmarkera", "main form.report-form");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await rektor.GetPageAsync($"/rapporter/{S(id)}");

        var next = page.QuerySelector(".next-report a.button")!;
        Assert.Equal("Nästa rapport", next.TextContent.Trim());
        var todo = await rektor.GetPageAsync("/att-gora");
        Assert.Equal(todo.QuerySelector("table.todo tbody tr th a")!.GetAttribute("href"), next.GetAttribute("href"));
        Assert.NotEqual($"/rapporter/{S(id)}", next.GetAttribute("href"));
        // Shown once, after the submit only.
        Assert.Null((await rektor.GetPageAsync($"/rapporter/{S(id)}")).QuerySelector(".next-report"));
    }

    [Fact]
    public async Task A_returned_report_shows_the_returners_comment_at_the_top_and_reads_aatersaend_once()
    {
        var round = await app.OpenRoundAsync("Omgång att granska i", new DateOnly(2031, 4, 30));
        var id = await app.WithDbAsync(db => db.FollowUpReports
            .Where(r => r.RoundId == round && r.Unit!.Key == "vallasskolan").OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());
        var url = $"/rapporter/{S(id)}";
        var rektor = app.CreateBrowser();
        await rektor.SignInAsAsync(DemoUsers.Principal);
        await rektor.SubmitAsync(url, FollowUpTests.CompleteAnswers, "klarmarkera", "main form.report-form");
        await rektor.GetPageAsync(url); // the page after the submit, with its "Nästa rapport"
        var head = app.CreateBrowser();
        await head.SignInAsAsync(DemoUsers.DirectorOfEducation);
        await head.PostFormAsync(url, new Dictionary<string, string> { ["Comment"] = "Beskriv underlaget för effekt 2." }, "form[action$='/returnera']");

        var page = await rektor.GetPageAsync(url);

        var comment = page.QuerySelector(".return-comment")!;
        Assert.Contains("Beskriv underlaget för effekt 2.", comment.TextContent, StringComparison.Ordinal);
        Assert.Contains("skickade tillbaka rapporten", comment.TextContent, StringComparison.Ordinal);
        // Before the report's facts and form: the first thing after the heading.
        Assert.Equal("H1", comment.PreviousElementSibling!.TagName);
        Assert.True(comment.CompareDocumentPosition(page.QuerySelector("dl.facts")!).HasFlag(AngleSharp.Dom.DocumentPositions.Following));
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(page.QuerySelector("dl.facts")!.TextContent, "Återsänd"));
        Assert.DoesNotContain("Återsänd", comment.TextContent, StringComparison.Ordinal);
        var todo = await rektor.GetPageAsync("/att-gora");
        var row = todo.QuerySelectorAll("table.todo tbody tr").Single(r => r.QuerySelector("th a")!.GetAttribute("href") == url);
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(row.TextContent, "återsänd", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
    }

    [Fact]
    public async Task Ta_med_names_one_new_insats_in_the_singular()
    {
        var round = await app.OpenRoundAsync("Grammatik-omgång", new DateOnly(2031, 4, 30));
        await app.Data.InitiativeAsync(await app.Data.PlanIdAsync(), title: "En ny insats efter omgången", status: InitiativeStatus.Planned);
        var director = app.CreateBrowser();
        await director.SignInAsAsync(DemoUsers.DirectorOfEducation);

        var page = await director.GetPageAsync($"/omgangar/{S(round)}");

        Assert.Contains(page.QuerySelectorAll("main button"), b => b.TextContent.Trim() == "Ta med 1 ny insats");
    }
}

/// <summary>Counts with a noun, and "Sedan förra omgången" with the changed sections first.</summary>
public sealed class CountWordingTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData(0, "0 insatser")]
    [InlineData(1, "1 insats")]
    [InlineData(2, "2 insatser")]
    [InlineData(5000, "5\u00a0000 insatser")]
    public void A_count_takes_the_singular_for_one_and_the_plural_otherwise(int n, string expected) =>
        Assert.Equal(expected, Display.Count(n, "insats", "insatser"));

    [Fact]
    public async Task Sedan_foerra_omgaangen_shows_sections_with_changes_first_and_folds_the_empty_ones_into_one_line()
    {
        var director = app.CreateBrowser();
        await director.SignInAsAsync(DemoUsers.DirectorOfEducation);

        var page = await director.GetPageAsync("/oversikt/sedan-forra");

        var sections = page.QuerySelectorAll("section.change-section").ToList();
        Assert.All(sections, s => Assert.NotEmpty(s.QuerySelectorAll("tbody tr")));
        Assert.DoesNotContain(page.QuerySelectorAll("main p"), p => p.TextContent.Trim() == "Inga.");
        Assert.All(page.QuerySelectorAll("ul.change-summary .figure"), f => Assert.NotEqual("0", f.TextContent.Trim()));
        var folded = page.QuerySelector("p.unchanged-sections")!;
        var empty = folded.GetAttribute("data-sections")!.Split(' ');
        Assert.NotEmpty(empty);
        Assert.Equal(9, sections.Count + empty.Length);
        Assert.StartsWith("Inga ändringar", folded.TextContent, StringComparison.Ordinal);
        Assert.Empty(sections.Select(s => s.GetAttribute("data-section")).Intersect(empty));
    }
}
