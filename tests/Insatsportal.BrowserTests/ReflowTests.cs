using System.Globalization;
using Microsoft.Playwright;

namespace Insatsportal.BrowserTests;

/// <summary>
/// Reflow (WCAG 2.1 1.4.10): every page type, for the roles <see cref="RoleSample"/> picks among those that read it, is measured at 320 CSS px (a phone held
/// upright, and 1280 px at 400 % zoom), at 640 CSS px (1280 px at 200 % zoom) and at 1366 px (an ordinary laptop):
/// the page itself never scrolls sideways. Only a data table may be wider than the screen, and then inside its own
/// scroll box (<c>.table-scroll</c>), never the page. Shares the accessibility collection's app and its signed-in
/// profiles, so it signs in once per role; each page is loaded once and measured at the three widths.
/// </summary>
[Collection(AccessibilityCollection.Name)]
public sealed class ReflowTests(AccessibilityFixture fixture)
{
    private static readonly int[] Widths = [320, 640, 1366];

    private static readonly string[] SignedIn = ["förvaltningschef", "avdelningschef", "tjänsteperson", "rektor", "administratör"];
    private static readonly string[] Leadership = ["förvaltningschef", "avdelningschef"];
    private static readonly string[] InitiativeEditors = ["förvaltningschef", "avdelningschef", "tjänsteperson"];
    private static readonly string[] Overview = ["förvaltningschef", "avdelningschef", "tjänsteperson", "rektor"];

    /// <summary>(roles, url, what to do first). "skicka:Knapp" empties the form's text fields and presses the button,
    /// so the page is measured with its error summary and the messages next to the fields.</summary>
    private static readonly (string[] Roles, string Url, string? Action)[] Checks =
    [
        (["anonym"], "/logga-in", null),
        (["anonym"], "/logga-in", "skicka:Logga in"),
        (SignedIn, "/", null),
        (SignedIn, "/konto/byt-losenord", null),
        (SignedIn, "/planer", null),
        (SignedIn, "/planer/{plan}", null),
        (["tjänsteperson"], "/planer/{plan}/historik", null),
        (SignedIn, "/mal/{goal}", null),
        (["rektor"], "/mal/{goal}/historik", null),
        (SignedIn, "/insatser", null),
        (["tjänsteperson"], "/insatser?q=elev&plan={plan}&status=pagaende&status=planerad&sortering=status", null),
        (SignedIn, "/insatser/{initiative}", null),
        (["avdelningschef"], "/insatser/{initiative}/historik", null),
        (InitiativeEditors, "/insatser/ny?plan={plan}", null),
        (["tjänsteperson"], "/insatser/ny?plan={plan}", "skicka:Spara"),
        (InitiativeEditors, "/insatser/{initiative}/redigera", null),
        (Leadership, "/planer/ny", null),
        (["förvaltningschef"], "/planer/{plan}/redigera", null),
        (["avdelningschef"], "/mal/{goal}/redigera", null),
        (SignedIn, "/mina-insatser", null),
        (SignedIn, "/grupper", null),
        (["förvaltningschef"], "/grupper/{group}/historik", null),
        (["avdelningschef"], "/grupper/ny", null),
        (Overview, "/oversikt", null),
        (["avdelningschef"], "/oversikt?avdelning=alla", null),
        (Overview, "/oversikt/sedan-forra?omgang={round}", null),
        (Overview, "/oversikt/insatser?omgang={round}", null),
        (Overview, "/oversikt/rapporter?omgang={round}", null),
        (["förvaltningschef"], "/oversikt/indikatorer", null),
        (SignedIn, "/omgangar", null),
        (SignedIn, "/omgangar/{round}", null),
        (Leadership, "/omgangar/ny", null),
        (Leadership, "/omgangar/{round}/namndunderlag", null),
        (SignedIn, "/att-gora", null),
        (["rektor"], "/rapporter/{report:author}", null),
        (["rektor"], "/rapporter/{report:author}", "skicka:Klarmarkera och skicka"),
        (["rektor", "förvaltningschef"], "/rapporter/{report:approved}", null),
        (Leadership, "/rapporter/{report:review}", null),
        (["förvaltningschef"], "/planer/{plan}/overfor", null),
        (["förvaltningschef"], "/planer/{plan}/importera", null),
        (["administratör"], "/admin", null),
        (["administratör"], "/admin/anvandare", null),
        (["administratör"], "/admin/anvandare/ny", null),
        (["administratör"], "/admin/anvandare/ny", "skicka:Spara"),
        (["administratör"], "/admin/anvandare/{user}", null),
        (["administratör"], "/admin/anvandare/{user}/redigera", null),
        (["administratör"], "/admin/organisation", null),
        (["administratör"], "/admin/organisation/enheter/ny", null),
        (["administratör"], "/admin/organisation/enheter/importera", null),
        (["rektor"], "/finns-inte", null),
    ];

    public static TheoryData<string, string, string> Pages()
    {
        var data = new TheoryData<string, string, string>();
        var turn = 0;
        foreach (var (roles, url, action) in Checks)
        {
            foreach (var role in RoleSample.For(roles, url, ref turn))
            {
                data.Add(role, url, action ?? "");
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_does_not_scroll_sideways_at_320_px_at_200_percent_zoom_or_at_1366_px(string role, string url, string action)
    {
        var ids = await fixture.IdsAsync();
        var path = ids.Aggregate(url, (u, id) => u.Replace("{" + id.Key + "}", id.Value, StringComparison.Ordinal));
        var page = await (await fixture.ContextAsync(role)).NewPageAsync();
        try
        {
            await page.SetViewportSizeAsync(Widths[0], 700);
            Landing.AssertLanded(await page.GotoAsync(path), role, url, path);
            if (action.StartsWith("skicka:", StringComparison.Ordinal))
            {
                var form = page.Locator("main form.edit-form, main form[action='/logga-in'], main form[action^='/logga-in?']").First;
                foreach (var field in await form.Locator("input[type=text]:visible, input[type=email]:visible, input[type=password]:visible, input:not([type]):visible, textarea:visible").AllAsync())
                {
                    await field.FillAsync("");
                }
                await form.GetByRole(AriaRole.Button, new() { Name = action["skicka:".Length..], Exact = true }).ClickAsync();
                await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
            }

            var problems = new List<string>();
            foreach (var width in Widths)
            {
                // 640 CSS px is what a 1280 px wide window shows at 200 % zoom: the same layout, drawn twice as large.
                await page.SetViewportSizeAsync(width, width == 640 ? 450 : 800);
                var found = await page.EvaluateAsync<string[]>(MeasureScript);
                problems.AddRange(found.Select(p => $"at {width.ToString(CultureInfo.InvariantCulture)} px: {p}"));
                if (width >= 640)
                {
                    // From 640 px up, a table that scrolls in its box keeps its first column (what each row is) in view.
                    var loose = await page.EvaluateAsync<string[]>(StickyFirstColumnScript);
                    problems.AddRange(loose.Select(p => $"at {width.ToString(CultureInfo.InvariantCulture)} px: the first column does not stay in view: {p}"));
                }
            }
            Assert.True(problems.Count == 0, $"{path} as {role} scrolls sideways:\n{string.Join("\n", problems)}");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private const string StickyFirstColumnScript = """
        () => [...document.querySelectorAll('.table-scroll > table')]
            .flatMap(t => [...t.rows].map(r => r.cells[0]).filter(c => c && getComputedStyle(c).position !== 'sticky').slice(0, 1)
                .map(c => (t.caption?.textContent || t.id || 'table').trim().slice(0, 60)))
        """;

    /// <summary>The page's scroll width against the window, the elements that stick out past the window's right
    /// edge (so a failure says what to fix), and every scroll box on the page that is not a table's own: a page
    /// that put all its content into one wide scroll box would not reflow either.</summary>
    private const string MeasureScript = """
        () => {
            const doc = document.documentElement;
            const width = doc.clientWidth;
            const problems = [];
            const describe = e => {
                const name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '');
                const text = (e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
                return `${name} (right edge ${Math.round(e.getBoundingClientRect().right)} px) "${text}"`;
            };
            const scrollBox = e => {
                const overflow = getComputedStyle(e).overflowX;
                return overflow === 'auto' || overflow === 'scroll' || overflow === 'hidden' || overflow === 'clip';
            };
            if (doc.scrollWidth > width) {
                problems.push(`the page is ${doc.scrollWidth} px wide in a ${width} px window`);
                // The outermost elements that stick out, skipping those inside a scroll box.
                const walk = (e, depth) => {
                    for (const child of e.children) {
                        const r = child.getBoundingClientRect();
                        if (r.right > width + 1 && r.width > 0 && problems.length < 12) {
                            const inner = [...child.children].some(c => c.getBoundingClientRect().right > width + 1);
                            if (!inner || depth > 25) { problems.push(describe(child)); continue; }
                        }
                        if (!scrollBox(child)) walk(child, depth + 1);
                    }
                };
                walk(document.body, 0);
            }
            for (const e of document.body.querySelectorAll('*')) {
                if (scrollBox(e) && getComputedStyle(e).overflowX !== 'hidden' && getComputedStyle(e).overflowX !== 'clip'
                    && e.scrollWidth > e.clientWidth + 1 && !(e.classList.contains('table-scroll') && e.querySelector('table'))
                    && e.tagName !== 'PRE') {
                    problems.push(`a scroll box that is not a table's: ${describe(e)}`);
                }
            }
            return problems;
        }
        """;
}
