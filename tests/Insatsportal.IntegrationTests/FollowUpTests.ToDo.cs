using System.Globalization;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>"Att göra": open reports, most urgent first, counted in the menu.</summary>
public partial class FollowUpTests
{
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
}
