using System.Globalization;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Dashboard;
using Insatsportal.Web.Features.FollowUps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>"Sedan förra omgången": two rounds of a plan of its own with known changes between them.</summary>
public sealed class ComparisonTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly string[] Letters = ["A", "B", "C", "D", "E", "G", "H", "I"];

    private static string Title(string letter) => $"Jämförelseinsats {letter}";

    /// <summary>Fills every report of a round as approved, on track, effect not yet visible, except as told.</summary>
    private static async Task FillAsync(Insatsportal.Web.Data.AppDbContext db, int roundId, Action<FollowUpReport, string> except)
    {
        var reports = await db.FollowUpReports.Where(r => r.RoundId == roundId).Include(r => r.Effects).ToListAsync();
        foreach (var report in reports)
        {
            report.Status = ReportStatus.Approved;
            report.Implementation = ImplementationStatus.OnTrack;
            report.SubmittedAt = new DateTime(2030, 1, 20, 9, 0, 0, DateTimeKind.Utc);
            foreach (var effect in report.Effects)
            {
                effect.Judgement = EffectJudgement.NotYetVisible;
            }
            except(report, report.InitiativeTitle.Split(' ')[^1]);
        }
        await db.SaveChangesAsync();
    }

    /// <summary>Closes a round as the förvaltningschef, through the same command as the round page.</summary>
    private async Task CloseAsync(int roundId)
    {
        var director = await app.Data.UserIdAsync(DemoUsers.DirectorOfEducation);
        using var scope = app.Services.CreateScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<RoundCommands>().CloseAsync(roundId, director, default));
    }

    [Fact]
    public async Task The_comparison_lists_exactly_the_changes_made_between_two_rounds()
    {
        var plan = await app.Data.PlanAsync("Jämförelseplan 2030", goals: ["Jämförelsemålet"], configure: p =>
        {
            p.PeriodStart = new(2030, 1, 1);
            p.PeriodEnd = new(2031, 12, 31);
        });
        async Task<int> MakeAsync(string letter, InitiativeStatus status) => (await app.Data.InitiativeAsync(
            plan.Id, plan.GoalIds[0], Title(letter), status, effects: [$"Effekten av {letter}"], department: "kvalitet",
            configure: i => i.EndDate = new DateOnly(2031, 6, 30))).Id;
        var byLetter = new Dictionary<string, int>();
        foreach (var letter in Letters)
        {
            byLetter[letter] = await MakeAsync(letter, letter == "E" ? InitiativeStatus.Planned : InitiativeStatus.Ongoing);
        }

        var first = await app.Data.RoundAsync("Jämförelse 1", new(2030, 2, 10), plan.Id, opensOn: new(2030, 1, 10));
        await app.WithDbAsync(db => FillAsync(db, first, (_, _) => { }));
        await CloseAsync(first);

        // The changes between the rounds.
        await app.WithDbAsync(async db =>
        {
            var initiatives = await db.Initiatives.Where(i => i.PlanId == plan.Id).ToDictionaryAsync(i => i.Id);
            initiatives[byLetter["A"]].Status = InitiativeStatus.Paused;
            initiatives[byLetter["B"]].Status = InitiativeStatus.Cancelled;
            initiatives[byLetter["C"]].Status = InitiativeStatus.Completed;
            initiatives[byLetter["D"]].EndDate = new DateOnly(2031, 12, 31);
            initiatives[byLetter["E"]].Status = InitiativeStatus.Ongoing;
            await db.SaveChangesAsync();
        });
        await MakeAsync("F", InitiativeStatus.Ongoing);

        var round2 = await app.Data.RoundAsync("Jämförelse 2", new(2030, 7, 10), plan.Id, opensOn: new(2030, 6, 10));
        await app.WithDbAsync(db => FillAsync(db, round2, (report, letter) =>
        {
            switch (letter)
            {
                case "G":
                    report.Implementation = ImplementationStatus.Delayed;
                    break;
                case "H":
                    report.Effects.Single().Judgement = EffectJudgement.Visible;
                    break;
                case "I":
                    report.Status = ReportStatus.NotStarted;
                    report.Implementation = null;
                    report.SubmittedAt = null;
                    break;
            }
        }));

        var chef = app.CreateBrowser();
        await chef.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var page = await chef.GetPageAsync($"/oversikt/sedan-forra?omgang={round2.ToString(CultureInfo.InvariantCulture)}");

        Assert.Contains("Jämförelse 2 jämförd med Jämförelse 1", page.QuerySelector("p.lead")!.TextContent, StringComparison.Ordinal);
        var sections = page.QuerySelectorAll("section.change-section").ToDictionary(
            s => s.GetAttribute("data-section")!,
            s => s.QuerySelectorAll("tbody tr").Select(r => (
                Title: r.QuerySelector("th")!.TextContent.Trim(),
                Cells: r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray())).ToList());
        var expected = new Dictionary<string, string[]>
        {
            ["andrat-genomforande"] = ["G"],
            ["nya"] = ["F"],
            ["avslutade"] = ["C"],
            ["pausade"] = ["A"],
            ["avbrutna"] = ["B"],
            ["annan-status"] = ["E"],
            ["slutdatum"] = ["D"],
            ["synlig-effekt"] = ["H"],
            ["saknas"] = ["I"],
        };
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), sections.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, letters) in expected)
        {
            Assert.True(letters.Select(Title).SequenceEqual(sections[key].Select(r => r.Title)),
                $"{key}: expected {string.Join(", ", letters)}, got {string.Join(", ", sections[key].Select(r => r.Title))}");
        }
        Assert.Equal(["Pågår enligt plan", "Försenad"], sections["andrat-genomforande"][0].Cells[1..]);
        Assert.Equal(["Pågående", "Pausad"], sections["pausade"][0].Cells[1..]);
        Assert.Equal(["Planerad", "Pågående"], sections["annan-status"][0].Cells[1..]);
        Assert.Equal(["30 juni 2031", "31 december 2031"], sections["slutdatum"][0].Cells[1..]);
        Assert.Equal(["Effekten av H", "Ännu inte synlig", "Synlig"], sections["synlig-effekt"][0].Cells);
        Assert.Equal(["Insatsen (ansvarig)", "Godkänd", "Ej påbörjad"], sections["saknas"][0].Cells);

        // One section on a page of its own, with its total and the summary of all sections on top.
        var url = $"/oversikt/sedan-forra?omgang={round2.ToString(CultureInfo.InvariantCulture)}";
        var one = await chef.GetPageAsync(url + "&avsnitt=nya");
        Assert.Equal(["nya"], one.QuerySelectorAll("section.change-section").Select(s => s.GetAttribute("data-section")));
        Assert.StartsWith("1 ändring", one.QuerySelector("#antal")!.TextContent, StringComparison.Ordinal);
        Assert.Equal([Title("F")], one.QuerySelectorAll("section.change-section tbody th").Select(h => h.TextContent.Trim()));
        Assert.Equal(9, one.QuerySelectorAll("ul.change-summary .figure").Length);

        // The comparison is kept between requests, but a saved report is seen at once: G's genomförande back to
        // what it was, so it is no longer a change.
        await app.WithDbAsync(async db =>
        {
            var g = await db.FollowUpReports.SingleAsync(r => r.RoundId == round2 && r.InitiativeTitle == Title("G"));
            g.Implementation = ImplementationStatus.OnTrack;
            await db.SaveChangesAsync();
        });
        var again = await chef.GetPageAsync(url);
        Assert.Empty(again.QuerySelectorAll("section.change-section[data-section=andrat-genomforande] tbody tr"));
        Assert.Equal([Title("H")], again.QuerySelectorAll("section.change-section[data-section=synlig-effekt] tbody th").Select(h => h.TextContent.Trim()));
    }

    [Fact]
    public async Task A_section_with_many_changes_shows_its_first_rows_and_pages_the_rest()
    {
        const int count = 63;
        var plan = await app.Data.PlanAsync("Jämförelseplan 2040", goals: ["Många ändringar"], configure: p =>
        {
            p.PeriodStart = new(2040, 1, 1);
            p.PeriodEnd = new(2041, 12, 31);
            p.Initiatives.AddRange(Enumerable.Range(0, count).Select(k => new Initiative
            {
                Goal = p.Goals[0], Key = $"manga-{k}", SortOrder = k, Title = $"Pausas {k:00}", Status = InitiativeStatus.Ongoing,
            }));
        });
        await CloseAsync(await app.Data.RoundAsync("Många 1", new(2040, 2, 10), plan.Id, opensOn: new(2040, 1, 10)));
        await app.WithDbAsync(async db =>
        {
            foreach (var initiative in await db.Initiatives.Where(i => i.PlanId == plan.Id).ToListAsync())
            {
                initiative.Status = InitiativeStatus.Paused;
            }
            await db.SaveChangesAsync();
        });
        var round2 = await app.Data.RoundAsync("Många 2", new(2040, 7, 10), plan.Id, opensOn: new(2040, 6, 10));
        var chef = app.CreateBrowser();
        await chef.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var url = $"/oversikt/sedan-forra?omgang={round2.ToString(CultureInfo.InvariantCulture)}";

        var page = await chef.GetPageAsync(url);
        var paused = page.QuerySelector("section.change-section[data-section=pausade]")!;
        Assert.Equal(count.ToString(CultureInfo.InvariantCulture), page.QuerySelector("ul.change-summary .figure[data-section=pausade]")!.TextContent.Trim());
        Assert.Equal(ComparisonQueries.RowsPerSection, paused.QuerySelectorAll("tbody tr").Length);
        var all = paused.QuerySelector("a[href*='avsnitt=pausade']")!;
        Assert.StartsWith($"Alla {count}", all.TextContent.Trim(), StringComparison.Ordinal);

        var first = await chef.GetPageAsync(all.GetAttribute("href")!);
        var last = await chef.GetPageAsync(all.GetAttribute("href")! + "&sida=2");
        Assert.StartsWith($"{count} ändringar, sida 1 av 2", first.QuerySelector("#antal")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(ComparisonQueries.PageSize, first.QuerySelectorAll("section.change-section tbody tr").Length);
        Assert.NotNull(first.QuerySelector("nav.pager[aria-label=Sidor] a[rel=next]"));
        var titles = first.QuerySelectorAll("section.change-section tbody th").Concat(last.QuerySelectorAll("section.change-section tbody th"))
            .Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(Enumerable.Range(0, count).Select(k => $"Pausas {k:00}"), titles);
    }
}
