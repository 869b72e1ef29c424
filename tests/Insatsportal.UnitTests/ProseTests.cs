using Insatsportal.Web.Features.Shared;

namespace Insatsportal.UnitTests;

public sealed class ProseTests
{
    [Fact]
    public void Blank_lines_make_paragraphs_and_bullets_make_a_list()
    {
        var html = Prose.Render("Första stycket.\n\nAndra stycket:\n• ett\n• två\n\nSista.").ToString();

        Assert.Equal("<p>Första stycket.</p><p>Andra stycket:</p><ul><li>ett</li><li>två</li></ul><p>Sista.</p>", html);
    }

    [Fact]
    public void Markup_in_stored_text_is_shown_as_text()
    {
        var html = Prose.Render("<script>alert('x')</script>").ToString();

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_text_renders_nothing() => Assert.Equal("", Prose.Render("  ").ToString());
}
