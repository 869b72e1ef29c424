using System.Net;
using AngleSharp.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

public partial class InitiativeEditingTests(AppFactory app) : IClassFixture<AppFactory>
{
    private Task<int> PlanId(string key = "halmstad-utvecklingsplan-2020-2021") =>
        app.WithDbAsync(db => db.Plans.Where(p => p.Key == key).Select(p => p.Id).SingleAsync());

    private Task<int> InitiativeId(string key) =>
        app.WithDbAsync(db => db.Initiatives.Where(i => i.Key == key).Select(i => i.Id).SingleAsync());

    private Task<int> DepartmentId(string key) =>
        app.WithDbAsync(db => db.Departments.Where(d => d.Key == key && d.Organisation.Key == "halmstad-buf").Select(d => d.Id).SingleAsync());

    private static async Task<IDocument> RoundTripAsync(HttpClient browser, IDocument page, string url, Action<FormData> fill, string command)
    {
        var response = await browser.SubmitAsync(page, url, fill, command);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Browser.ParseAsync(response);
    }

    private static async Task<Initiative> LoadAsync(AppFactory app, int id) => await app.WithDbAsync(db => db.Initiatives
        .Include(i => i.Responsible).Include(i => i.Activities).Include(i => i.FollowUpPlan).Include(i => i.ExpectedEffects)
        .Include(i => i.Resources).Include(i => i.Partners).Include(i => i.TargetedUnits).Include(i => i.Themes)
        .AsSplitQuery().AsNoTracking().SingleAsync(i => i.Id == id));

    /// <summary>A förvaltningschef of the Stockholm utbildningsförvaltning, who may edit its insatser.</summary>
    private async Task<HttpClient> StockholmDirectorAsync()
    {
        const string email = "forvaltningschef.stockholm@insatsportal.example";
        await app.WithDbAsync(async db =>
        {
            if (await db.Users.AnyAsync(u => u.Email == email))
            {
                return;
            }
            using var scope = app.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser
            {
                UserName = email, Email = email, DisplayName = "Stockholms förvaltningschef",
                OrganisationId = await db.Organisations.Where(o => o.Key == "stockholm-utbf").Select(o => o.Id).SingleAsync(),
            };
            Assert.True((await users.CreateAsync(user, AppFactory.DemoPassword)).Succeeded);
            await users.AddToRoleAsync(user, Roles.DirectorOfEducation);
        });
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);
        return browser;
    }
}
