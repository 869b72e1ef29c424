using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>Searching and paging the user list within the administrator's förvaltning.</summary>
public partial class UserAdministrationTests
{
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
}
