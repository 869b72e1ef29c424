using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;

namespace Insatsportal.IntegrationTests;

/// <summary>Parameters that are wrong or out of range give the page with a Swedish note, never an error.</summary>
public sealed partial class InitiativeSearchTests
{
    [Theory]
    [InlineData("/insatser?plan=abc", "Planen ”abc” finns inte och ignorerades.")]
    [InlineData("/insatser?mal=-1", "Målet ”-1” finns inte och ignorerades.")]
    [InlineData("/insatser?status=klar", "Statusen ”klar” finns inte och ignorerades.")]
    [InlineData("/insatser?avdelning=1.5", "Avdelningen ”1.5” finns inte och ignorerades.")]
    [InlineData("/insatser?enhet=99999999999999", "Enheten ”99999999999999” finns inte och ignorerades.")]
    [InlineData("/insatser?tema=x", "Området ”x” finns inte och ignorerades.")]
    [InlineData("/insatser?sortering=baklanges", "Sorteringen ”baklanges” finns inte; insatserna sorteras efter plan.")]
    [InlineData("/insatser?arkiverade=kanske", "Värdet ”kanske” för arkiverade förstods inte; arkiverade insatser visas inte.")]
    [InlineData("/insatser?sida=tva", "Sidan ”tva” finns inte; sida 1 visas.")]
    public async Task An_invalid_parameter_gives_the_page_with_a_swedish_note_not_an_error(string url, string note)
    {
        var browser = await SignedInAsync(DemoUsers.Official);

        var page = await browser.GetPageAsync(url);

        Assert.Contains(note, page.QuerySelector(".notice--warning")!.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(Rows(page));
    }

    [Theory]
    [InlineData("/insatser?sida=9999")]
    [InlineData("/insatser?sida=0")]
    [InlineData("/insatser?person=" + "finns-inte")]
    [InlineData("/insatser?plan=2147483647&mal=2147483647")]
    public async Task Out_of_range_values_give_200(string url)
    {
        var browser = await SignedInAsync(DemoUsers.Principal);

        var response = await browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
