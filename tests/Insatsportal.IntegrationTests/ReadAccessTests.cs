using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

public class ReadAccessTests : IClassFixture<ReadAccessTests.Factory>
{
    private readonly Factory _app;

    public ReadAccessTests(Factory app) => _app = app;

    public class Factory : AppFactory
    {
        public int DraftPlanId { get; private set; }
        public int DraftInitiativeId { get; private set; }
        public int OtherOrganisationDraftId { get; private set; }

        public async Task EnsureDraftsAsync()
        {
            if (DraftPlanId != 0)
            {
                return;
            }
            await WithDbAsync(async db =>
            {
                var halmstad = await db.Organisations.SingleAsync(o => o.Key == "halmstad-buf");
                var stockholm = await db.Organisations.SingleAsync(o => o.Key == "stockholm-utbf");
                var draft = new Plan { Organisation = halmstad, Key = "utkast-2027", Name = "Utvecklingsplan 2027 (utkast)", Status = PlanStatus.Draft, PeriodStart = new(2027, 1, 1), PeriodEnd = new(2027, 12, 31) };
                var initiative = new Initiative { Plan = draft, Key = "i1", Title = "Hemlig utkastinsats", Status = InitiativeStatus.Planned };
                var other = new Plan { Organisation = stockholm, Key = "sthlm-utkast", Name = "Stockholms utkast", Status = PlanStatus.Draft, PeriodStart = new(2027, 1, 1), PeriodEnd = new(2027, 12, 31) };
                db.AddRange(draft, initiative, other);
                await db.SaveChangesAsync();
                DraftPlanId = draft.Id;
                DraftInitiativeId = initiative.Id;
                OtherOrganisationDraftId = other.Id;
            });
        }
    }

    [Theory]
    [InlineData(DemoUsers.DirectorOfEducation, HttpStatusCode.OK)]
    [InlineData(DemoUsers.DepartmentHead, HttpStatusCode.OK)]
    [InlineData(DemoUsers.Official, HttpStatusCode.OK)]
    [InlineData(DemoUsers.Principal, HttpStatusCode.NotFound)]
    [InlineData(DemoUsers.Administrator, HttpStatusCode.NotFound)]
    public async Task A_draft_plan_is_read_only_by_the_planners_of_its_own_organisation(string email, HttpStatusCode expected)
    {
        await _app.EnsureDraftsAsync();
        var browser = _app.CreateBrowser();
        await browser.SignInAsAsync(email);

        Assert.Equal(expected, (await browser.GetAsync($"/planer/{_app.DraftPlanId}")).StatusCode);
        Assert.Equal(expected, (await browser.GetAsync($"/insatser/{_app.DraftInitiativeId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/planer/{_app.OtherOrganisationDraftId}")).StatusCode);
    }

    [Fact]
    public async Task Draft_insatser_do_not_appear_in_a_principals_list()
    {
        await _app.EnsureDraftsAsync();
        var browser = _app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.Principal);

        var page = await browser.GetPageAsync("/insatser?q=Hemlig");

        Assert.Empty(page.QuerySelectorAll("main tbody tr"));
    }

    [Fact]
    public async Task Adopted_plans_of_every_organisation_are_open_to_every_signed_in_user()
    {
        var browser = _app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.Principal);

        var page = await browser.GetPageAsync("/planer");

        var names = page.QuerySelectorAll("main tbody th a").Select(a => a.TextContent).ToList();
        Assert.Contains("Utvecklingsplan 2020–2021", names);
        Assert.Contains(names, n => n.Contains("2008–2010", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_ids_give_404()
    {
        var browser = _app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/planer/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/insatser/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/mal/999999")).StatusCode);
    }

    [Fact]
    public async Task Repeated_failed_sign_ins_lock_the_account()
    {
        const string email = "sparras@insatsportal.example";
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var created = await users.CreateAsync(new AppUser { UserName = email, Email = email, DisplayName = "Spärrad Person" }, "rätt-lösenord-123");
            Assert.True(created.Succeeded);
            await users.AddToRoleAsync((await users.FindByEmailAsync(email))!, "Tjänsteperson");
        }
        var browser = _app.CreateBrowser();

        for (var attempt = 0; attempt < 5; attempt++)
        {
            await browser.SignInAsync(email, "fel-lösenord-igen");
        }
        var response = await browser.SignInAsync(email, "rätt-lösenord-123");

        // Locked: even the right password is refused, with the answer an unknown address gets (issue 12).
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var unknown = await _app.CreateBrowser().SignInAsync("finns-inte@insatsportal.example", "rätt-lösenord-123");
        Assert.Equal(
            (await Browser.ParseAsync(unknown)).QuerySelector(".error-summary")!.TextContent,
            (await Browser.ParseAsync(response)).QuerySelector(".error-summary")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/insatser")).StatusCode);
    }
}
