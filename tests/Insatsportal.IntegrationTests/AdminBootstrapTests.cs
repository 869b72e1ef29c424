using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Features.Account;

namespace Insatsportal.IntegrationTests;

public sealed class AdminBootstrapTests
{
    [Fact]
    public async Task First_administrator_is_created_from_the_command_line_and_can_sign_in()
    {
        using var app = new NoDemoAppFactory();
        var output = new StringWriter();

        var exitCode = await AdminBootstrap.RunFromCommandLineAsync(app.Services,
            ["--create-admin", "forsta.admin@kommun.example", "Första Admin"],
            new StringReader("ett-långt-eget-lösenord\n"), output);

        Assert.Equal(0, exitCode);
        Assert.Contains("är skapad", output.ToString(), StringComparison.Ordinal);
        var browser = app.CreateBrowser();
        var response = await browser.SignInAsync("forsta.admin@kommun.example", "ett-långt-eget-lösenord");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var start = await browser.GetPageAsync("/");
        Assert.Contains("Administratör", start.QuerySelector(".user-menu")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_password_is_refused_in_Swedish_and_no_user_is_created()
    {
        using var app = new NoDemoAppFactory();
        var output = new StringWriter();

        var exitCode = await AdminBootstrap.RunFromCommandLineAsync(app.Services,
            ["--create-admin", "kort@kommun.example"], new StringReader("kort\n"), output);

        Assert.Equal(1, exitCode);
        Assert.Contains("Lösenordet måste ha minst 12 tecken.", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Users)));
    }

    [Fact]
    public async Task Missing_email_prints_usage()
    {
        using var app = new NoDemoAppFactory();
        var output = new StringWriter();

        var exitCode = await AdminBootstrap.RunFromCommandLineAsync(app.Services, ["--create-admin"], new StringReader(""), output);

        Assert.Equal(2, exitCode);
        Assert.Contains("Användning", output.ToString(), StringComparison.Ordinal);
    }
}
