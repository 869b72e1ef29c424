using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>A user's history: what is in it, paged, and that it cannot be changed.</summary>
public partial class UserAdministrationTests
{
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
}
