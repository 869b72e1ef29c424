using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

public class HandoverTests(AppFactory app) : IClassFixture<AppFactory>
{
    private sealed record Setup(
        string Leaving, string Successor, int OpenInitiative, int CompletedInitiative, int ArchivedInitiative,
        int OpenReport, int ApprovedReport, int ClosedRoundReport, int Unit);

    private async Task<string> AddUserAsync(string email, string name, string role, string organisation = "halmstad-buf") =>
        await app.WithDbAsync(async db =>
        {
            var user = new AppUser
            {
                UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant(),
                DisplayName = name, SecurityStamp = Guid.NewGuid().ToString(),
                OrganisationId = await db.Organisations.Where(o => o.Key == organisation).Select(o => o.Id).SingleAsync(),
            };
            db.Users.Add(user);
            var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).SingleAsync();
            db.UserRoles.Add(new() { UserId = user.Id, RoleId = roleId });
            await db.SaveChangesAsync();
            return user.Id;
        });

    /// <summary>A leaving official with open and finished items of every kind, and a successor.</summary>
    private async Task<Setup> ArrangeAsync(string tag)
    {
        var leaving = await AddUserAsync($"lamnar-{tag}@insatsportal.example", $"Lämnar {tag}", "Tjänsteperson");
        var successor = await AddUserAsync($"tar-over-{tag}@insatsportal.example", $"Tar Över {tag}", "Tjänsteperson");
        return await app.WithDbAsync(async db =>
        {
            var initiatives = await db.Initiatives.Where(i => i.Plan.Key == "halmstad-utvecklingsplan-2020-2021" && !i.IsArchived)
                .OrderBy(i => i.Id).Skip(tag == "a" ? 0 : 3).Take(3).ToListAsync();
            initiatives[0].Status = InitiativeStatus.Ongoing;
            initiatives[1].Status = InitiativeStatus.Completed;
            initiatives[2].IsArchived = true;
            foreach (var i in initiatives)
            {
                db.ResponsibleEntries.Add(new ResponsibleEntry { InitiativeId = i.Id, RoleTitle = "Projektledare", UserId = leaving, SortOrder = 99 });
            }
            var open = await db.FollowUpReports.Where(r => r.Round.Status == RoundStatus.Open && r.Status != ReportStatus.Approved && r.ResponsibleUserId == null)
                .OrderBy(r => r.Id).Skip(tag == "a" ? 0 : 2).Take(2).ToListAsync();
            open[0].ResponsibleUserId = leaving;
            open[1].ResponsibleUserId = leaving;
            open[1].Status = ReportStatus.Approved;
            var closed = await db.FollowUpReports.Where(r => r.Round.Status == RoundStatus.Closed && !r.ReopenedAfterClose && r.ResponsibleUserId == null)
                .OrderBy(r => r.Id).Skip(tag == "a" ? 0 : 1).FirstAsync();
            closed.ResponsibleUserId = leaving;
            var unit = await db.Units.Where(u => u.Key == (tag == "a" ? "oskarstromsskolan" : "getingeskolan")).Select(u => u.Id).SingleAsync();
            db.UserUnits.Add(new UserUnit { UserId = leaving, UnitId = unit });
            await db.SaveChangesAsync();
            return new Setup(leaving, successor, initiatives[0].Id, initiatives[1].Id, initiatives[2].Id, open[0].Id, open[1].Id, closed.Id, unit);
        });
    }

    private async Task<HttpClient> AdminAsync()
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.Administrator);
        return browser;
    }

    [Fact]
    public async Task Handover_moves_exactly_the_open_items_and_records_it_in_each_items_history()
    {
        var s = await ArrangeAsync("a");
        var admin = await AdminAsync();

        var preview = await admin.GetPageAsync($"/admin/anvandare/{s.Leaving}/overlamna");
        var links = preview.QuerySelectorAll("main section a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"/insatser/{s.OpenInitiative}", $"/rapporter/{s.OpenReport}"], links);
        var options = preview.QuerySelectorAll("#SuccessorId option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains(s.Successor, options);
        Assert.DoesNotContain(await app.WithDbAsync(db => db.Users.Where(u => u.Email == DemoUsers.Principal).Select(u => u.Id).SingleAsync()), options);

        var response = await admin.SubmitAsync($"/admin/anvandare/{s.Leaving}/overlamna", form => form.Set("SuccessorId", s.Successor));

        Forms.AssertRedirect(response, $"/admin/anvandare/{s.Leaving}");
        await app.WithDbAsync(async db =>
        {
            var entries = await db.ResponsibleEntries.Where(r => r.RoleTitle == "Projektledare" && (r.UserId == s.Leaving || r.UserId == s.Successor))
                .ToDictionaryAsync(r => r.InitiativeId, r => r.UserId);
            Assert.Equal(s.Successor, entries[s.OpenInitiative]);
            Assert.Equal(s.Leaving, entries[s.CompletedInitiative]);
            Assert.Equal(s.Leaving, entries[s.ArchivedInitiative]);
            var reports = await db.FollowUpReports.Where(r => r.Id == s.OpenReport || r.Id == s.ApprovedReport || r.Id == s.ClosedRoundReport)
                .ToDictionaryAsync(r => r.Id, r => r.ResponsibleUserId);
            Assert.Equal(s.Successor, reports[s.OpenReport]);
            Assert.Equal(s.Leaving, reports[s.ApprovedReport]);
            Assert.Equal(s.Leaving, reports[s.ClosedRoundReport]);
            Assert.Equal([s.Successor], await db.UserUnits.Where(u => u.UnitId == s.Unit && (u.UserId == s.Leaving || u.UserId == s.Successor)).Select(u => u.UserId).ToListAsync());
            var change = await db.ChangeLog.SingleAsync(c => c.EntityType == HistoryEntityTypes.Initiative && c.EntityId == s.OpenInitiative && c.Field == "Ansvarig – Projektledare");
            Assert.Equal(("Lämnar a", "Tar Över a", "Sara Lund"), (change.OldValue, change.NewValue, change.UserName));
            Assert.False(await db.ChangeLog.AnyAsync(c => c.EntityId == s.CompletedInitiative && c.Field == "Ansvarig – Projektledare"));
            var transition = await db.ReportTransitions.Where(t => t.ReportId == s.OpenReport).OrderByDescending(t => t.Id).FirstAsync();
            Assert.Equal("Överlämnad från Lämnar a till Tar Över a", transition.Comment);
            Assert.False(await db.ReportTransitions.AnyAsync(t => t.ReportId == s.ApprovedReport && t.Comment!.StartsWith("Överlämnad")));
            Assert.False(await db.Users.Where(u => u.Id == s.Leaving).Select(u => u.IsActive).SingleAsync());
        });
        var history = await admin.GetPageAsync($"/insatser/{s.OpenInitiative}/historik");
        Assert.Contains("Tar Över a", history.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var after = await admin.GetPageAsync($"/admin/anvandare/{s.Successor}");
        Assert.Contains(after.QuerySelectorAll("main a"), a => a.GetAttribute("href") == $"/insatser/{s.OpenInitiative}");

        // Both users' own history says what was handed over, by whom; the leaving one's also that they were deactivated.
        static List<string> History(AngleSharp.Html.Dom.IHtmlDocument page) =>
            page.QuerySelectorAll("#historik tbody tr").Select(tr => string.Join(" | ", tr.Children.Skip(1).Select(c => c.TextContent.Trim()))).ToList();
        var moved = "1 ansvar för insatser, 1 rapport och 1 enhet";
        Assert.Contains($"Sara Lund | Överlämning | – | Från Lämnar a: {moved}", History(after));
        var leaving = History(await admin.GetPageAsync($"/admin/anvandare/{s.Leaving}"));
        Assert.Contains($"Sara Lund | Överlämning | – | Till Tar Över a: {moved}", leaving);
        Assert.Contains("Sara Lund | Status | Aktiv | Inaktiverad", leaving);
        Assert.Contains(leaving, row => row.StartsWith("Sara Lund | Enheter | ", StringComparison.Ordinal) && row.EndsWith(" | –", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Handover_to_an_unsuitable_successor_is_refused_in_Swedish_and_moves_nothing()
    {
        var s = await ArrangeAsync("b");
        var stockholm = await AddUserAsync("sthlm-tjp@insatsportal.example", "Stockholms Tjänsteperson", "Tjänsteperson", "stockholm-utbf");
        var rektor = await app.WithDbAsync(db => db.Users.Where(u => u.Email == DemoUsers.Principal).Select(u => u.Id).SingleAsync());
        var admin = await AdminAsync();

        foreach (var wrong in new[] { "", stockholm, rektor, s.Leaving })
        {
            var response = await admin.SubmitAsync($"/admin/anvandare/{s.Leaving}/overlamna", form => form.Set("SuccessorId", wrong));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("Välj en efterträdare i listan", (await Browser.ParseAsync(response)).QuerySelector("#SuccessorId-fel")!.TextContent, StringComparison.Ordinal);
        }

        Assert.Equal(3, await app.WithDbAsync(db => db.ResponsibleEntries.CountAsync(r => r.UserId == s.Leaving)));
        Assert.Equal(3, await app.WithDbAsync(db => db.FollowUpReports.CountAsync(r => r.ResponsibleUserId == s.Leaving)));
        Assert.True(await app.WithDbAsync(db => db.UserUnits.AnyAsync(u => u.UserId == s.Leaving)));
        Assert.True(await app.WithDbAsync(db => db.Users.Where(u => u.Id == s.Leaving).Select(u => u.IsActive).SingleAsync()));
    }

    [Fact]
    public async Task A_rektors_units_and_their_open_unit_reports_pass_to_the_successor_with_the_handover_in_each_report()
    {
        var successor = await AddUserAsync("ny-rektor@insatsportal.example", "Ny Rektor", "Rektor");
        var (rektor, vallas, openReports, approved) = await app.WithDbAsync(async db =>
        {
            var id = await db.Users.Where(u => u.Email == DemoUsers.Principal).Select(u => u.Id).SingleAsync();
            var unit = await db.Units.Where(u => u.Key == "vallasskolan").Select(u => u.Id).SingleAsync();
            var led = await db.UserUnits.Where(u => u.UserId == id).Select(u => (int?)u.UnitId).ToListAsync();
            var open = await db.FollowUpReports.Where(r => led.Contains(r.UnitId) && r.Status != ReportStatus.Approved
                && (r.Round.Status == RoundStatus.Open || r.ReopenedAfterClose)).Select(r => r.Id).ToListAsync();
            var closed = await db.FollowUpReports.Where(r => led.Contains(r.UnitId) && !open.Contains(r.Id)).Select(r => r.Id).ToListAsync();
            return (id, unit, open, closed);
        });
        Assert.NotEmpty(openReports);
        var admin = await AdminAsync();
        var preview = await admin.GetPageAsync($"/admin/anvandare/{rektor}");
        Assert.Contains(preview.QuerySelectorAll("main a"), a => a.GetAttribute("href") == $"/rapporter/{openReports[0]}");

        var response = await admin.SubmitAsync($"/admin/anvandare/{rektor}/overlamna", form => form.Set("SuccessorId", successor).Remove("deactivate"));

        Forms.AssertRedirect(response, $"/admin/anvandare/{rektor}");
        await app.WithDbAsync(async db =>
        {
            Assert.Equal([successor], await db.UserUnits.Where(u => u.UnitId == vallas && (u.UserId == rektor || u.UserId == successor)).Select(u => u.UserId).ToListAsync());
            var noted = await db.ReportTransitions.Where(t => t.Comment == "Enheten överlämnad från Maria Nilsson till Ny Rektor").Select(t => t.ReportId).ToListAsync();
            var missing = await db.FollowUpReports.Where(r => openReports.Except(noted).Contains(r.Id))
                .Select(r => $"{r.Id} {r.Status} {r.Round.Status} {r.ReopenedAfterClose} {r.UnitId}").ToListAsync();
            Assert.True(openReports.Order().SequenceEqual(noted.Order()), string.Join("; ", missing) + " | extra " + string.Join(",", noted.Except(openReports)));
            Assert.DoesNotContain(noted, approved.Contains);
            Assert.True(await db.Users.Where(u => u.Id == rektor).Select(u => u.IsActive).SingleAsync());
        });
    }
}
