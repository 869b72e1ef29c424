using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Insatsportal.IntegrationTests;

/// <summary>The nämndunderlag of the demo rounds (seeds/demo/rounds.json) as a page, a Word document and a workbook.</summary>
public partial class BoardReportTests(BoardReportTests.Factory app, ITestOutputHelper output) : IClassFixture<BoardReportTests.Factory>
{
    public class Factory : CountingAppFactory;

    private const string Halmstad = "halmstad-utvecklingsplan-2020-2021";
    private const string ClosedRound = "Delårsrapport 1 2020";
    private const string LiveRound = "Lägesbedömning 2021";
    private static readonly Uri Base = new("https://localhost");

    private static Task<int> RoundIdAsync(AppFactory factory, string name) => factory.WithDbAsync(db =>
        db.FollowUpRounds.Where(r => r.Plan.Key == Halmstad && r.Name == name).Select(r => r.Id).SingleAsync());

    private sealed record ReportRow(
        int InitiativeId, int? UnitId, string Title, string? Goal, string? GoalShortName, ReportStatus Status, string? OverallAssessment);

    private static Task<List<ReportRow>> ReportsAsync(AppFactory factory, int roundId) => factory.WithDbAsync(db => db.FollowUpReports
        .Where(r => r.RoundId == roundId)
        .Select(r => new ReportRow(r.InitiativeId, r.UnitId, r.InitiativeTitle, r.GoalTitleInRound, r.GoalShortNameInRound, r.Status, r.OverallAssessment))
        .ToListAsync());

    private static async Task<HttpClient> SignedInAsync(AppFactory factory, string user)
    {
        var browser = factory.CreateBrowser();
        await browser.SignInAsAsync(user);
        return browser;
    }

    private static async Task<byte[]> DownloadAsync(HttpClient browser, string url)
    {
        var response = await browser.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} gave {(int)response.StatusCode}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The SDK's schema validation: what Word and Excel would call a damaged file fails here.</summary>
    private static void AssertValid(OpenXmlPackage package)
    {
        var errors = new OpenXmlValidator().Validate(package).Select(e => $"{e.Path?.XPath}: {e.Description}").Distinct().ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10)));
    }
}
