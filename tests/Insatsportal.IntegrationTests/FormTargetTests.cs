using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// The pages LinkTests does not open (the administration's edit pages for each kind of organisation part, a user's
/// edit, password and handover pages, the sign-in pages): their links and forms are generated from named routes, and
/// a generation that fails renders an empty <c>href</c> or <c>action</c> without an error. Every link and form must
/// have a target, and every POST form must carry exactly one antiforgery token (the form tag helper adds one; an
/// explicit token besides it would be a second).
/// </summary>
[Collection(SharedAppCollection.Name)]
public sealed class FormTargetTests(AppFactory app)
{
    [Fact]
    public async Task The_administrations_edit_pages_have_a_target_for_every_link_and_form_and_one_token_per_post_form()
    {
        var ids = await app.WithDbAsync(async db => new
        {
            User = await db.Users.Where(u => u.Email == DemoUsers.Official).Select(u => u.Id).SingleAsync(),
            Department = await db.Departments.Where(d => d.ClosedOn == null).OrderBy(d => d.Id).Select(d => d.Id).FirstAsync(),
            SchoolArea = await db.SchoolAreas.Where(a => a.ClosedOn == null).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync(),
            Unit = await db.Units.Where(u => u.ClosedOn == null).OrderBy(u => u.Id).Select(u => u.Id).FirstAsync(),
        });
        var admin = app.CreateBrowser();
        await admin.SignInAsAsync(DemoUsers.Administrator);
        string[] pages =
        [
            $"/admin/anvandare/{ids.User}/redigera",
            $"/admin/anvandare/{ids.User}/losenord",
            $"/admin/anvandare/{ids.User}/overlamna",
            "/admin/organisation/avdelningar/ny",
            "/admin/organisation/omraden/ny",
            $"/admin/organisation/avdelningar/{ids.Department}/redigera",
            $"/admin/organisation/avdelningar/{ids.Department}/historik",
            $"/admin/organisation/omraden/{ids.SchoolArea}/redigera",
            $"/admin/organisation/omraden/{ids.SchoolArea}/historik",
            $"/admin/organisation/enheter/{ids.Unit}/redigera",
            $"/admin/organisation/enheter/{ids.Unit}/historik",
        ];
        var failures = new List<string>();
        foreach (var url in pages)
        {
            failures.AddRange(await CheckAsync(admin, url));
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task The_sign_in_pages_post_to_their_route_and_keep_the_return_address()
    {
        var anonymous = app.CreateBrowser();
        var failures = new List<string>();
        failures.AddRange(await CheckAsync(anonymous, "/logga-in?returUrl=%2Fomgangar"));
        failures.AddRange(await CheckAsync(anonymous, "/logga-in/reserv"));
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        var page = await anonymous.GetPageAsync("/logga-in?returUrl=%2Fomgangar");
        Assert.Equal("/logga-in?returUrl=%2Fomgangar", Assert.Single(page.QuerySelectorAll("form[method=post]")).GetAttribute("action"));
    }

    [Fact]
    public async Task The_layouts_sign_out_form_and_the_round_form_carry_one_token()
    {
        var director = app.CreateBrowser();
        await director.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var failures = new List<string>();
        failures.AddRange(await CheckAsync(director, "/omgangar/ny"));
        failures.AddRange(await CheckAsync(director, "/konto/byt-losenord"));
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        var page = await director.GetPageAsync("/omgangar/ny");
        Assert.Equal("/logga-ut", page.QuerySelector("header form[method=post]")?.GetAttribute("action"));
    }

    private static async Task<IReadOnlyList<string>> CheckAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return [$"GET {url} gave {(int)response.StatusCode}"];
        }
        var page = await Browser.ParseAsync(response);
        var failures = new List<string>();
        foreach (var link in page.QuerySelectorAll("a"))
        {
            if (string.IsNullOrWhiteSpace(link.GetAttribute("href")))
            {
                failures.Add($"{url}: a link without href: {link.OuterHtml}");
            }
        }
        var forms = page.QuerySelectorAll("form");
        foreach (var form in forms)
        {
            var start = form.OuterHtml.Length > 120 ? form.OuterHtml[..120] : form.OuterHtml;
            if (string.IsNullOrWhiteSpace(form.GetAttribute("action")))
            {
                failures.Add($"{url}: a form without action: {start}");
            }
            var tokens = form.QuerySelectorAll("input[name=__RequestVerificationToken]").Length;
            if (string.Equals(form.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase) && tokens != 1)
            {
                failures.Add($"{url}: a POST form with {tokens} antiforgery tokens: {start}");
            }
        }
        if (!forms.Any(f => string.Equals(f.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add($"{url}: no POST form at all (the page did not render as expected)");
        }
        return failures;
    }
}
