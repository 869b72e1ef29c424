using System.Globalization;
using AngleSharp.Html.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// Kolada's key figures (issue 17) against a fake Kolada on a loopback port: the app's real HttpClient code fetches
/// from it. Each test makes a plan of its own (period 2020–2021, so figures are shown for 2018–2021) and its own
/// figure ids where values matter, so tests do not depend on each other's order.
/// </summary>
public partial class KoladaTests(KoladaAppFactory app) : IClassFixture<KoladaAppFactory>
{
    private FakeKolada Kolada => app.Kolada;

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);
        return browser;
    }

    private Task<int> OrganisationAsync(string key = "halmstad-buf") =>
        app.WithDbAsync(db => db.Organisations.Where(o => o.Key == key).Select(o => o.Id).SingleAsync());

    /// <summary>A plan with one goal and one insats with one expected effect; the förvaltning has municipality code 1380.</summary>
    private async Task<(int GoalId, int InitiativeId, int EffectId)> NewPlanAsync(string organisation = TestData.Halmstad)
    {
        await app.WithDbAsync(async db =>
        {
            var org = await db.Organisations.SingleAsync(o => o.Key == organisation);
            org.KoladaMunicipalityId ??= organisation == TestData.Halmstad ? "1380" : "0180";
            await db.SaveChangesAsync();
        });
        var plan = await app.Data.PlanAsync("Plan med nyckeltal", organisation, goals: ["Målet " + Guid.NewGuid().ToString("N")[..6]], configure: p =>
        {
            p.PeriodStart = new(2020, 1, 1);
            p.PeriodEnd = new(2021, 12, 31);
        });
        var initiative = await app.Data.InitiativeAsync(plan.Id, plan.GoalIds[0], "Insatsen", effects: ["Fler elever blir behöriga."]);
        return (plan.GoalIds[0], initiative.Id, initiative.EffectIds[0]);
    }

    /// <summary>A key figure of the test's own in the fake's catalogue, with values for Halmstad and Riket:
    /// 2018 divided by gender, 2019 null ("Missing"), 2020 and 2021 plain — seven items, three pages.</summary>
    private string NewFigure(bool divided = true)
    {
        var id = "X" + Random.Shared.Next(10000, 99999).ToString(CultureInfo.InvariantCulture);
        Kolada.Kpis.Add((id, $"Testtal {id}, andel (%)", divided ? 1 : 0, true));
        Kolada.Data[(id, "1380", 2018)] = [("T", 78.5m, ""), ("K", 81.2m, ""), ("M", 75.9m, "")];
        Kolada.Data[(id, "1380", 2019)] = [("T", null, "Missing")];
        Kolada.Data[(id, "1380", 2020)] = [("T", 80.25m, "")];
        Kolada.Data[(id, "1380", 2021)] = [("T", 82m, "")];
        Kolada.Data[(id, "0000", 2018)] = [("T", 74.1m, "")];
        Kolada.Data[(id, "0000", 2020)] = [("T", 75.3m, "")];
        Kolada.Data[(id, "0000", 2021)] = [("T", 76m, "")];
        return id;
    }

    private static Task<HttpResponseMessage> LinkAsync(HttpClient browser, string page, string action, string text, bool units = false)
    {
        var fields = new List<KeyValuePair<string, string>> { new("nyckeltal", text), new("kommun", "true") };
        if (units)
        {
            fields.Add(new("skolor", "true"));
        }
        return browser.PostFormAsync(page, fields, $"form[action='{action}']");
    }

    /// <summary>"Hämta nu" on the page, with the form's own hidden fields.</summary>
    private static async Task<HttpResponseMessage> FetchAsync(HttpClient browser, string page) =>
        await browser.PostFormAsync(page, await browser.ReadFormAsync(page, "form[action='/kolada/hamta']"), "form[action='/kolada/hamta']");

    private static List<List<string>> Table(IHtmlDocument page, string kpi)
    {
        var figure = page.QuerySelectorAll(".kolada-figure").Single(f => f.QuerySelector("h3")!.TextContent.Contains(kpi, StringComparison.Ordinal));
        return figure.QuerySelectorAll("tr").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToList()).ToList();
    }
}
