using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Insatsportal.BrowserTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Insatsportal.BrowserTests;

/// <summary>
/// axe-core (the npm package, shipped inside Deque.AxeCore.Commons and injected into the page by the test) on every
/// page type for the roles <see cref="RoleSample"/> picks among those that read it, with the WCAG 2.0 and 2.1 A and AA rules: zero violations. Each page also has exactly
/// one h1, <c>lang="sv"</c>, and a skip link that is the first thing Tab reaches and moves focus to the main content.
/// </summary>
[Collection(AccessibilityCollection.Name)]
public sealed class AccessibilityTests(AccessibilityFixture fixture)
{
    public static readonly Dictionary<string, string?> Users = new()
    {
        ["förvaltningschef"] = DemoUsers.DirectorOfEducation,
        ["avdelningschef"] = DemoUsers.DepartmentHead,
        ["tjänsteperson"] = DemoUsers.Official,
        ["rektor"] = DemoUsers.Principal,
        ["administratör"] = DemoUsers.Administrator,
        ["anonym"] = null,
    };

    private static readonly string[] SignedIn = ["förvaltningschef", "avdelningschef", "tjänsteperson", "rektor", "administratör"];
    private static readonly string[] Leadership = ["förvaltningschef", "avdelningschef"];
    private static readonly string[] InitiativeEditors = ["förvaltningschef", "avdelningschef", "tjänsteperson"];
    private static readonly string[] Overview = ["förvaltningschef", "avdelningschef", "tjänsteperson", "rektor"];

    /// <summary>Pages every signed-in role reads. {name} is an id from <see cref="AccessibilityFixture.IdsAsync"/>.</summary>
    private static readonly string[] ReadPages =
    [
        "/",
        "/planer",
        "/planer/{plan}",
        "/planer/{plan}/historik",
        "/mal/{goal}",
        "/mal/{goal}/historik",
        "/insatser",
        "/insatser?q=elev&plan={plan}&status=pagaende&status=planerad&sortering=status",
        "/insatser/{initiative}",
        "/insatser/{initiative}/historik",
        "/mina-insatser",
        "/grupper",
        "/grupper/{group}/historik",
        "/omgangar",
        "/omgangar/{round}",
        "/att-gora",
        "/finns-inte",
    ];

    /// <summary>(role, url, what to do on the page before checking). "skicka:Knapp" empties the form's text fields
    /// and presses the button, so the page shows its validation errors. New pages are one line here.</summary>
    private static readonly (string[] Roles, string Url, string? Action)[] Checks =
    [
        (SignedIn, "{read}", null),
        (["anonym"], "/logga-in", null),
        (["anonym"], "/logga-in", "skicka:Logga in"),
        (["anonym"], "/fel", null),
        (["anonym"], "/fel/404", null),
        (["rektor"], "/atkomst-nekad", null),
        (["tjänsteperson"], "/insatser?status=okand&sida=x", null), // a shared link with bad values: a Swedish note
        (["rektor"], "/omgangar/ny", null), // forbidden: the user lands on the access-denied page
        (InitiativeEditors, "/insatser/ny?plan={plan}", null),
        (InitiativeEditors, "/insatser/ny?plan={plan}", "skicka:Spara"),
        (InitiativeEditors, "/insatser/{initiative}/redigera", null),
        (["tjänsteperson"], "/insatser/{initiative}/redigera", "skicka:Spara"),
        (Leadership, "/planer/ny", null),
        (Leadership, "/planer/{plan}/redigera", null),
        (["förvaltningschef"], "/planer/{plan}/redigera", "skicka:Spara"),
        (Leadership, "/planer/{plan}/mal/ny", null),
        (Leadership, "/mal/{goal}/redigera", null),
        (["avdelningschef"], "/mal/{goal}/redigera", "skicka:Spara"),
        (Leadership, "/grupper/ny", null),
        (Leadership, "/grupper/{group}/redigera", null),
        (["förvaltningschef"], "/grupper/ny", "skicka:Spara"),
        (Leadership, "/planer/{plan}/overfor", null),
        (Leadership, "/omgangar/ny", null),
        (["avdelningschef"], "/omgangar/ny", "skicka:Öppna omgången"),
        (["rektor"], "/rapporter/{report:author}", null),
        (["rektor"], "/rapporter/{report:author}", "skicka:Klarmarkera och skicka"),
        (["rektor"], "/rapporter/{report:approved}", null),
        (Leadership, "/rapporter/{report:review}", null),
        (["förvaltningschef"], "/rapporter/{report:approved}", null),
        (Overview, "/oversikt", null),
        (["avdelningschef"], "/oversikt?avdelning=alla", null),
        (Overview, "/oversikt/sedan-forra?omgang={round}", null),
        (Overview, "/oversikt/insatser?omgang={round}", null),
        (Overview, "/oversikt/rapporter?omgang={round}", null),
        (Leadership, "/omgangar/{round}/namndunderlag", null),
        (InitiativeEditors, "/planer/{plan}/importera", null),
        (["förvaltningschef"], "/planer/{plan}/importera", "skicka:Förhandsgranska"),
        (["administratör"], "/admin", null),
        (["administratör"], "/admin/anvandare", null),
        (["administratör"], "/admin/anvandare/ny", null),
        (["administratör"], "/admin/anvandare/{user}", null),
        (["administratör"], "/admin/anvandare/ny", "skicka:Spara"),
        (["administratör"], "/admin/organisation", null),
        (["administratör"], "/admin/organisation/enheter/ny", null),
        (["administratör"], "/admin/organisation/enheter/ny", "skicka:Spara"),
        (["administratör"], "/admin/organisation/enheter/importera", null),
        (["förvaltningschef", "administratör"], "/kolada", null),
        (["administratör"], "/kolada?sok=elever", null),
    ];

    public static TheoryData<string, string, string> Pages()
    {
        var data = new TheoryData<string, string, string>();
        var turn = 0;
        foreach (var (roles, url, action) in Checks)
        {
            foreach (var u in url == "{read}" ? ReadPages : [url])
            {
                foreach (var role in RoleSample.For(roles, u, ref turn))
                {
                    data.Add(role, u, action ?? "");
                }
            }
        }
        return data;
    }

    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_has_no_WCAG_2_1_AA_violations_one_h1_lang_sv_and_a_working_skip_link(string role, string url, string action)
    {
        var ids = await fixture.IdsAsync();
        var path = ids.Aggregate(url, (u, id) => u.Replace("{" + id.Key + "}", id.Value, StringComparison.Ordinal));
        var page = await (await fixture.ContextAsync(role)).NewPageAsync();
        try
        {
            Landing.AssertLanded(await page.GotoAsync(path), role, url, path);
            if (action.StartsWith("skicka:", StringComparison.Ordinal))
            {
                var form = page.Locator("main form.edit-form, main form[action='/logga-in'], main form[action^='/logga-in?']").First;
                foreach (var field in await form.Locator("input[type=text]:visible, input[type=email]:visible, input[type=password]:visible, input:not([type]):visible, textarea:visible").AllAsync())
                {
                    await field.FillAsync("");
                }
                await form.GetByRole(AriaRole.Button, new() { Name = action["skicka:".Length..], Exact = true }).ClickAsync();
                await Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
                // After a refused submit the error summary has the focus (WCAG 3.3.1), not the page's top.
                await Expect(page.Locator(".error-summary")).ToBeFocusedAsync();
            }

            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "sv");
            await Expect(page.Locator("h1")).ToHaveCountAsync(1);

            // From the top of the page, Tab reaches the skip link first, and following it puts focus on main.
            // (Focusing the body moves the browser's sequential-focus starting point back to the top; a blur alone
            // would leave it at the error summary.)
            await page.EvaluateAsync("() => { document.activeElement?.blur(); document.body.tabIndex = -1; document.body.focus(); document.body.removeAttribute('tabindex'); window.scrollTo(0, 0); }");
            await page.Keyboard.PressAsync("Tab");
            await Expect(page.Locator(":focus")).ToHaveTextAsync("Hoppa till innehållet");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("main")).ToBeFocusedAsync();

            // Beyond axe: every error message shown next to a field is tied to a control by aria-describedby, and
            // every data table has header cells and a caption.
            var untied = await page.EvaluateAsync<string[]>(UntiedErrorsScript);
            Assert.True(untied.Length == 0, $"Error messages on {path} as {role} not tied to a field with aria-describedby: {string.Join(" | ", untied)}");
            var unmarked = await page.EvaluateAsync<string[]>(UnmarkedInvalidFieldsScript);
            Assert.True(unmarked.Length == 0, $"Fields on {path} as {role} with an error but without aria-invalid: {string.Join(" | ", unmarked)}");
            var bareTables = await page.EvaluateAsync<string[]>(BareTablesScript);
            Assert.True(bareTables.Length == 0, $"Tables on {path} as {role} without th or caption: {string.Join(" | ", bareTables)}");

            var result = await page.RunAxe(new AxeRunOptions
            {
                RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] },
                ResultTypes = [ResultType.Violations],
            });
            Assert.True(result.Violations.Length == 0, Describe(role, path, result.Violations));
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private const string UntiedErrorsScript = """
        () => [...document.querySelectorAll('main .field-error')]
            .filter(e => e.textContent.trim() !== '')
            .filter(e => !e.id || !document.querySelector(`[aria-describedby~="${e.id}"]`))
            .map(e => e.textContent.trim())
        """;

    private const string UnmarkedInvalidFieldsScript = """
        () => [...document.querySelectorAll('main input[aria-describedby], main select[aria-describedby], main textarea[aria-describedby]')]
            .filter(f => f.getAttribute('aria-describedby').split(' ')
                .some(id => document.getElementById(id)?.classList.contains('field-error') && document.getElementById(id).textContent.trim() !== ''))
            .filter(f => f.getAttribute('aria-invalid') !== 'true')
            .map(f => f.name)
        """;

    private const string BareTablesScript = """
        () => [...document.querySelectorAll('main table')]
            .filter(t => !t.querySelector('th') || !t.querySelector('caption'))
            .map(t => t.outerHTML.slice(0, 120))
        """;

    private static string Describe(string role, string path, AxeResultItem[] violations)
    {
        var text = new StringBuilder($"{violations.Length} axe violation(s) on {path} as {role}:\n");
        foreach (var v in violations)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"- {v.Id} ({v.Impact}): {v.Help}\n");
            foreach (var node in v.Nodes.Take(5))
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"    {string.Join(" ", node.Target)}: {node.Html}\n      {string.Join("; ", node.Any.Concat(node.All).Concat(node.None).Select(c => c.Message))}\n");
            }
        }
        return text.ToString();
    }
}
