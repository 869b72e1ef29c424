using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// Times /insatser over 5 000 generated insatser and writes the figures (median, p95, SQL commands per
/// request) to list-benchmark.md next to the test assembly, or to $INSATSPORTAL_BENCHMARK_OUTPUT. It asserts
/// correctness (status 200, the right total, a constant number of commands), never wall-clock time, so it can
/// stay in the normal suite. Run alone: dotnet test --filter Category=Benchmark (docs/performance.md).
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class InitiativeListBenchmark(InitiativeListBenchmark.Factory app) : IClassFixture<InitiativeListBenchmark.Factory>
{
    public const int InitiativeCount = 5000;
    private const int Requests = 50;

    private static readonly string[] Words = ["matematik", "läsning", "digitalisering", "trygghet", "språkutveckling"];

    public sealed class Factory : CountingAppFactory;

    private sealed record Generated(int Index, InitiativeStatus Status, int Goal, int Theme, int[] Departments, int[] Units, string Word, bool Outdoor);

    [Fact]
    public async Task Five_thousand_insatser_list_with_the_right_totals_and_a_constant_number_of_sql_commands()
    {
        var setup = Stopwatch.StartNew();
        var (planId, goalIds, themeIds, departmentIds, unitIds, generated) = await GenerateAsync();
        var seeding = setup.Elapsed;
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);

        int Count(Func<Generated, bool> predicate) => generated.Count(predicate);
        var cases = new (string Name, string Url, int Expected)[]
        {
            ("Plan, first page", $"/insatser?plan={planId}", InitiativeCount),
            ("Free text in title", $"/insatser?plan={planId}&q=matematik", Count(g => g.Word == "matematik")),
            ("Free text with å/ä/ö", $"/insatser?plan={planId}&q=l%C3%A4sning", Count(g => g.Word == "läsning")),
            ("Two statuses", $"/insatser?plan={planId}&status=pagaende&status=pausad", Count(g => g.Status is InitiativeStatus.Ongoing or InitiativeStatus.Paused)),
            ("Department", $"/insatser?plan={planId}&avdelning={departmentIds[1]}", Count(g => g.Departments.Contains(1))),
            ("Unit", $"/insatser?plan={planId}&enhet={unitIds[2]}", Count(g => g.Units.Contains(2))),
            ("Theme", $"/insatser?plan={planId}&tema={themeIds[0]}", Count(g => g.Theme == 0)),
            ("Goal, sorted by title", $"/insatser?plan={planId}&mal={goalIds[3]}&sortering=titel", Count(g => g.Goal == 3)),
            ("Page 100, last changed", $"/insatser?plan={planId}&sortering=andrad-fallande&sida=100", InitiativeCount),
            ("Background text and status, all plans", "/insatser?q=utomhusmilj%C3%B6&status=planerad", Count(g => g.Outdoor && g.Status == InitiativeStatus.Planned)),
        };

        foreach (var c in cases)
        {
            await browser.GetAsync(c.Url); // warm-up: compiled queries and views
        }

        var timings = cases.ToDictionary(c => c.Name, _ => new List<double>());
        var commands = cases.ToDictionary(c => c.Name, _ => new List<int>());
        for (var n = 0; n < Requests; n++)
        {
            var c = cases[n % cases.Length];
            app.Commands.Reset();
            var watch = Stopwatch.StartNew();
            var response = await browser.GetAsync(c.Url);
            var html = await response.Content.ReadAsStringAsync();
            watch.Stop();
            commands[c.Name].Add(app.Commands.Count);
            timings[c.Name].Add(watch.Elapsed.TotalMilliseconds);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await Browser.ParseAsync(new HttpResponseMessage { Content = new StringContent(html) });
            var total = int.Parse(page.QuerySelector("p.result-count")!.TextContent.Split(' ')[0], CultureInfo.InvariantCulture);
            Assert.True(c.Expected == total, $"{c.Name}: expected {c.Expected} insatser, the page says {total}");
            Assert.Equal(Math.Min(25, Math.Max(0, c.Expected - (c.Url.Contains("sida=100", StringComparison.Ordinal) ? 99 * 25 : 0))),
                page.QuerySelectorAll("table.initiative-table tbody tr").Length);
        }

        var all = timings.Values.SelectMany(t => t).ToList();
        Assert.Equal(Requests, all.Count);
        // A count, the page, the option lists (the goals' only once a plan is chosen) and the menu's
        // "Att göra" count and the session's security-stamp check: the same each time.
        Assert.All(commands.Values, c => Assert.Single(c.Distinct()));
        Assert.True(commands.Values.SelectMany(c => c).Max() <= 10);

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# /insatser benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} logical cores, {Environment.OSVersion}, .NET {Environment.Version}")
            .AppendLine(CultureInfo.InvariantCulture, $"Dataset: the seeded plans (~100 insatser) + {InitiativeCount} generated insatser in one adopted plan, each with 2 responsible entries, 0–3 targeted units and 1 theme; generated in {seeding.TotalSeconds:0.0} s")
            .AppendLine(CultureInfo.InvariantCulture, $"Requests: {Requests} GET /insatser as the förvaltningschef, in-process (TestServer), SQLite file in WAL mode, after one warm-up request per case")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"All requests: median {Percentile(all, 0.5):0.0} ms, p95 {Percentile(all, 0.95):0.0} ms, max {all.Max():0.0} ms; SQL commands per request: {string.Join(" or ", commands.Values.Select(c => c[0]).Distinct().Order())}")
            .AppendLine()
            .AppendLine("| Case | Total | Median ms | p95 ms | SQL commands |")
            .AppendLine("|---|---:|---:|---:|---:|");
        foreach (var c in cases)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {c.Name} | {c.Expected} | {Percentile(timings[c.Name], 0.5):0.0} | {Percentile(timings[c.Name], 0.95):0.0} | {commands[c.Name][0]} |");
        }
        var output = Environment.GetEnvironmentVariable("INSATSPORTAL_BENCHMARK_OUTPUT")
            ?? Path.Combine(AppContext.BaseDirectory, "list-benchmark.md");
        await File.WriteAllTextAsync(output, report.ToString());
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    private async Task<(int Plan, int[] Goals, int[] Themes, int[] Departments, int[] Units, List<Generated> Generated)> GenerateAsync()
    {
        var generated = Enumerable.Range(0, InitiativeCount).Select(i => new Generated(
            i,
            (InitiativeStatus)(i % 5),
            i % 4,
            i % 3,
            [i % 8, (i + 3) % 8],
            Enumerable.Range(0, i % 4).Select(k => (i + k) % 9).ToArray(),
            Words[i % Words.Length],
            i % 7 == 0)).ToList();

        return await app.WithDbAsync(async db =>
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var halmstad = await db.Organisations.SingleAsync(o => o.Key == "halmstad-buf");
            var departments = await db.Departments.Where(d => d.OrganisationId == halmstad.Id).OrderBy(d => d.Id).Take(8).ToListAsync();
            var units = await db.Units.Where(u => u.OrganisationId == halmstad.Id).OrderBy(u => u.Id).Take(9).ToListAsync();
            Assert.Equal(8, departments.Count);
            Assert.Equal(9, units.Count);

            var plan = new Plan
            {
                Organisation = halmstad, Key = "benchmark", Name = "Benchmarkplan 2030", Status = PlanStatus.Adopted,
                PeriodStart = new(2030, 1, 1), PeriodEnd = new(2030, 12, 31),
            };
            var goals = Enumerable.Range(0, 4).Select(g => new Goal { Plan = plan, Key = $"mal-{g}", SortOrder = g, Title = $"Benchmarkmål {g + 1}" }).ToList();
            var themes = Enumerable.Range(0, 3).Select(t => new Theme { Plan = plan, Key = $"tema-{t}", SortOrder = t, Name = $"Benchmarkområde {t + 1}" }).ToList();
            db.AddRange(goals);
            db.AddRange(themes);
            foreach (var g in generated)
            {
                db.Add(new Initiative
                {
                    Plan = plan, Goal = goals[g.Goal], Key = $"b{g.Index}", SortOrder = g.Index,
                    Title = $"Benchmarkinsats {g.Index}: {g.Word} i förskola och skola",
                    Background = g.Outdoor ? "Bakgrund: lärande i utomhusmiljö och närmiljö." : "Bakgrund: " + new string('x', 400),
                    Content = "Innehåll som beskriver insatsen i några meningar.",
                    Status = g.Status,
                    Responsible = g.Departments.Select((d, k) => new ResponsibleEntry { SortOrder = k, RoleTitle = $"Avdelningschef {k + 1}", Department = departments[d] }).ToList(),
                    TargetedUnits = g.Units.Select(u => new InitiativeUnit { Unit = units[u] }).ToList(),
                    Themes = [new InitiativeTheme { Theme = themes[g.Theme] }],
                });
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            return (plan.Id, goals.Select(g => g.Id).ToArray(), themes.Select(t => t.Id).ToArray(),
                departments.Select(d => d.Id).ToArray(), units.Select(u => u.Id).ToArray(), generated);
        });
    }
}
