using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.FollowUps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// Issue 12, point 4, in the matrix: what a role may do on a route, it may not do to its own work or rights.
/// Every role that may approve reports is refused its own report, and the administrator their own roles
/// (docs/authorization.md, "Separation of duties").
/// </summary>
public partial class AuthorizationMatrixTests
{
    [Theory]
    [InlineData(DemoUsers.DirectorOfEducation)]
    [InlineData(DemoUsers.DepartmentHead)]
    public async Task A_reviewer_may_not_approve_a_report_they_submitted(string reviewer)
    {
        int report;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var plan = await db.Plans.Where(p => p.Key == "halmstad-utvecklingsplan-2020-2021").Select(p => p.Id).SingleAsync();
            var round = await scope.ServiceProvider.GetRequiredService<RoundCommands>().OpenAsync(plan, $"Fyra ögon {reviewer}",
                FollowUpOccasionKind.InterimReport, new DateOnly(2026, 1, 1), new DateOnly(2030, 6, 30), null, default);
            report = await db.FollowUpReports.Where(r => r.RoundId == round.Id && r.UnitId == null && r.Initiative.Key == "systematiskt-kvalitetsarbete")
                .Select(r => r.Id).SingleAsync();
        }
        var url = $"/rapporter/{report}";
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(reviewer);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SubmitAsync(url, FollowUpTests.CompleteAnswers, "klarmarkera", "main form.report-form")).StatusCode);
        Task<ReportStatus> Status() => app.WithDbAsync(db => db.FollowUpReports.Where(r => r.Id == report).Select(r => r.Status).SingleAsync());
        Assert.Equal(ReportStatus.Submitted, await Status());

        var page = await browser.GetPageAsync(url);
        var token = ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
        var forged = await browser.PostAsync($"{url}/godkann", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.NotEqual(HttpStatusCode.InternalServerError, forged.StatusCode);
        Assert.Equal(ReportStatus.Submitted, await Status());
    }

    [Fact]
    public async Task The_administrator_may_not_change_their_own_roles_or_scope()
    {
        var admin = app.CreateBrowser();
        await admin.SignInAsAsync(DemoUsers.Administrator);
        var self = await app.WithDbAsync(db => db.Users.Where(u => u.Email == DemoUsers.Administrator).Select(u => u.Id).SingleAsync());
        var department = await app.WithDbAsync(db => db.Departments.Where(d => d.Organisation.Key == "halmstad-buf").Select(d => d.Id).FirstAsync());
        Task<int> Rights() => app.WithDbAsync(async db => await db.UserRoles.CountAsync(r => r.UserId == self)
            + await db.Set<UserDepartment>().CountAsync(d => d.UserId == self) + await db.Set<UserUnit>().CountAsync(u => u.UserId == self));
        var before = await Rights();

        foreach (var change in new Action<FormData>[]
        {
            form => form.Add("Roles", "Förvaltningschef"),
            form => form.Add("DepartmentIds", department.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        })
        {
            var refused = await Browser.ParseAsync(await admin.SubmitAsync($"/admin/anvandare/{self}/redigera", change));
            Assert.Contains(Insatsportal.Web.Features.Administration.UserCommands.OwnRightsMessage, refused.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
            Assert.Equal(before, await Rights());
        }
    }
}
