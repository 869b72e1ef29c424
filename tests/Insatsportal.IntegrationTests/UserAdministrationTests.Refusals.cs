using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>What is refused: changing one's own roles, scope or status, a role without the avdelning or unit it
/// needs, a stale edit, and anyone but an administrator.</summary>
public partial class UserAdministrationTests
{
    [Fact]
    public async Task Nobody_changes_their_own_roles_or_scope_but_another_administrator_may()
    {
        var admin = await AdminAsync();
        var self = (await UserAsync(DemoUsers.Administrator))!.Id;
        async Task<List<string>> RolesOf(string id) => await app.WithDbAsync(db => db.UserRoles.Where(r => r.UserId == id)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).OrderBy(n => n).ToListAsync());

        var refused = await Browser.ParseAsync(await admin.SubmitAsync($"/admin/anvandare/{self}/redigera", form => form.Add("Roles", "Förvaltningschef")));
        Assert.Equal(Insatsportal.Web.Features.Administration.UserCommands.OwnRightsMessage, Forms.FieldError(refused, "Roles"));
        Assert.Equal(["Administratör"], await RolesOf(self));
        // Their own name and title they may still change.
        Forms.AssertRedirect(await admin.SubmitAsync($"/admin/anvandare/{self}/redigera", form => form.Set("Title", "Systemförvaltare BUF")), $"/admin/anvandare/{self}");

        // A second administrator may give the first one the role.
        var second = await CreateAsync(admin, "andra-admin@insatsportal.example", "Andra Administratören", "Administratör", "andra-admin-lösenord-2026");
        var other = app.CreateBrowser();
        await other.SignInAsync("andra-admin@insatsportal.example", "andra-admin-lösenord-2026");
        Forms.AssertRedirect(await other.SubmitAsync($"/admin/anvandare/{self}/redigera", form => form.Add("Roles", "Förvaltningschef")), $"/admin/anvandare/{self}");
        Assert.Equal(["Administratör", "Förvaltningschef"], await RolesOf(self));
        Assert.NotNull(second);
    }

    [Fact]
    public async Task Administrator_cannot_deactivate_themself_or_drop_their_own_administrator_role()
    {
        var admin = await AdminAsync();
        var self = (await UserAsync(DemoUsers.Administrator))!.Id;

        var page = await Browser.ParseAsync(await admin.PostFormAsync("/", new Dictionary<string, string>(), Forms.AnyForm, $"/admin/anvandare/{self}/inaktivera"));
        Assert.Contains("Du kan inte inaktivera dig själv.", page.QuerySelector(".notice--error")!.TextContent, StringComparison.Ordinal);
        var edit = await Browser.ParseAsync(await admin.SubmitAsync($"/admin/anvandare/{self}/redigera", form => form.Remove("Roles").Add("Roles", "Tjänsteperson")));
        Assert.Equal("Du kan inte ta bort rollen Administratör från dig själv.", Forms.FieldError(edit, "Roles"));

        Assert.True((await UserAsync(DemoUsers.Administrator))!.IsActive);
        Assert.Contains("Administratör", await app.WithDbAsync(db => db.UserRoles.Where(r => r.UserId == self)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToListAsync()));
    }

    [Theory]
    [InlineData("Tjänsteperson", "tp", "DepartmentIds", "En tjänsteperson behöver minst en avdelning. Välj avdelning.")]
    [InlineData("Avdelningschef", "ac", "DepartmentIds", "En avdelningschef behöver minst en avdelning. Välj avdelning.")]
    [InlineData("Rektor", "rektor", "UnitIds", "En rektor behöver minst en enhet. Välj enhet.")]
    public async Task A_role_is_refused_without_the_avdelning_or_unit_it_needs(string role, string slug, string field, string message)
    {
        var admin = await AdminAsync();
        var email = $"utan-{slug}@insatsportal.example";

        var created = await admin.SubmitAsync("/admin/anvandare/ny", form => form
            .Set("DisplayName", "Utan Tillhörighet").Set("Email", email).Add("Roles", role));

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(message, Forms.FieldError(await Browser.ParseAsync(created), field));
        Assert.Null(await UserAsync(email));

        // Editing an existing user cannot take the last one away either.
        var id = await CreateAsync(admin, email, "Med Tillhörighet", role, "Ett-långt-lösenord-5",
            department: await DepartmentAsync("kvalitet"), unit: await UnitAsync("getingeskolan"));
        var edited = await admin.SubmitAsync($"/admin/anvandare/{id}/redigera", form => form.Remove("DepartmentIds").Remove("UnitIds"));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(message, Forms.FieldError(await Browser.ParseAsync(edited), field));
    }

    [Fact]
    public async Task A_stale_user_edit_is_refused_with_a_Swedish_message()
    {
        var admin = await AdminAsync();
        var id = await CreateAsync(admin, "samtidig@insatsportal.example", "Samtidig Redigering", "Rektor", "Ett-långt-lösenord-4", unit: await UnitAsync("getingeskolan"));
        var stale = await admin.GetPageAsync($"/admin/anvandare/{id}/redigera");
        Forms.AssertRedirect(await admin.SubmitAsync($"/admin/anvandare/{id}/redigera", form => form.Set("Title", "Först")), $"/admin/anvandare/{id}");

        var response = await admin.SubmitAsync(stale, $"/admin/anvandare/{id}/redigera", form => form.Set("Title", "Sist"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Någon annan har ändrat användaren", Forms.Summary(await Browser.ParseAsync(response)), StringComparison.Ordinal);
        Assert.Equal("Först", (await UserAsync("samtidig@insatsportal.example"))!.Title);
    }

    [Theory]
    [InlineData(DemoUsers.Principal)]
    [InlineData(DemoUsers.DirectorOfEducation)]
    public async Task Non_administrators_are_refused_and_cannot_create_users(string email)
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);
        var before = await app.WithDbAsync(db => db.Users.CountAsync());

        Forms.AssertAccessDenied(await browser.GetAsync("/admin"));
        Forms.AssertAccessDenied(await browser.GetAsync("/admin/anvandare"));
        Forms.AssertAccessDenied(await browser.PostFormAsync("/", new Dictionary<string, string>
        {
            ["DisplayName"] = "Inkräktare", ["Email"] = "inkraktare@insatsportal.example", ["Roles"] = "Administratör",
        }, Forms.AnyForm, "/admin/anvandare/ny"));

        Assert.Equal(before, await app.WithDbAsync(db => db.Users.CountAsync()));
        Assert.Empty((await browser.GetPageAsync("/")).QuerySelectorAll("a[href='/admin']"));
    }
}
