using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>Creating users, invalid input, role and scope changes, deactivation and password resets, and what they
/// do to sessions.</summary>
public partial class UserAdministrationTests
{
    [Fact]
    public async Task Administrator_creates_a_user_with_a_generated_password_that_is_shown_once_and_works()
    {
        var admin = await AdminAsync();
        var unit = await UnitAsync("andersbergsskolan");

        var response = await admin.SubmitAsync("/admin/anvandare/ny", form => form
            .Set("DisplayName", "Lena Strand").Set("Email", "lena.strand@insatsportal.example").Set("Title", "Rektor")
            .Add("Roles", "Rektor").Add("UnitIds", S(unit)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var page = await Browser.ParseAsync(response);
        var password = page.QuerySelector("#losenord")!.TextContent.Trim();
        Assert.True(password.Length >= 12, password);
        var user = (await UserAsync("lena.strand@insatsportal.example"))!;
        Assert.Equal("Lena Strand", user.DisplayName);
        Assert.True(user.IsActive);
        Assert.Equal([unit], await app.WithDbAsync(db => db.UserUnits.Where(u => u.UserId == user.Id).Select(u => u.UnitId).ToListAsync()));
        Assert.Equal(await app.WithDbAsync(db => db.Organisations.Where(o => o.Key == "halmstad-buf").Select(o => (int?)o.Id).SingleAsync()), user.OrganisationId);

        var lena = app.CreateBrowser();
        Forms.AssertRedirect(await lena.SignInAsync("lena.strand@insatsportal.example", password), "/");
        Assert.Contains("Rektor", (await lena.GetPageAsync("/")).QuerySelector(".user-menu")!.TextContent, StringComparison.Ordinal);
        var details = await admin.GetPageAsync($"/admin/anvandare/{user.Id}");
        Assert.DoesNotContain(password, details.DocumentElement.OuterHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_user_input_gives_Swedish_messages_and_saves_nothing()
    {
        var admin = await AdminAsync();
        var stockholmUnit = await app.WithDbAsync(db => db.Units.Where(u => u.Organisation.Key == "stockholm-utbf").Select(u => u.Id).FirstAsync());
        var before = await app.WithDbAsync(db => db.Users.CountAsync());

        var response = await admin.SubmitAsync("/admin/anvandare/ny", form => form
            .Set("DisplayName", "").Set("Email", "inte-en-adress").Set("Password", "kort").Add("UnitIds", S(stockholmUnit)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Equal("Ange användarens namn.", Forms.FieldError(page, "DisplayName"));
        Assert.Equal("Ange en giltig e-postadress.", Forms.FieldError(page, "Email"));
        Assert.Equal("Välj minst en roll.", Forms.FieldError(page, "Roles"));
        Assert.Equal("Välj enheter i användarens förvaltning som inte är stängda.", Forms.FieldError(page, "UnitIds"));

        var unit = await UnitAsync("getingeskolan");
        var shortPassword = await Browser.ParseAsync(await admin.SubmitAsync("/admin/anvandare/ny", form => form
            .Set("DisplayName", "Kort Lösen").Set("Email", "kort@insatsportal.example").Set("Password", "kort").Add("Roles", "Rektor")
            .Add("UnitIds", S(unit))));
        Assert.Equal("Lösenordet måste ha minst 12 tecken.", Forms.FieldError(shortPassword, "Password"));

        var duplicate = await Browser.ParseAsync(await admin.SubmitAsync("/admin/anvandare/ny", form => form
            .Set("DisplayName", "Dubblett").Set("Email", DemoUsers.Principal).Add("Roles", "Rektor")));
        Assert.StartsWith($"E-postadressen ”{DemoUsers.Principal}” används redan", Forms.FieldError(duplicate, "Email"), StringComparison.Ordinal);

        Assert.Equal(before, await app.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Role_and_scope_changes_take_effect_for_new_and_existing_sessions()
    {
        var admin = await AdminAsync();
        var id = await CreateAsync(admin, "byter.roll@insatsportal.example", "Byter Roll", "Rektor", "Ett-långt-lösenord-1", unit: await UnitAsync("getingeskolan"));
        var initiative = await app.WithDbAsync(db => db.Initiatives.Where(i => i.Key == "underlag-undersokande").Select(i => i.Id).SingleAsync());
        var session = app.CreateBrowser();
        await session.SignInAsync("byter.roll@insatsportal.example", "Ett-långt-lösenord-1");
        Forms.AssertAccessDenied(await session.GetAsync($"/insatser/{S(initiative)}/redigera"));

        var kvalitet = await DepartmentAsync("kvalitet");
        var response = await admin.SubmitAsync($"/admin/anvandare/{id}/redigera", form => form
            .Remove("Roles").Add("Roles", "Tjänsteperson").Remove("UnitIds").Add("DepartmentIds", S(kvalitet)).Set("Title", "Utvecklare"));

        Forms.AssertRedirect(response, $"/admin/anvandare/{id}");
        Assert.Equal([kvalitet], await app.WithDbAsync(db => db.UserDepartments.Where(d => d.UserId == id).Select(d => d.DepartmentId).ToListAsync()));
        Assert.Empty(await app.WithDbAsync(db => db.UserUnits.Where(d => d.UserId == id).ToListAsync()));
        var fresh = app.CreateBrowser();
        await fresh.SignInAsync("byter.roll@insatsportal.example", "Ett-långt-lösenord-1");
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync($"/insatser/{S(initiative)}/redigera")).StatusCode);
        // The old session is not signed out; it picks the new claims up at its next stamp validation.
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync($"/insatser/{S(initiative)}/redigera")).StatusCode);
        var details = await admin.GetPageAsync($"/admin/anvandare/{id}");
        Assert.Contains("Tjänsteperson", details.QuerySelector("dl.facts")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deactivated_user_cannot_sign_in_loses_their_session_and_keeps_their_name_in_history()
    {
        var admin = await AdminAsync();
        var kvalitet = await DepartmentAsync("kvalitet");
        var id = await CreateAsync(admin, "slutar@insatsportal.example", "Sara Slutar", "Tjänsteperson", "Ett-långt-lösenord-2", department: kvalitet);
        var session = app.CreateBrowser();
        await session.SignInAsync("slutar@insatsportal.example", "Ett-långt-lösenord-2");
        var original = await app.WithDbAsync(db => db.Initiatives.Where(i => i.Key == "underlag-undersokande").Select(i => i.Id).SingleAsync());
        var copied = await session.PostFormAsync("/", new Dictionary<string, string>(), Forms.AnyForm, $"/insatser/{S(original)}/kopiera");
        Forms.AssertRedirect(copied, "/insatser/");
        var copy = copied.Headers.Location!.OriginalString.Split('/')[2];

        var response = await admin.PostFormAsync($"/admin/anvandare/{id}", new Dictionary<string, string>(), "form[action$='/inaktivera']");

        Forms.AssertRedirect(response, $"/admin/anvandare/{id}");
        Assert.False((await UserAsync("slutar@insatsportal.example"))!.IsActive);
        var again = await Browser.ParseAsync(await app.CreateBrowser().SignInAsync("slutar@insatsportal.example", "Ett-långt-lösenord-2"));
        Assert.Contains("Fel e-postadress eller lösenord.", Forms.Summary(again), StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Forms.AssertRedirect(await session.GetAsync("/"), "https://localhost/logga-in");
        var history = await admin.GetPageAsync($"/insatser/{copy}/historik");
        Assert.Contains("Sara Slutar", history.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var list = await admin.GetPageAsync("/admin/anvandare?sok=Slutar&inaktiva=1");
        Assert.Contains("Inaktiverad", list.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        Assert.Empty((await admin.GetPageAsync("/admin/anvandare?sok=Slutar")).QuerySelectorAll("table"));

        // An insats naming the deactivated user can still be edited without losing them.
        await app.WithDbAsync(async db =>
        {
            db.ResponsibleEntries.Add(new ResponsibleEntry { InitiativeId = original, RoleTitle = "Samordnare", UserId = id, SortOrder = 50 });
            await db.SaveChangesAsync();
        });
        var director = app.CreateBrowser();
        await director.SignInAsAsync(DemoUsers.DirectorOfEducation);
        Forms.AssertRedirect(await director.SubmitAsync($"/insatser/{S(original)}/redigera", form => form.Set("Origin", "Efter inaktiveringen")), $"/insatser/{S(original)}");
        Assert.True(await app.WithDbAsync(db => db.ResponsibleEntries.AnyAsync(r => r.InitiativeId == original && r.UserId == id)));
        Assert.Contains("Sara Slutar", (await admin.GetPageAsync($"/insatser/{S(original)}")).QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        Forms.AssertRedirect(await admin.PostFormAsync($"/admin/anvandare/{id}", new Dictionary<string, string>(), "form[action$='/aktivera']"), $"/admin/anvandare/{id}");
        Forms.AssertRedirect(await app.CreateBrowser().SignInAsync("slutar@insatsportal.example", "Ett-långt-lösenord-2"), "/");
    }

    [Fact]
    public async Task Resetting_a_password_replaces_the_old_one_and_ends_existing_sessions()
    {
        var admin = await AdminAsync();
        var id = await CreateAsync(admin, "glomsk@insatsportal.example", "Glömsk Person", "Rektor", "Gammalt-lösenord-3", unit: await UnitAsync("getingeskolan"));
        var session = app.CreateBrowser();
        await session.SignInAsync("glomsk@insatsportal.example", "Gammalt-lösenord-3");

        var tooShort = await admin.SubmitAsync($"/admin/anvandare/{id}/losenord", form => form.Set("Password", "för-kort"));
        Assert.Equal("Lösenordet måste ha minst 12 tecken.", Forms.FieldError(await Browser.ParseAsync(tooShort), "Password"));
        var response = await admin.SubmitAsync($"/admin/anvandare/{id}/losenord", form => form.Set("Password", ""));
        var generated = (await Browser.ParseAsync(response)).QuerySelector("#losenord")!.TextContent.Trim();

        Assert.Contains("Fel e-postadress eller lösenord.", Forms.Summary(await Browser.ParseAsync(
            await app.CreateBrowser().SignInAsync("glomsk@insatsportal.example", "Gammalt-lösenord-3"))), StringComparison.Ordinal);
        Forms.AssertRedirect(await app.CreateBrowser().SignInAsync("glomsk@insatsportal.example", generated), "/");
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Forms.AssertRedirect(await session.GetAsync("/"), "https://localhost/logga-in");
    }
}
