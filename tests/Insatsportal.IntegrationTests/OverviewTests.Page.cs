using Insatsportal.IntegrationTests.Infrastructure;

namespace Insatsportal.IntegrationTests;

/// <summary>The page itself: no stray template braces, and charts as inline SVG with a text alternative.</summary>
public sealed partial class OverviewTests
{
    [Fact]
    public async Task The_overview_shows_no_stray_template_braces()
    {
        var chef = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var page = await chef.GetPageAsync("/oversikt");

        // A bare C# block in the markup was once rendered as the text "{ }" above the status table.
        Assert.DoesNotContain("{", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_charts_are_inline_svg_images_with_a_text_alternative_and_no_inline_style_or_script()
    {
        var chef = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var response = await chef.GetAsync("/oversikt");
        var html = await response.Content.ReadAsStringAsync();
        var page = await Browser.ParseAsync(new HttpResponseMessage { Content = new StringContent(html) });

        var charts = page.QuerySelectorAll("main svg").ToList();
        Assert.True(charts.Count >= 3, $"expected charts, found {charts.Count}");
        Assert.All(charts, svg =>
        {
            Assert.Equal("img", svg.GetAttribute("role"));
            Assert.False(string.IsNullOrWhiteSpace(svg.GetAttribute("aria-label")));
            Assert.NotNull(svg.QuerySelector("title"));
        });
        Assert.Empty(page.QuerySelectorAll("[style], style, script"));
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.All(page.QuerySelectorAll("main table.figures"), t => Assert.NotNull(t.QuerySelector("caption")));
        Assert.Single(page.QuerySelectorAll("h1"));
    }
}
