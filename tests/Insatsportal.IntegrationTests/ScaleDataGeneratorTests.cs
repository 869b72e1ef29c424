using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Data.Scale;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>The scale data generator: consistent data as the app itself would make it, deterministic, and never
/// mixed into a database that holds anything but the seeded plans.</summary>
public sealed class ScaleDataGeneratorTests
{
    private static readonly ScaleProfile Tiny =
        new("test-tiny", Departments: 2, SchoolAreas: 2, Units: 8, Users: 30, Plans: 2, Initiatives: 30, Rounds: 3, TargetAllPerThousand: 100);

    private static Task<ScaleDataSummary> GenerateAsync(AppFactory app, ScaleProfile profile)
    {
        using var scope = app.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<ScaleDataGenerator>().GenerateAsync(profile);
    }

    [Fact]
    public async Task Rounds_hold_a_report_per_insats_and_targeted_unit_in_every_state_with_their_history()
    {
        using var app = new AppFactory();
        var summary = await GenerateAsync(app, Tiny);

        await app.WithDbAsync(async db =>
        {
            var plans = await db.Plans.Where(p => p.Key.StartsWith(ScaleDataGenerator.KeyPrefix)).Select(p => p.Id).ToListAsync();
            Assert.Equal(2, plans.Count);
            Assert.Equal(30, await db.Initiatives.CountAsync(i => plans.Contains(i.PlanId)));
            foreach (var round in await db.FollowUpRounds.Where(r => plans.Contains(r.PlanId)).ToListAsync())
            {
                var expected = await db.Initiatives.Where(i => i.PlanId == round.PlanId && !i.IsArchived)
                    .SumAsync(i => 1 + i.TargetedUnits.Count);
                Assert.Equal(expected, await db.FollowUpReports.CountAsync(r => r.RoundId == round.Id));
            }
            var states = await db.FollowUpReports.Where(r => plans.Contains(r.Round.PlanId)).Select(r => r.Status).Distinct().ToListAsync();
            Assert.Equal(Enum.GetValues<ReportStatus>().OrderBy(s => s), states.OrderBy(s => s));
            Assert.Contains(await db.FollowUpRounds.Where(r => plans.Contains(r.PlanId)).Select(r => r.Status).ToListAsync(), s => s == RoundStatus.Closed);
            // A submitted or reviewed report has the transitions that led there.
            Assert.False(await db.FollowUpReports.AnyAsync(r => plans.Contains(r.Round.PlanId)
                && r.Status != ReportStatus.NotStarted && !r.Transitions.Any()));
            Assert.Equal(summary.HistoryRows, await db.ChangeLog.CountAsync(c => c.EntityType == HistoryEntityTypes.Initiative
                && db.Initiatives.Any(i => i.Id == c.EntityId && plans.Contains(i.PlanId))));
            // The demo rektor's school is among the units reported for, so the demo accounts see the data.
            Assert.True(await db.FollowUpReports.AnyAsync(r => plans.Contains(r.Round.PlanId) && r.Unit!.Key == "vallasskolan"));
        });
    }

    [Fact]
    public async Task The_same_profile_gives_the_same_data_and_a_second_run_is_refused()
    {
        using var first = new AppFactory();
        using var second = new AppFactory();
        var a = await GenerateAsync(first, Tiny);
        var b = await GenerateAsync(second, Tiny);

        Assert.Equal(a with { Elapsed = default }, b with { Elapsed = default });
        static Task<List<string>> Titles(AppFactory app) => app.WithDbAsync(db => db.Initiatives
            .Where(i => i.Plan.Key.StartsWith(ScaleDataGenerator.KeyPrefix)).OrderBy(i => i.Id).Select(i => i.Title + i.Status).ToListAsync());
        Assert.Equal(await Titles(first), await Titles(second));

        var refused = await Assert.ThrowsAsync<ScaleDataException>(() => GenerateAsync(first, Tiny));
        Assert.Contains("ny databas", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_with_a_plan_of_its_own_is_refused_and_left_as_it_was()
    {
        using var app = new AppFactory();
        await app.WithDbAsync(async db =>
        {
            var organisation = await db.Organisations.FirstAsync();
            db.Plans.Add(new Plan { OrganisationId = organisation.Id, Key = "egen-plan", Name = "Egen plan", PeriodStart = new(2026, 1, 1), PeriodEnd = new(2026, 12, 31) });
            await db.SaveChangesAsync();
        });
        var units = await app.WithDbAsync(db => db.Units.CountAsync());

        var refused = await Assert.ThrowsAsync<ScaleDataException>(() => GenerateAsync(app, Tiny));

        Assert.Contains("egen-plan", refused.Message, StringComparison.Ordinal);
        Assert.Equal(units, await app.WithDbAsync(db => db.Units.CountAsync()));
    }
}
