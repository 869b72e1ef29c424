using Microsoft.Playwright;

namespace Insatsportal.BrowserTests;

/// <summary>What the accessibility and reflow checks expect a page to answer before they look at it.</summary>
public static class Landing
{
    /// <summary>The status a page answers and where it lands: 200 on the page asked for, except the pages that show
    /// an error on purpose. A page that starts refusing (403 on the access-denied page) or sends the user to sign in
    /// must fail here, not pass axe on the page it fell back to.</summary>
    public static (int Status, string? LandsOn) Expected(string role, string url) => (role, url) switch
    {
        (_, "/finns-inte" or "/fel/404") => (404, null),
        (_, "/fel") => (500, null),
        (_, "/atkomst-nekad") => (403, null),
        ("rektor", "/omgangar/ny") => (403, "/atkomst-nekad"),
        _ => (200, null),
    };

    /// <summary>Asserts that the navigation to <paramref name="path"/> answered what <see cref="Expected"/> says.</summary>
    public static void AssertLanded(IResponse? response, string role, string url, string path)
    {
        var (status, landing) = Expected(role, url);
        Assert.NotNull(response);
        var landed = new Uri(response.Url).AbsolutePath;
        var wanted = landing ?? path.Split('?')[0];
        Assert.True(response.Status == status && landed == wanted,
            $"{path} as {role}: expected {status.ToString(System.Globalization.CultureInfo.InvariantCulture)} on {wanted}, got {response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)} on {landed}");
    }
}
