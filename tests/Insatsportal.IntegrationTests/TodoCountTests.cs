using System.Globalization;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.FollowUps;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>The "Att göra" count in the navigation is kept per user (<see cref="ReportCounts"/>) instead of counted
/// on every page, and a change to the reports shows at once.</summary>
public sealed class TodoCountTests(CountingAppFactory app) : IClassFixture<CountingAppFactory>
{
    private Task<int> OpenReportsOfTheRektorAsync() => app.WithDbAsync(db => db.FollowUpReports
        .Where(r => r.Unit!.Key == "vallasskolan" || r.Unit!.Key == "vallasskolans-fritidshem")
        .Where(r => (r.Round.Status == RoundStatus.Open || r.ReopenedAfterClose)
            && (r.Status == ReportStatus.NotStarted || r.Status == ReportStatus.Draft || r.Status == ReportStatus.Returned))
        .CountAsync());

    [Fact]
    public async Task The_count_is_not_queried_on_every_page_and_a_new_round_shows_in_it_at_once()
    {
        var rektor = app.CreateBrowser();
        await rektor.SignInAsAsync(DemoUsers.Principal);
        var before = await rektor.GetPageAsync("/konto/byt-losenord");
        Assert.Equal((await OpenReportsOfTheRektorAsync()).ToString(CultureInfo.InvariantCulture), before.QuerySelector(".main-nav .count")!.TextContent);

        app.Commands.Reset();
        var again = await rektor.GetPageAsync("/konto/byt-losenord");
        Assert.Equal(before.QuerySelector(".main-nav .count")!.TextContent, again.QuerySelector(".main-nav .count")!.TextContent);
        Assert.DoesNotContain(app.Commands.Texts, sql => sql.Contains("\"FollowUpReports\"", StringComparison.Ordinal));

        // A round opened (here through the same command the round page uses) adds the rektor's reports.
        await app.Data.RoundAsync("Ny omgång för räknaren", new DateOnly(2031, 6, 30));
        var expected = await OpenReportsOfTheRektorAsync();
        Assert.True(expected > int.Parse(before.QuerySelector(".main-nav .count")!.TextContent, CultureInfo.InvariantCulture));
        var after = await rektor.GetPageAsync("/konto/byt-losenord");
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), after.QuerySelector(".main-nav .count")!.TextContent);
    }

    [Fact]
    public async Task The_rounds_counts_are_kept_and_a_new_round_shows_with_its_reports_at_once()
    {
        var director = app.CreateBrowser();
        await director.SignInAsAsync(DemoUsers.DirectorOfEducation);
        await director.GetPageAsync("/omgangar");
        app.Commands.Reset();
        await director.GetPageAsync("/omgangar");
        Assert.DoesNotContain(app.Commands.Texts, sql => sql.Contains("\"FollowUpReports\"", StringComparison.Ordinal));

        var round = await app.Data.RoundAsync("Omgång för listan", new DateOnly(2031, 5, 31), kind: FollowUpOccasionKind.StatusAssessment);
        var reports = await app.WithDbAsync(db => db.FollowUpReports.CountAsync(r => r.RoundId == round));
        Assert.True(reports > 0);
        var page = await director.GetPageAsync("/omgangar");
        var row = page.QuerySelectorAll("tr").Single(tr => tr.TextContent.Contains("Omgång för listan", StringComparison.Ordinal));
        Assert.Contains(row.QuerySelectorAll("td"), td => td.TextContent.Trim() == reports.ToString(CultureInfo.InvariantCulture));
    }
}
