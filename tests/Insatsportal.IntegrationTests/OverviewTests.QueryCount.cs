using System.Globalization;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.FollowUps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>The overview's SQL commands stay the same however many insatser there are.</summary>
public sealed partial class OverviewTests
{
    [Fact]
    public async Task The_overview_sends_the_same_number_of_sql_commands_for_three_insatser_and_for_sixty()
    {
        var (planId, roundId) = await app.WithDbAsync(async db =>
        {
            var org = await db.Organisations.SingleAsync(o => o.Key == "halmstad-buf");
            var units = await db.Units.Where(u => u.OrganisationId == org.Id).OrderBy(u => u.Id).Take(3).ToListAsync();
            // An older plan, so that it is not the förvaltning's default for the other tests.
            var plan = new Plan { Organisation = org, Key = "sql-raknare", Name = "Räkneplan 2010", Status = PlanStatus.Adopted, PeriodStart = new(2010, 1, 1), PeriodEnd = new(2010, 12, 31) };
            var goal = new Goal { Plan = plan, Key = "mal", Title = "Räknemålet" };
            db.AddRange(Enumerable.Range(0, 3).Select(k => Generated(plan, goal, k, units)));
            await db.SaveChangesAsync();
            using var scope = app.Services.CreateScope();
            var round = await scope.ServiceProvider.GetRequiredService<RoundCommands>()
                .OpenAsync(plan.Id, "Räkneomgång", FollowUpOccasionKind.InterimReport, new(2010, 3, 1), new(2010, 4, 1), null, default);
            return (plan.Id, round.Id);
        });
        var chef = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var url = $"/oversikt?plan={S(planId)}&omgang={S(roundId)}";
        await chef.GetPageAsync(url);
        app.Commands.Reset();
        var small = await chef.GetPageAsync(url);
        var few = app.Commands.Count;

        await app.WithDbAsync(async db =>
        {
            var plan = await db.Plans.Include(p => p.Goals).SingleAsync(p => p.Id == planId);
            var units = await db.Units.Where(u => u.OrganisationId == plan.OrganisationId).OrderBy(u => u.Id).Take(3).ToListAsync();
            db.AddRange(Enumerable.Range(3, 57).Select(k => Generated(plan, plan.Goals[0], k, units)));
            await db.SaveChangesAsync();
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<RoundCommands>().AddMissingAsync(roundId, default);
            foreach (var report in await db.FollowUpReports.Where(r => r.RoundId == roundId).Include(r => r.Effects).ToListAsync())
            {
                report.Status = report.Id % 3 == 0 ? ReportStatus.Approved : ReportStatus.Draft;
                report.Implementation = ImplementationStatus.Done;
                report.SubmittedAt = DateTime.UtcNow;
                report.Effects.ForEach(e => (e.Judgement, e.MeasuredValue) = (EffectJudgement.Visible, 42m));
            }
            await db.SaveChangesAsync();
        });
        // As for the small plan: a first request fills what the app keeps per user (the menu's count, which the
        // round's new reports made it forget), the second is the one counted.
        await chef.GetPageAsync(url);
        app.Commands.Reset();
        var large = await chef.GetPageAsync(url);
        var many = app.Commands.Count;

        Assert.Equal(3, Figure(small, "insatser totalt"));
        Assert.Equal(60, Figure(large, "insatser totalt"));
        Assert.Equal(60, large.QuerySelectorAll("#senast-uppfoljd tbody a.figure").Sum(a => int.Parse(a.TextContent.Trim(), CultureInfo.InvariantCulture)));
        // The indicators: the first rows on the overview, all of them paged behind a link.
        Assert.Equal(Insatsportal.Web.Features.Dashboard.OverviewQueries.IndicatorsShown, large.QuerySelectorAll("#indikatorer tbody tr").Length);
        var indicators = await chef.GetPageAsync(large.QuerySelectorAll("main a").Single(a => a.TextContent.Trim() == "Alla 60 indikatorer").GetAttribute("href")!);
        Assert.StartsWith("60 indikatorer, sida 1 av 2", indicators.QuerySelector("#antal")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Insatsportal.Web.Features.Dashboard.OverviewQueries.IndicatorPageSize, indicators.QuerySelectorAll("#indikatorer tbody tr").Length);
        Assert.Contains(indicators.QuerySelectorAll("#indikatorer tbody td"), c => c.TextContent.Trim() == "42");
        Assert.NotNull(indicators.QuerySelector("nav.pager[aria-label=Sidor] a[rel=next]"));
        Assert.True(few == many, $"3 insatser took {few} SQL commands, 60 took {many}:\n{string.Join("\n---\n", app.Commands.Texts)}");
        Assert.True(many <= 15, $"the overview took {many} SQL commands");
    }

    private static Initiative Generated(Plan plan, Goal goal, int k, List<Unit> units) => new()
    {
        Plan = plan, Goal = goal, Key = $"r{k}", SortOrder = k, Title = $"Räkneinsats {k}", Status = (InitiativeStatus)(k % 5),
        TargetedUnits = units.Take(k % 4).Select(u => new InitiativeUnit { Unit = u }).ToList(),
        ExpectedEffects = [new ExpectedEffect { Text = "Fler når målen", IndicatorName = "Andel", IndicatorUnit = "procent", IndicatorBaseline = 50, IndicatorTarget = 70 }],
    };
}
