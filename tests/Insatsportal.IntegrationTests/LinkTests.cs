using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// Links are generated from named routes (docs/adr/0005-routes-and-view-models.md), and a generation that fails
/// renders <c>href=""</c> without any error. So, as each demo role, one URL of every page type is read and every
/// link, form action and button formaction on it must be present and non-empty, and every internal GET link found
/// must answer 200, 302 or 403: never 404 or 500.
/// </summary>
public sealed partial class LinkTests(LinkTests.Factory app) : IClassFixture<LinkTests.Factory>
{
    public sealed class Factory : AppFactory
    {
        private Dictionary<string, string>? _ids;

        /// <summary>Ids for the placeholders in <see cref="Pages"/>, all in the demo users' own förvaltning.</summary>
        public async Task<Dictionary<string, string>> IdsAsync() => _ids ??= await WithDbAsync(async db =>
        {
            const string Halmstad = "halmstad-utvecklingsplan-2020-2021";
            const string Live = "Lägesbedömning 2021";
            var ids = new Dictionary<string, int>
            {
                ["plan"] = await db.Plans.Where(p => p.Key == Halmstad).Select(p => p.Id).SingleAsync(),
                ["goal"] = await db.Goals.Where(g => g.Plan.Key == Halmstad).OrderBy(g => g.SortOrder).Select(g => g.Id).FirstAsync(),
                ["group"] = await db.Groups.Where(g => g.Organisation.Key == "halmstad-buf").OrderBy(g => g.Id).Select(g => g.Id).FirstAsync(),
                ["initiative"] = await db.Initiatives.Where(i => i.Key == "underlag-undersokande").Select(i => i.Id).SingleAsync(),
                ["round"] = await db.FollowUpRounds.Where(r => r.Name == Live).Select(r => r.Id).SingleAsync(),
                ["report:author"] = await db.FollowUpReports
                    .Where(r => r.Round.Name == Live && r.Initiative.Key == "barn-och-elevhearings" && r.Unit!.Key == "vallasskolan")
                    .Select(r => r.Id).SingleAsync(),
                ["report:review"] = await db.FollowUpReports
                    .Where(r => r.Round.Name == Live && r.Initiative.Key == "underlag-undersokande" && r.Status == ReportStatus.Submitted)
                    .Select(r => r.Id).SingleAsync(),
            }.ToDictionary(id => id.Key, id => id.Value.ToString(CultureInfo.InvariantCulture));
            ids["user"] = await db.Users.Where(u => u.Email == DemoUsers.Official).Select(u => u.Id).SingleAsync();
            return ids;
        });
    }

    /// <summary>One URL of every page type (the accessibility checks' list and the authorization matrix's GET pages).
    /// Pages a role may not open answer it 403 or 404; their own page is still checked.</summary>
    private static readonly string[] Pages =
    [
        "/",
        "/planer",
        "/planer/{plan}",
        "/planer/{plan}/historik",
        "/planer/ny",
        "/planer/{plan}/redigera",
        "/planer/{plan}/overfor",
        "/planer/{plan}/importera",
        "/planer/{plan}/mal/ny",
        "/mal/{goal}",
        "/mal/{goal}/redigera",
        "/mal/{goal}/historik",
        "/insatser",
        "/insatser?q=elev&plan={plan}&status=pagaende&status=planerad&sortering=status",
        "/insatser/{initiative}",
        "/insatser/{initiative}/redigera",
        "/insatser/{initiative}/historik",
        "/insatser/ny?plan={plan}",
        "/mina-insatser",
        "/grupper",
        "/grupper/ny",
        "/grupper/{group}/redigera",
        "/grupper/{group}/historik",
        "/omgangar",
        "/omgangar/ny",
        "/omgangar/{round}",
        "/omgangar/{round}/namndunderlag",
        "/rapporter/{report:author}",
        "/rapporter/{report:review}",
        "/att-gora",
        "/oversikt",
        "/oversikt?avdelning=alla",
        "/oversikt/sedan-forra?omgang={round}",
        "/oversikt/insatser?omgang={round}",
        "/oversikt/rapporter?omgang={round}",
        "/oversikt/indikatorer",
        "/kolada",
        "/kolada?sok=elever",
        "/konto/byt-losenord",
        "/admin",
        "/admin/anvandare",
        "/admin/anvandare/ny",
        "/admin/anvandare/{user}",
        "/admin/organisation",
        "/admin/organisation/enheter/ny",
        "/admin/organisation/enheter/importera",
        "/finns-inte",
    ];

    /// <summary>Internal links followed per role, at most: one of each shape (ids and query values aside), so a
    /// long list of insatser costs one request, and the test stays well inside half a minute.</summary>
    private const int MaxFollowed = 150;

    public static TheoryData<string> Roles() =>
        [DemoUsers.DirectorOfEducation, DemoUsers.DepartmentHead, DemoUsers.Official, DemoUsers.Principal, DemoUsers.Administrator];

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Every_link_and_form_on_every_page_has_a_target_and_every_internal_link_answers(string email)
    {
        var ids = await app.IdsAsync();
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);
        var failures = new List<string>();
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var template in Pages)
        {
            var url = Placeholder().Replace(template, m => Uri.EscapeDataString(ids[m.Groups[1].Value]));
            var response = await browser.GetAsync(url);
            if (response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }
            var page = await Browser.ParseAsync(response);
            foreach (var element in page.QuerySelectorAll("a, form, [formaction]"))
            {
                var attribute = element.LocalName switch { "a" => "href", "form" => "action", _ => "formaction" };
                var target = element.GetAttribute(attribute);
                if (string.IsNullOrWhiteSpace(target))
                {
                    failures.Add($"{url}: <{element.LocalName}> without {attribute}: {Describe(element)}");
                }
                else if (element.LocalName == "a" && Internal(target) is { } path)
                {
                    links.TryAdd(Shape(path), path);
                }
            }
        }

        Assert.True(links.Count > 20, $"Only {links.Count} internal links found: the pages did not render.");
        foreach (var link in links.Values.Order(StringComparer.Ordinal).Take(MaxFollowed))
        {
            var status = (await browser.GetAsync(link)).StatusCode;
            if (status is not (HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.Forbidden))
            {
                failures.Add($"GET {link} gave {(int)status}");
            }
        }
        Assert.True(failures.Count == 0, $"As {email}:\n{string.Join("\n", failures)}");
    }

    /// <summary>The path and query of a link within the app; null for fragments, other sites, mail and static files.</summary>
    private static string? Internal(string href)
    {
        if (!href.StartsWith('/') || href.StartsWith("//", StringComparison.Ordinal))
        {
            return null;
        }
        var path = href.Split('#')[0];
        return path.StartsWith("/css/", StringComparison.Ordinal) || path.StartsWith("/js/", StringComparison.Ordinal)
            || path.StartsWith("/lib/", StringComparison.Ordinal) || path.Length == 0 ? null : path;
    }

    /// <summary>A link's shape: its path with numbers as #, and the names of its query parameters.</summary>
    private static string Shape(string path)
    {
        var parts = path.Split('?', 2);
        var query = parts.Length > 1
            ? string.Join("&", parts[1].Split('&').Select(p => p.Split('=')[0]).Distinct().Order(StringComparer.Ordinal))
            : "";
        return Number().Replace(parts[0], "#") + "?" + query;
    }

    private static string Describe(IElement element)
    {
        var text = element.OuterHtml;
        return text.Length > 160 ? text[..160] + "…" : text;
    }

    [GeneratedRegex(@"\{([a-z:]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();
}
