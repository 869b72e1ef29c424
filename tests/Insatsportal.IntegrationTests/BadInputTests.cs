using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.FollowUps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// Every form gets each kind of bad input in all its fields (OWASP ASVS 4.0.3 V5.1, V5.3): the answer is a Swedish
/// message, a saved record or a 404, never a 500 or a bare 400, and markup always comes back as text.
/// </summary>
public class BadInputTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Script = "<script>alert('xss')</script>";

    private static readonly string[] BadValues =
        [new string('x', 20_000), Script, "2026-13-45", "999999", "-1", "Påhittad", "tolv", "1e400", ""];

    private async Task<(int Plan, int Goal, int Group, int Initiative, int Report)> IdsAsync() => await app.WithDbAsync(async db =>
    {
        var plan = await db.Plans.Where(p => p.Key == "halmstad-utvecklingsplan-2020-2021").Select(p => p.Id).SingleAsync();
        var goal = await db.Goals.Where(g => g.PlanId == plan).OrderBy(g => g.SortOrder).Select(g => g.Id).FirstAsync();
        var group = await db.Groups.Where(g => g.Organisation.Key == "halmstad-buf").OrderBy(g => g.Id).Select(g => g.Id).FirstAsync();
        var initiative = await db.Initiatives.Where(i => i.Key == "underlag-undersokande").Select(i => i.Id).SingleAsync();
        using var scope = app.Services.CreateScope();
        var round = await scope.ServiceProvider.GetRequiredService<RoundCommands>()
            .OpenAsync(plan, "Omgång för felaktig inmatning", FollowUpOccasionKind.InterimReport, new DateOnly(2026, 1, 1), new DateOnly(2030, 1, 1), null, default);
        var report = await db.FollowUpReports.Where(r => r.RoundId == round.Id && r.InitiativeId == initiative && r.UnitId == null).Select(r => r.Id).SingleAsync();
        return (plan, goal, group, initiative, report);
    });

    [Fact]
    public async Task Every_field_of_every_form_answers_bad_input_with_a_message_or_a_save_never_an_error()
    {
        var (plan, goal, group, initiative, report) = await IdsAsync();
        var leader = app.CreateBrowser();
        await leader.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var admin = app.CreateBrowser();
        await admin.SignInAsAsync(DemoUsers.Administrator);
        var forms = new (HttpClient Browser, string Url, string Selector)[]
        {
            (leader, "/planer/ny", "main form.edit-form"),
            (leader, $"/planer/{S(plan)}/redigera", "main form.edit-form"),
            (leader, $"/planer/{S(plan)}/mal/ny", "main form.edit-form"),
            (leader, $"/mal/{S(goal)}/redigera", "main form.edit-form"),
            (leader, "/grupper/ny", "main form.edit-form"),
            (leader, $"/grupper/{S(group)}/redigera", "main form.edit-form"),
            (leader, $"/insatser/ny?plan={S(plan)}", "main form.edit-form"),
            (leader, $"/insatser/{S(initiative)}/redigera", "main form.edit-form"),
            (leader, "/omgangar/ny", "main form.edit-form"),
            (leader, $"/planer/{S(plan)}/overfor", "main form.edit-form"),
            (leader, $"/rapporter/{S(report)}", "main form.report-form"),
            (leader, "/insatser", "main form.search-form"),
            (leader, "/planer", "main form.filters"),
            (leader, "/grupper", "main form.filters"),
            // Archiving last: it is the one that takes the insats out of the other forms.
            (leader, $"/insatser/{S(initiative)}", "main form[action$='/arkivera']"),
            // A wrong current password counts towards the lockout, so this one has a browser of its own.
            (admin, "/konto/byt-losenord", "main form.edit-form"),
        };
        var failures = new List<string>();
        var posts = 0;

        // Each bad value goes into every field of the form at once (hidden fields included: they can be tampered
        // with as well), one submission per value: model binding and validation see every field either way.
        foreach (var (browser, url, selector) in forms)
        {
            foreach (var value in BadValues)
            {
                var page = await browser.GetPageAsync(url);
                if (page.QuerySelector(selector) is not IHtmlFormElement form)
                {
                    // An earlier value was saved and the form is gone (an archived insats has no archive form).
                    Assert.True(value != BadValues[0], $"No {selector} on {url}");
                    break;
                }
                var fields = FieldsOf(page, selector, url);
                Assert.True(fields.Count > 0, $"No fields in {selector} on {url}");
                var data = FormData.From(form, url);
                foreach (var field in fields)
                {
                    data.Set(field, value);
                }
                var response = form.Method.Equals("get", StringComparison.OrdinalIgnoreCase)
                    ? await browser.GetAsync(data.Action + "?" + await data.ToContent(null).ReadAsStringAsync())
                    : await browser.PostAsync(data.Action, data.ToContent(null));
                posts++;
                var problem = await ProblemAsync(browser, response);
                if (problem is not null)
                {
                    failures.Add($"{url} every field={Short(value)}: {problem}");
                }
            }
        }

        Assert.True(posts > forms.Length * 5, $"Only {posts} submissions");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
    }

    [Theory]
    [InlineData("/insatser/999999")]
    [InlineData("/insatser/999999/redigera")]
    [InlineData("/insatser/abc")]
    [InlineData("/planer/999999")]
    [InlineData("/planer/-1/redigera")]
    [InlineData("/mal/99999999999999999999")]
    [InlineData("/grupper/999999/redigera")]
    [InlineData("/omgangar/999999")]
    [InlineData("/rapporter/999999")]
    [InlineData("/insatser/ny?plan=999999")]
    [InlineData("/insatser/ny?plan=abc")]
    [InlineData("/planer/999999/mal/ny")]
    public async Task An_unknown_or_malformed_id_is_a_Swedish_404(string url)
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);

        var response = await browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Sidan finns inte", (await Browser.ParseAsync(response)).QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task A_script_tag_in_a_saved_title_is_shown_as_text()
    {
        var plan = await app.WithDbAsync(db => db.Plans.Where(p => p.Key == "halmstad-utvecklingsplan-2020-2021").Select(p => p.Id).SingleAsync());
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);

        var response = await browser.SubmitAsync($"/planer/{S(plan)}/mal/ny", form => form.Set("Title", Script + " Läsning"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var html = await (await browser.GetAsync(response.Headers.Location!)).Content.ReadAsStringAsync();
        var page = await Browser.ParseAsync(await browser.GetAsync(response.Headers.Location!));
        Assert.Equal(Script + " Läsning", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.DoesNotContain(Script, html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("script"));
    }

    /// <summary>What is wrong with an answer to bad input, or null when it is one of the right answers.</summary>
    private static async Task<string?> ProblemAsync(HttpClient browser, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            var location = response.Headers.Location!;
            if (location.OriginalString.Contains("/logga-in", StringComparison.Ordinal))
            {
                return "signed out";
            }
            response = await browser.GetAsync(location);
            status = (int)response.StatusCode;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return $"saved, then {location} gave {status}";
            }
        }
        else if (response.StatusCode != HttpStatusCode.OK)
        {
            return $"gave {status}";
        }
        var html = await response.Content.ReadAsStringAsync();
        if (html.Contains(Script, StringComparison.Ordinal))
        {
            return "the script tag came back as markup";
        }
        return null;
    }

    /// <summary>The names a browser would submit, hidden fields included: they can be tampered with as well.</summary>
    private static List<string> FieldsOf(IDocument page, string selector, string url)
    {
        var form = (IHtmlFormElement?)page.QuerySelector(selector) ?? throw new InvalidOperationException($"No {selector} on {url}");
        return form.Elements
            .Where(e => e is not IHtmlButtonElement && e.GetAttribute("type") is not ("submit" or "button"))
            .Select(e => e.GetAttribute("name"))
            .OfType<string>()
            .Where(n => n.Length > 0 && n != "__RequestVerificationToken")
            .Distinct()
            .ToList();
    }

    private static string Short(string value) => value.Length > 30 ? $"{value[..10]}…({value.Length})" : value;
}
