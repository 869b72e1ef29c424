using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

public class UserAdministrationTests(UserAdministrationTests.Factory app) : IClassFixture<UserAdministrationTests.Factory>
{
    /// <summary>A test clock, so that a session's security stamp is revalidated by moving time, not waiting.</summary>
    public class Factory : AppFactory
    {
        public TestClock Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }

    private async Task<HttpClient> AdminAsync()
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.Administrator);
        return browser;
    }

    private Task<int> DepartmentAsync(string key) =>
        app.WithDbAsync(db => db.Departments.Where(d => d.Key == key && d.Organisation.Key == "halmstad-buf").Select(d => d.Id).SingleAsync());

    private Task<int> UnitAsync(string key) =>
        app.WithDbAsync(db => db.Units.Where(u => u.Key == key).Select(u => u.Id).FirstAsync());

    private Task<AppUser?> UserAsync(string email)
    {
        var normalized = email.ToUpperInvariant();
        return app.WithDbAsync(db => db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == normalized));
    }

    /// <summary>Creates a user through the form with a password the test knows.</summary>
    private async Task<string> CreateAsync(HttpClient admin, string email, string name, string role, string password, int? department = null, int? unit = null)
    {
        var response = await admin.SubmitAsync("/admin/anvandare/ny", form =>
        {
            form.Set("DisplayName", name).Set("Email", email).Set("Title", role).Set("Password", password).Add("Roles", role);
            if (department is { } d) { form.Add("DepartmentIds", S(d)); }
            if (unit is { } u) { form.Add("UnitIds", S(u)); }
        });
        Forms.AssertRedirect(response, "/admin/anvandare/");
        return (await UserAsync(email))!.Id;
    }

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

    private static List<(string Who, string What, string Old, string New)> HistoryRows(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("#historik tbody tr").Select(tr => (tr.Children[1].TextContent.Trim(), tr.Children[2].TextContent.Trim(),
            tr.Children[3].TextContent.Trim(), tr.Children[4].TextContent.Trim())).ToList();

    /// <summary>Issue 12, point 4: a change to a user's roles (and scope, status and password) is in that user's history
    /// with the administrator who made it; a refused change of one's own roles is not a change there.</summary>
    [Fact]
    public async Task Changes_to_a_user_are_in_their_history_with_who_made_them_and_a_refused_change_of_ones_own_roles_is_not()
    {
        var admin = await AdminAsync();
        var adminName = (await UserAsync(DemoUsers.Administrator))!.DisplayName;
        var id = await CreateAsync(admin, "historik@insatsportal.example", "Hedda Historik", "Rektor", "Historik-lösenord-1", unit: await UnitAsync("andersbergsskolan"));
        var kvalitet = await DepartmentAsync("kvalitet");
        var kvalitetName = await app.WithDbAsync(db => db.Departments.Where(d => d.Id == kvalitet).Select(d => d.Name).SingleAsync());

        Forms.AssertRedirect(await admin.SubmitAsync($"/admin/anvandare/{id}/redigera", form => form
            .Remove("Roles").Add("Roles", "Tjänsteperson").Add("DepartmentIds", S(kvalitet))), $"/admin/anvandare/{id}");
        Forms.AssertRedirect(await admin.PostFormAsync($"/admin/anvandare/{id}", new Dictionary<string, string>(), "form[action$='/inaktivera']"),
            $"/admin/anvandare/{id}");
        Assert.Equal(HttpStatusCode.OK, (await admin.SubmitAsync($"/admin/anvandare/{id}/losenord", form => form.Set("Password", ""))).StatusCode);

        var rows = HistoryRows(await admin.GetPageAsync($"/admin/anvandare/{id}"));
        Assert.Equal(
        [
            (adminName, "Lösenord", "–", "Nytt lösenord genererat av administratören"),
            (adminName, "Status", "Aktiv", "Inaktiverad"),
            (adminName, "Avdelningar", "–", kvalitetName),
            (adminName, "Roller", "Rektor", "Tjänsteperson"),
        ], rows.Take(4));
        Assert.Contains((adminName, "Roller (vid skapandet)", "–", "Rektor"), rows);
        Assert.Equal((adminName, "Skapad", "–", "–"), rows[^1]);

        var second = await CreateAsync(admin, "historik-admin@insatsportal.example", "Hugo Historik", "Administratör", "Historik-admin-lösenord-1");
        var other = app.CreateBrowser();
        await other.SignInAsync("historik-admin@insatsportal.example", "Historik-admin-lösenord-1");
        var refused = await Browser.ParseAsync(await other.SubmitAsync($"/admin/anvandare/{second}/redigera", form => form.Add("Roles", "Förvaltningschef")));
        Assert.Equal(Insatsportal.Web.Features.Administration.UserCommands.OwnRightsMessage, Forms.FieldError(refused, "Roles"));

        var own = HistoryRows(await admin.GetPageAsync($"/admin/anvandare/{second}"));
        Assert.All(own, row => Assert.True(row.What == "Skapad" || row.What.EndsWith("(vid skapandet)", StringComparison.Ordinal), row.What));
        Assert.DoesNotContain(own, row => row.New.Contains("Förvaltningschef", StringComparison.Ordinal));
        Assert.False(await app.WithDbAsync(db => db.UserHistory.AnyAsync(e => e.UserId == second && e.Action == ChangeAction.Updated)));
    }

    [Fact]
    public async Task A_long_user_history_is_paged_newest_first()
    {
        var admin = await AdminAsync();
        var id = await CreateAsync(admin, "lang-historik@insatsportal.example", "Lång Historik", "Rektor", "Lång-historik-lösenord-1", unit: await UnitAsync("andersbergsskolan"));
        var created = await app.WithDbAsync(db => db.UserHistory.CountAsync(e => e.UserId == id));
        await app.WithDbAsync(async db =>
        {
            var at = await db.UserHistory.Where(e => e.UserId == id).MaxAsync(e => e.At);
            db.UserHistory.AddRange(Enumerable.Range(1, 30).Select(n => new UserHistoryEntry
            {
                UserId = id, At = at.AddMinutes(n), ActorName = "Testare", Action = ChangeAction.Updated, Field = "Titel", OldValue = $"Titel {n - 1}", NewValue = $"Titel {n}",
            }));
            await db.SaveChangesAsync();
        });

        var first = await admin.GetPageAsync($"/admin/anvandare/{id}");
        var rows = HistoryRows(first);
        Assert.Equal(Insatsportal.Web.Features.Administration.UserHistory.PageSize, rows.Count);
        Assert.Equal(("Testare", "Titel", "Titel 29", "Titel 30"), rows[0]);
        var older = first.QuerySelector("#historik nav a[rel=next]")!.GetAttribute("href")!;
        var second = HistoryRows(await admin.GetPageAsync(older));
        Assert.Equal(30 + created - rows.Count, second.Count);
        Assert.Equal("Skapad", second[^1].What);
    }

    [Fact]
    public async Task A_users_history_cannot_be_changed_or_deleted()
    {
        var admin = await AdminAsync();
        var id = await CreateAsync(admin, "bestandig@insatsportal.example", "Beständig Historik", "Rektor", "Beständig-lösenord-1", unit: await UnitAsync("andersbergsskolan"));

        var before = await app.WithDbAsync(db => db.UserHistory.CountAsync(e => e.UserId == id));
        await app.WithDbAsync(async db =>
        {
            var entry = await db.UserHistory.FirstAsync(e => e.UserId == id);
            entry.NewValue = "Omskriven";
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        });
        await app.WithDbAsync(async db =>
        {
            db.UserHistory.Remove(await db.UserHistory.FirstAsync(e => e.UserId == id));
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        });

        Assert.DoesNotContain("Omskriven", await app.WithDbAsync(db => db.UserHistory.Where(e => e.UserId == id).Select(e => e.NewValue).ToListAsync()));
        Assert.Equal(before, await app.WithDbAsync(db => db.UserHistory.CountAsync(e => e.UserId == id)));
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

    [Fact]
    public async Task Users_are_searched_and_paged_and_another_forvaltnings_user_is_not_found()
    {
        var admin = await AdminAsync();
        var stockholm = await app.WithDbAsync(async db =>
        {
            var org = await db.Organisations.Where(o => o.Key == "stockholm-utbf").Select(o => o.Id).SingleAsync();
            var user = new AppUser { UserName = "annan@stockholm.example", Email = "annan@stockholm.example", NormalizedEmail = "ANNAN@STOCKHOLM.EXAMPLE", NormalizedUserName = "ANNAN@STOCKHOLM.EXAMPLE", DisplayName = "Annan Förvaltning", OrganisationId = org };
            db.Users.Add(user);
            for (var n = 0; n < 30; n++)
            {
                var email = $"sidbyte{n:00}@insatsportal.example";
                db.Users.Add(new AppUser { UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant(), DisplayName = $"Sidbyte {n:00}", OrganisationId = await db.Organisations.Where(o => o.Key == "halmstad-buf").Select(o => o.Id).SingleAsync() });
            }
            await db.SaveChangesAsync();
            return user.Id;
        });

        var first = await admin.GetPageAsync("/admin/anvandare?sok=sidbyte");
        Assert.Equal(25, first.QuerySelectorAll("tbody tr").Length);
        Assert.Contains("30 användare", first.QuerySelector(".result-count")!.TextContent, StringComparison.Ordinal);
        var second = await admin.GetPageAsync(first.QuerySelector("a[rel=next]")!.GetAttribute("href")!);
        Assert.Equal(5, second.QuerySelectorAll("tbody tr").Length);
        Assert.Empty((await admin.GetPageAsync("/admin/anvandare?sok=Annan")).QuerySelectorAll("tbody tr"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/anvandare/{stockholm}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/anvandare/{stockholm}/redigera")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostFormAsync("/", new Dictionary<string, string>(), Forms.AnyForm, $"/admin/anvandare/{stockholm}/inaktivera")).StatusCode);
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
