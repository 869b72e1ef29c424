using System.Text.RegularExpressions;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>Every <c>&lt;time datetime&gt;</c> is a valid HTML date and time: UTC to whole seconds, no fractions.</summary>
public sealed partial class TimeElementTests(AppFactory app) : IClassFixture<AppFactory>
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$")]
    private static partial Regex ValidDateTime();

    [Fact]
    public async Task History_report_and_user_pages_give_datetime_values_without_fractions_of_seconds()
    {
        // Times with a fraction of a second, as the app stores them (DateTime.UtcNow), on each kind of page.
        var at = new DateTime(2026, 3, 4, 10, 11, 12, DateTimeKind.Utc).AddTicks(1234567);
        var (initiative, report, user) = await app.WithDbAsync(async db =>
        {
            var initiative = await db.Initiatives.Where(i => i.Plan.Key == "halmstad-utvecklingsplan-2020-2021").Select(i => i.Id).FirstAsync();
            var report = await db.FollowUpReports.Where(r => r.Round.Plan.Key == "halmstad-utvecklingsplan-2020-2021").Select(r => r.Id).FirstAsync();
            var user = await db.Users.Where(u => u.Email == DemoUsers.Principal).Select(u => u.Id).SingleAsync();
            db.ChangeLog.Add(new ChangeLogEntry { EntityType = "Initiative", EntityId = initiative, At = at, UserName = "Test", Action = ChangeAction.Updated, Field = "Titel" });
            db.ReportTransitions.Add(new ReportTransition { ReportId = report, From = ReportStatus.NotStarted, To = ReportStatus.Draft, At = at, UserName = "Test" });
            db.UserHistory.Add(new UserHistoryEntry { UserId = user, At = at, ActorName = "Test", Action = ChangeAction.Updated, Field = "Roller" });
            await db.SaveChangesAsync();
            return (initiative, report, user);
        });

        var director = app.CreateBrowser();
        await director.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var admin = app.CreateBrowser();
        await admin.SignInAsAsync(DemoUsers.Administrator);
        foreach (var (browser, url) in new[] { (director, $"/insatser/{initiative}/historik"), (director, $"/rapporter/{report}"), (admin, $"/admin/anvandare/{user}") })
        {
            var page = await browser.GetPageAsync(url);
            var values = page.QuerySelectorAll("time").Select(t => t.GetAttribute("datetime")).ToList();
            Assert.NotEmpty(values);
            Assert.All(values, v => Assert.Matches(ValidDateTime(), v!));
            Assert.Contains("2026-03-04T10:11:12Z", values);
        }
    }
}
