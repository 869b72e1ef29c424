using Microsoft.EntityFrameworkCore;

namespace Insatsportal.BrowserTests;

/// <summary>Which roles a page type is checked as. Every role's own layout and menu is checked on the start page;
/// beyond that, what a page shows differs most between the widest reader (the förvaltningschef: every button and
/// the whole förvaltning) and the narrowest (the rektor: one school, no editing), so those two check every page and
/// the other roles take turns, one per page type. This keeps every role on many pages while the browser suite stays
/// inside CI's time budget (each check is a full page load and an axe run).</summary>
public static class RoleSample
{
    private static readonly string[] Always = ["förvaltningschef", "rektor"];

    public static IEnumerable<string> For(string[] roles, string url, ref int turn)
    {
        if (url == "/" || roles.Length <= 2)
        {
            return roles;
        }
        var others = roles.Where(r => !Always.Contains(r)).ToArray();
        var turning = others.Length > 0 ? others[turn++ % others.Length] : null;
        return roles.Where(r => Always.Contains(r) || r == turning).ToArray();
    }
}
