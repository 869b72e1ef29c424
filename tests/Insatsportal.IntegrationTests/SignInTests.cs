using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;

namespace Insatsportal.IntegrationTests;

[Collection(SharedAppCollection.Name)]
public sealed class SignInTests(AppFactory app)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/planer")]
    [InlineData("/planer/1")]
    [InlineData("/insatser")]
    [InlineData("/insatser/1")]
    [InlineData("/mal/1")]
    [InlineData("/grupper")]
    public async Task Anonymous_requests_redirect_to_sign_in(string url)
    {
        var response = await app.CreateBrowser().GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/logga-in", response.Headers.Location!.AbsolutePath);
        Assert.Contains("returUrl=" + Uri.EscapeDataString(url), response.Headers.Location.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_page_is_Swedish_and_open_to_anonymous_users()
    {
        var page = await app.CreateBrowser().GetPageAsync("/logga-in");

        Assert.Equal("sv", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Logga in", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("E-postadress", page.QuerySelector("label[for=Email]")!.TextContent);
        Assert.Equal("Lösenord", page.QuerySelector("label[for=Password]")!.TextContent);
    }

    [Fact]
    public async Task Stylesheet_is_served_to_anonymous_users_so_the_sign_in_page_is_styled()
    {
        var response = await app.CreateBrowser().GetAsync("/css/site.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(DemoUsers.DirectorOfEducation, "Förvaltningschef")]
    [InlineData(DemoUsers.DepartmentHead, "Avdelningschef")]
    [InlineData(DemoUsers.Principal, "Rektor")]
    [InlineData(DemoUsers.Official, "Tjänsteperson")]
    [InlineData(DemoUsers.Administrator, "Administratör")]
    public async Task Each_demo_role_can_sign_in_and_sees_its_role(string email, string role)
    {
        var browser = app.CreateBrowser();

        var response = await browser.SignInAsync(email);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        var start = await browser.GetPageAsync("/");
        Assert.Contains(role, start.QuerySelector(".user-menu")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("Välkommen", start.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_gives_a_Swedish_message_and_no_session()
    {
        var browser = app.CreateBrowser();

        var response = await browser.SignInAsync(DemoUsers.Official, "fel-lösenord-som-är-långt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Contains("Fel e-postadress eller lösenord.", page.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/planer")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_with_missing_fields_names_each_field_in_Swedish()
    {
        var response = await app.CreateBrowser().PostFormAsync("/logga-in", new Dictionary<string, string>
        {
            ["Email"] = "",
            ["Password"] = "",
            ["RememberMe"] = "kanske",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = (await Browser.ParseAsync(response)).QuerySelector(".error-summary")!.TextContent;
        Assert.Contains("Ange din e-postadress.", summary, StringComparison.Ordinal);
        Assert.Contains("Ange ditt lösenord.", summary, StringComparison.Ordinal);
        Assert.Contains("inte giltigt", summary, StringComparison.Ordinal);
    }

    public static TheoryData<string, string[][]> TamperedSignIns => new()
    {
        { "”Kom ihåg mig”", [["Email", DemoUsers.Official], ["Password", AppFactory.DemoPassword], ["RememberMe", "1"]] },
        { "”Kom ihåg mig”", [["Email", DemoUsers.Official], ["Password", AppFactory.DemoPassword], ["RememberMe", new string('x', 100_000)]] },
        { "E-postadressen är för lång.", [["Email", new string('a', 100_000) + "@insatsportal.example"], ["Password", AppFactory.DemoPassword]] },
        { "Ange en giltig e-postadress.", [["Email", "<script>alert(1)</script>"], ["Password", AppFactory.DemoPassword]] },
        { "Lösenordet är för långt.", [["Email", DemoUsers.Official], ["Password", new string('p', 100_000)]] },
        { "Fel e-postadress eller lösenord.", [["Email", DemoUsers.Official], ["Email", DemoUsers.DirectorOfEducation], ["Password", "fel-lösenord-som-är-långt"]] },
        { "Fel e-postadress eller lösenord.", [["Email", DemoUsers.Official], ["Password", "fel-lösenord"], ["Password", "ännu ett fel lösenord"]] },
    };

    [Theory]
    [MemberData(nameof(TamperedSignIns))]
    public async Task Tampered_sign_in_fields_give_a_Swedish_message_and_no_session(string message, string[][] fields)
    {
        var browser = app.CreateBrowser();

        var response = await browser.PostFormAsync("/logga-in", fields.Select(f => new KeyValuePair<string, string>(f[0], f[1])).ToList());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Contains(message, page.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("script"));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/planer")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);

        var response = await browser.PostFormAsync("/", new Dictionary<string, string>(), "form[action='/logga-ut']");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/planer")).StatusCode);
    }

    [Fact]
    public async Task Health_is_anonymous_and_healthy()
    {
        var response = await app.CreateBrowser().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
