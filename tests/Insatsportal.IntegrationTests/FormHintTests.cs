using System.Globalization;
using Insatsportal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>Rules that are checked on save are told next to the field before the user submits.</summary>
public sealed class FormHintTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData(DemoUsers.Official, true)]
    [InlineData(DemoUsers.DepartmentHead, true)]
    [InlineData(DemoUsers.DirectorOfEducation, false)]
    public async Task The_insats_form_tells_the_own_avdelning_rule_and_the_length_limits_before_saving(string email, bool ownDepartmentRule)
    {
        var plan = await app.WithDbAsync(db => db.Plans.Where(p => p.Key == "halmstad-utvecklingsplan-2020-2021").Select(p => p.Id).SingleAsync());
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);

        var page = await browser.GetPageAsync($"/insatser/ny?plan={plan.ToString(CultureInfo.InvariantCulture)}");

        Assert.Contains("Responsible-hjalp", page.QuerySelector("fieldset#Responsible")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.Equal(ownDepartmentRule, page.QuerySelector("#Responsible-hjalp")!.TextContent
            .Contains("Minst en ansvarig ska vara knuten till din avdelning.", StringComparison.Ordinal));
        foreach (var (field, limit) in new[] { ("Title", "400"), ("Background", "20 000"), ("TargetGroup", "4 000") })
        {
            Assert.Equal($"Högst {limit} tecken.", page.QuerySelector($"#{field}-hjalp")!.TextContent);
            Assert.Contains($"{field}-hjalp", page.QuerySelector($"#{field}")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        }
    }
}
