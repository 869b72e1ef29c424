using System.Diagnostics;
using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// The sign-in page does not tell who has an account (issue 12, ASVS 2.2.1): an unknown address, a wrong password,
/// a locked and a deactivated account get the same answer, and take about as long, since every refusal hashes the
/// password once.
/// </summary>
public sealed class AccountEnumerationTests(AccountEnumerationTests.Factory app) : IClassFixture<AccountEnumerationTests.Factory>
{
    public sealed class Factory : AppFactory;

    private const string Password = "ett-lösenord-som-duger-2026";

    private async Task<string> CreateUserAsync(string email, bool active = true)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.True((await users.CreateAsync(new AppUser { UserName = email, Email = email, DisplayName = "Test Person", IsActive = active }, Password)).Succeeded);
        return email;
    }

    private async Task<(HttpStatusCode Status, string Message)> AnswerAsync(string email, string password)
    {
        var response = await app.CreateBrowser().SignInAsync(email, password);
        var page = await Browser.ParseAsync(response);
        return (response.StatusCode, page.QuerySelector(".error-summary")?.TextContent.Trim() ?? "(inget felmeddelande)");
    }

    [Fact]
    public async Task Unknown_wrong_locked_and_deactivated_accounts_get_the_same_answer()
    {
        var known = await CreateUserAsync("kand@insatsportal.example");
        var locked = await CreateUserAsync("last@insatsportal.example");
        var deactivated = await CreateUserAsync("inaktiv@insatsportal.example", active: false);
        for (var i = 0; i < 6; i++)
        {
            await AnswerAsync(locked, "fel-lösenord-igen-och-igen");
        }

        var unknown = await AnswerAsync("okand@insatsportal.example", "fel-lösenord-igen-och-igen");
        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Contains("Fel e-postadress eller lösenord", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(unknown, await AnswerAsync(known, "fel-lösenord-igen-och-igen"));
        Assert.Equal(unknown, await AnswerAsync(locked, Password));
        Assert.Equal(unknown, await AnswerAsync(deactivated, Password));
    }

    [Fact]
    public async Task Known_and_unknown_addresses_take_about_as_long_to_refuse()
    {
        // Several known accounts so that none of them reaches the lockout during the measurement.
        var known = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            known.Add(await CreateUserAsync($"tid{i}@insatsportal.example"));
        }
        await AnswerAsync("uppvarmning@insatsportal.example", "fel-lösenord-igen-och-igen");
        var knownTimes = new List<double>();
        var unknownTimes = new List<double>();
        // Interleaved, so that whatever else the machine does affects both alike; the median ignores outliers.
        for (var i = 0; i < 12; i++)
        {
            var watch = Stopwatch.StartNew();
            await AnswerAsync(known[i % known.Count], "fel-lösenord-igen-och-igen");
            knownTimes.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            await AnswerAsync($"okand{i}@insatsportal.example", "fel-lösenord-igen-och-igen");
            unknownTimes.Add(watch.Elapsed.TotalMilliseconds);
        }

        var knownMedian = Median(knownTimes);
        var unknownMedian = Median(unknownTimes);
        Assert.True(knownMedian < 2 * unknownMedian && unknownMedian < 2 * knownMedian,
            $"median {knownMedian:0} ms for known addresses, {unknownMedian:0} ms for unknown ones");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }
}
