using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.FollowUps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// Times /oversikt, Sedan förra omgången and the lists behind the figures over a plan of 500 generated
/// insatser with two rounds (~1 250 reports each), and writes the figures (median, p95, SQL commands per request)
/// to overview-benchmark.md next to the test assembly, or to $INSATSPORTAL_BENCHMARK_OUTPUT. It asserts
/// correctness and a constant number of commands, never wall-clock time (docs/performance.md).
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class OverviewBenchmark(OverviewBenchmark.Factory app) : IClassFixture<OverviewBenchmark.Factory>
{
    public const int InitiativeCount = 500;
    private const int Requests = 30;

    public sealed class Factory : CountingAppFactory;

    private static string S(int id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Five_hundred_insatser_in_two_rounds_give_an_overview_in_a_constant_number_of_sql_commands()
    {
        var setup = Stopwatch.StartNew();
        var (planId, first, second, reports) = await GenerateAsync();
        var seeding = setup.Elapsed;
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);

        var scope = $"plan={S(planId)}&omgang={S(second)}";
        var cases = new (string Name, string Url)[]
        {
            ("Översikt, hela förvaltningen", $"/oversikt?{scope}"),
            ("Översikt, en avdelning", $"/oversikt?{scope}&avdelning=" + S(await app.WithDbAsync(db => db.Departments.Where(d => d.Key == "kvalitet").Select(d => d.Id).SingleAsync()))),
            ("Översikt, förra omgången", $"/oversikt?plan={S(planId)}&omgang={S(first)}"),
            ("Sedan förra omgången", $"/oversikt/sedan-forra?{scope}"),
            ("Lista: rapporter som saknas", $"/oversikt/rapporter?{scope}&lage=saknas"),
            ("Lista: pågående insatser", $"/oversikt/insatser?{scope}&status=pagaende"),
        };
        foreach (var c in cases)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(c.Url)).StatusCode); // warm-up
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
            if (c.Name == "Översikt, hela förvaltningen")
            {
                var page = await Browser.ParseAsync(new HttpResponseMessage { Content = new StringContent(html) });
                var total = page.QuerySelectorAll("main a.figure").First(a => (a.GetAttribute("aria-label") ?? "").EndsWith("rapporter totalt", StringComparison.Ordinal));
                Assert.Equal(S(reports), total.TextContent.Trim());
            }
        }
        Assert.All(commands.Values, c => Assert.Single(c.Distinct()));
        Assert.True(commands.Values.SelectMany(c => c).Max() <= 15);

        var all = timings.Values.SelectMany(t => t).ToList();
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# /oversikt benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} logical cores, {Environment.OSVersion}, .NET {Environment.Version}")
            .AppendLine(CultureInfo.InvariantCulture, $"Dataset: the seeded plans and demo rounds + one adopted plan of {InitiativeCount} generated insatser (4 goals, 8 departments, 0–3 of 9 units each, an indicator each) with two rounds of {reports} reports each in every state; generated in {seeding.TotalSeconds:0.0} s")
            .AppendLine(CultureInfo.InvariantCulture, $"Requests: {Requests} GETs as the förvaltningschef, in-process (TestServer), SQLite file in WAL mode, after one warm-up request per case")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"All requests: median {Percentile(all, 0.5):0.0} ms, p95 {Percentile(all, 0.95):0.0} ms, max {all.Max():0.0} ms")
            .AppendLine()
            .AppendLine("| Case | Median ms | p95 ms | SQL commands |")
            .AppendLine("|---|---:|---:|---:|");
        foreach (var c in cases)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {c.Name} | {Percentile(timings[c.Name], 0.5):0.0} | {Percentile(timings[c.Name], 0.95):0.0} | {commands[c.Name][0]} |");
        }
        var output = Environment.GetEnvironmentVariable("INSATSPORTAL_BENCHMARK_OUTPUT")
            ?? Path.Combine(AppContext.BaseDirectory, "overview-benchmark.md");
        await File.WriteAllTextAsync(output, report.ToString());
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private async Task<(int Plan, int First, int Second, int Reports)> GenerateAsync() => await app.WithDbAsync(async db =>
    {
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var org = await db.Organisations.SingleAsync(o => o.Key == "halmstad-buf");
        var departments = await db.Departments.Where(d => d.OrganisationId == org.Id).OrderBy(d => d.Id).Take(8).ToListAsync();
        var units = await db.Units.Where(u => u.OrganisationId == org.Id).OrderBy(u => u.Id).Take(9).ToListAsync();
        var plan = new Plan { Organisation = org, Key = "oversikt-benchmark", Name = "Översiktsplan 2030", Status = PlanStatus.Adopted, PeriodStart = new(2030, 1, 1), PeriodEnd = new(2030, 12, 31) };
        var goals = Enumerable.Range(0, 4).Select(g => new Goal { Plan = plan, Key = $"mal-{g}", SortOrder = g, Title = $"Översiktsmål {g + 1}" }).ToList();
        db.AddRange(goals);
        for (var i = 0; i < InitiativeCount; i++)
        {
            db.Add(new Initiative
            {
                Plan = plan, Goal = goals[i % 4], Key = $"o{i}", SortOrder = i, Title = $"Översiktsinsats {i}", Status = (InitiativeStatus)(i % 5),
                EndDate = new DateOnly(2030, 12, 31),
                Responsible = [new ResponsibleEntry { RoleTitle = "Avdelningschef", Department = departments[i % 8] }],
                TargetedUnits = Enumerable.Range(0, i % 4).Select(k => new InitiativeUnit { Unit = units[(i + k) % 9] }).ToList(),
                ExpectedEffects = [new ExpectedEffect { Text = "Fler elever når målen", IndicatorName = "Andel", IndicatorUnit = "procent", IndicatorBaseline = 60, IndicatorTarget = 75 }],
            });
        }
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = true;

        using var scope = app.Services.CreateScope();
        var rounds = scope.ServiceProvider.GetRequiredService<RoundCommands>();
        var first = await rounds.OpenAsync(plan.Id, "Delårsrapport 2030", FollowUpOccasionKind.InterimReport, new(2030, 3, 1), new(2030, 4, 1), null, default);
        var second = await rounds.OpenAsync(plan.Id, "Verksamhetsberättelse 2030", FollowUpOccasionKind.AnnualReport, new(2030, 11, 1), new(2030, 12, 1), null, default);
        var k = 0;
        foreach (var report in await db.FollowUpReports.Where(r => r.Round.PlanId == plan.Id).Include(r => r.Effects).ToListAsync())
        {
            report.Status = (ReportStatus)(k % 5);
            report.Implementation = (ImplementationStatus)(k % 5);
            report.SubmittedAt = report.Status is ReportStatus.Submitted or ReportStatus.Approved ? new DateTime(2030, 3, 15, 0, 0, 0, DateTimeKind.Utc) : null;
            report.Effects.ForEach(e => (e.Judgement, e.MeasuredValue) = ((EffectJudgement)(k % 4), 60 + k % 20));
            k++;
        }
        await db.SaveChangesAsync();
        var count = await db.FollowUpReports.CountAsync(r => r.RoundId == second.Id);
        return (plan.Id, first.Id, second.Id, count);
    });
}
