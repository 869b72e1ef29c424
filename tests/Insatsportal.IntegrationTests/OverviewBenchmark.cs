using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.FollowUps;
using Insatsportal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// Times /oversikt, Sedan förra omgången and the lists behind the figures over a plan of 500 generated
/// insatser with two rounds (~1 250 reports each), and writes the figures (median, p95, SQL commands per request)
/// to overview-benchmark.md next to the test assembly, or to $INSATSPORTAL_BENCHMARK_OUTPUT. It asserts each case's
/// content against the database, and that each case sends as many commands over the big plan as the same request
/// over a plan of the same shape and a tenth of its size, never wall-clock time (docs/performance.md).
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class OverviewBenchmark(OverviewBenchmark.Factory app) : IClassFixture<OverviewBenchmark.Factory>
{
    public const int InitiativeCount = 500;
    private const int Requests = 30;

    public sealed class Factory : CountingAppFactory;

    [Fact]
    public async Task Five_hundred_insatser_in_two_rounds_give_an_overview_in_a_constant_number_of_sql_commands()
    {
        var setup = Stopwatch.StartNew();
        var (planId, first, second, reports) = await GenerateAsync(InitiativeCount, "oversikt-benchmark", "Översiktsplan 2030");
        var seeding = setup.Elapsed;
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);

        var kvalitet = await app.WithDbAsync(db => db.Departments.Where(d => d.Key == "kvalitet").Select(d => d.Id).SingleAsync());
        (string Name, string Url)[] Cases(int plan, int previous, int current)
        {
            var scope = $"plan={S(plan)}&omgang={S(current)}";
            return
            [
                ("Översikt, hela förvaltningen", $"/oversikt?{scope}"),
                ("Översikt, en avdelning", $"/oversikt?{scope}&avdelning={S(kvalitet)}"),
                ("Översikt, förra omgången", $"/oversikt?plan={S(plan)}&omgang={S(previous)}"),
                ("Sedan förra omgången", $"/oversikt/sedan-forra?{scope}"),
                ("Lista: rapporter som saknas", $"/oversikt/rapporter?{scope}&lage=saknas"),
                ("Lista: pågående insatser", $"/oversikt/insatser?{scope}&status=pagaende"),
            ];
        }
        var cases = Cases(planId, first, second);
        var expected = await ExpectedAsync(planId, first, second, kvalitet);
        foreach (var c in cases)
        {
            var response = await browser.GetAsync(c.Url); // warm-up, and the content of each case
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertContent(c.Name, await Browser.ParseAsync(response), expected);
        }

        // The same requests over a plan of the same shape, a tenth of the size: other ids, other rows, same commands.
        var small = await GenerateAsync(InitiativeCount / 10, "oversikt-benchmark-liten", "Liten översiktsplan 2030");
        var onSmall = new Dictionary<string, int>();
        foreach (var c in Cases(small.Plan, small.First, small.Second))
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(c.Url)).StatusCode); // warm-up
            app.Commands.Reset();
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(c.Url.Uncached())).StatusCode);
            onSmall[c.Name] = app.Commands.Count;
        }

        var timings = cases.ToDictionary(c => c.Name, _ => new List<double>());
        var commands = cases.ToDictionary(c => c.Name, _ => new List<int>());
        for (var n = 0; n < Requests; n++)
        {
            var c = cases[n % cases.Length];
            app.Commands.Reset();
            var watch = Stopwatch.StartNew();
            // Each request rendered (not answered by the output cache): this measures rendering.
            var response = await browser.GetAsync(c.Url.Uncached());
            var html = await response.Content.ReadAsStringAsync();
            watch.Stop();
            commands[c.Name].Add(app.Commands.Count);
            timings[c.Name].Add(watch.Elapsed.TotalMilliseconds);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertContent(c.Name, await Browser.ParseAsync(new HttpResponseMessage { Content = new StringContent(html) }), expected);
        }
        Assert.Equal(expected.Reports, reports);
        foreach (var c in cases)
        {
            Assert.True(commands[c.Name].All(n => n == onSmall[c.Name]),
                $"{c.Name}: {onSmall[c.Name]} SQL commands over {InitiativeCount / 10} insatser, {string.Join(", ", commands[c.Name].Distinct())} over {InitiativeCount} insatser");
        }
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

    /// <summary>What each case must show, counted in the database the benchmark generated.</summary>
    private sealed record Expected(int Initiatives, int Reports, int KvalitetInitiatives, int PreviousReports, int Missing, int Ongoing, int MissingSinceLast);

    private Task<Expected> ExpectedAsync(int planId, int first, int second, int kvalitet) => app.WithDbAsync(async db =>
    {
        var reports = await db.FollowUpReports.Where(r => r.RoundId == first || r.RoundId == second)
            .Select(r => new { r.RoundId, r.InitiativeId, r.UnitId, r.Status }).ToListAsync();
        static bool IsIn(ReportStatus s) => s is ReportStatus.Submitted or ReportStatus.Approved;
        var before = reports.Where(r => r.RoundId == first).ToDictionary(r => (r.InitiativeId, r.UnitId), r => r.Status);
        var now = reports.Where(r => r.RoundId == second).ToList();
        return new Expected(
            await db.Initiatives.CountAsync(i => i.PlanId == planId),
            now.Count,
            await db.Initiatives.CountAsync(i => i.PlanId == planId && i.Responsible.Any(r => r.DepartmentId == kvalitet)),
            reports.Count(r => r.RoundId == first),
            now.Count(r => r.Status is ReportStatus.NotStarted or ReportStatus.Draft or ReportStatus.Returned),
            await db.Initiatives.CountAsync(i => i.PlanId == planId && i.Status == InitiativeStatus.Ongoing),
            now.Count(r => !IsIn(r.Status) && before.TryGetValue((r.InitiativeId, r.UnitId), out var b) && IsIn(b)));
    });

    private static void AssertContent(string name, AngleSharp.Html.Dom.IHtmlDocument page, Expected expected)
    {
        int Figure(string labelEnd) => int.Parse(string.Concat(page.QuerySelectorAll("main a.figure")
            .First(a => (a.GetAttribute("aria-label") ?? "").EndsWith(labelEnd, StringComparison.Ordinal)).TextContent.Where(char.IsDigit)), CultureInfo.InvariantCulture);
        string Count() => page.QuerySelector("#antal")!.TextContent.Trim();
        switch (name)
        {
            case "Översikt, hela förvaltningen":
                Assert.Equal((expected.Initiatives, expected.Reports), (Figure("insatser totalt"), Figure("rapporter totalt")));
                break;
            case "Översikt, en avdelning":
                Assert.True(expected.KvalitetInitiatives is > 0 and < OverviewBenchmark.InitiativeCount);
                Assert.Equal(expected.KvalitetInitiatives, Figure("insatser totalt"));
                break;
            case "Översikt, förra omgången":
                Assert.Equal((expected.Initiatives, expected.PreviousReports), (Figure("insatser totalt"), Figure("rapporter totalt")));
                break;
            case "Sedan förra omgången":
                // Both rounds cover the same insatser: nothing is new, and the reports that came in the first time
                // but not (yet) the second are counted (a section without changes shows no figure).
                Assert.Equal("Sedan förra omgången", page.QuerySelector("h1")!.TextContent.Trim());
                Assert.NotNull(page.QuerySelector(".change-summary"));
                Assert.Null(page.QuerySelector(".change-summary .figure[data-section=nya]"));
                Assert.Equal(S(expected.MissingSinceLast), page.QuerySelector(".change-summary .figure[data-section=saknas]")?.TextContent.Trim() ?? "0");
                break;
            case "Lista: rapporter som saknas":
                Assert.True(expected.Missing > 0);
                Assert.StartsWith(Display.Count(expected.Missing, "rapport", "rapporter"), Count(), StringComparison.Ordinal);
                break;
            case "Lista: pågående insatser":
                Assert.True(expected.Ongoing > 0);
                Assert.StartsWith(Display.Count(expected.Ongoing, "insats", "insatser"), Count(), StringComparison.Ordinal);
                break;
            default:
                throw new InvalidOperationException($"No content check for {name}");
        }
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private async Task<(int Plan, int First, int Second, int Reports)> GenerateAsync(int size, string key, string name) => await app.WithDbAsync(async db =>
    {
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var org = await db.Organisations.SingleAsync(o => o.Key == "halmstad-buf");
        var departments = await db.Departments.Where(d => d.OrganisationId == org.Id).OrderBy(d => d.Id).Take(8).ToListAsync();
        var units = await db.Units.Where(u => u.OrganisationId == org.Id).OrderBy(u => u.Id).Take(9).ToListAsync();
        var plan = new Plan { Organisation = org, Key = key, Name = name, Status = PlanStatus.Adopted, PeriodStart = new(2030, 1, 1), PeriodEnd = new(2030, 12, 31) };
        var goals = Enumerable.Range(0, 4).Select(g => new Goal { Plan = plan, Key = $"mal-{g}", SortOrder = g, Title = $"Översiktsmål {g + 1}" }).ToList();
        db.AddRange(goals);
        for (var i = 0; i < size; i++)
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
