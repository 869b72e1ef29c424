using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.FollowUps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests.Infrastructure;

/// <summary>A plan made by <see cref="TestData.PlanAsync"/>: its id and its goals' ids in order.</summary>
public sealed record TestPlan(int Id, int OrganisationId, IReadOnlyList<int> GoalIds);

/// <summary>An insats made by <see cref="TestData.InitiativeAsync"/>: its id and its expected effects' ids in order.</summary>
public sealed record TestInitiative(int Id, IReadOnlyList<int> EffectIds);

/// <summary>
/// Test data of a test's own, written through the app's real DbContext on the test's database, with defaults that
/// make a valid row and optional overrides, instead of editing seeded rows: plans (with goals), insatser, rounds
/// (opened through the same command as the round page, so they get their reports) and reports. Also the few
/// look-ups of seeded rows by key that tests need (a förvaltning, a unit, the Halmstad plan).
/// </summary>
public sealed class TestData(AppFactory app)
{
    public const string Halmstad = "halmstad-buf";
    public const string HalmstadPlan = "halmstad-utvecklingsplan-2020-2021";

    public Task<int> OrganisationIdAsync(string key = Halmstad) =>
        app.WithDbAsync(db => db.Organisations.Where(o => o.Key == key).Select(o => o.Id).SingleAsync());

    public Task<int> PlanIdAsync(string key = HalmstadPlan) =>
        app.WithDbAsync(db => db.Plans.Where(p => p.Key == key).Select(p => p.Id).SingleAsync());

    public Task<int> UnitIdAsync(string key) =>
        app.WithDbAsync(db => db.Units.Where(u => u.Key == key).Select(u => u.Id).SingleAsync());

    /// <summary>
    /// An adopted plan of its own (a unique key) in a förvaltning, 2024–2025 unless <paramref name="configure"/> says
    /// otherwise, with a goal per title in <paramref name="goals"/> (keys A, B, … unless configured; titles as given).
    /// <paramref name="configure"/> runs on the new plan (its goals already added) before it is saved.
    /// </summary>
    public Task<TestPlan> PlanAsync(
        string name = "Testplan", string organisation = Halmstad, IEnumerable<string>? goals = null, Action<Plan>? configure = null) =>
        app.WithDbAsync(async db =>
        {
            var plan = new Plan
            {
                OrganisationId = await db.Organisations.Where(o => o.Key == organisation).Select(o => o.Id).SingleAsync(),
                Key = "test-" + Guid.NewGuid().ToString("N"), Name = name, Status = PlanStatus.Adopted,
                PeriodStart = new(2024, 1, 1), PeriodEnd = new(2025, 12, 31),
                Goals = (goals ?? []).Select((title, i) => new Goal { Key = ((char)('a' + i)).ToString(), Title = title, SortOrder = i + 1 }).ToList(),
            };
            configure?.Invoke(plan);
            db.Plans.Add(plan);
            await db.SaveChangesAsync();
            return new TestPlan(plan.Id, plan.OrganisationId, plan.Goals.OrderBy(g => g.SortOrder).Select(g => g.Id).ToList());
        });

    /// <summary>
    /// An ongoing insats in a plan (under a goal when given), last in its goal, with an expected effect per text in
    /// <paramref name="effects"/>, answered for by the department with key <paramref name="department"/> when given and
    /// targeting the units with the keys in <paramref name="units"/>. <paramref name="configure"/> runs before it is saved.
    /// </summary>
    public Task<TestInitiative> InitiativeAsync(
        int planId, int? goalId = null, string title = "Testinsats", InitiativeStatus status = InitiativeStatus.Ongoing,
        IEnumerable<string>? effects = null, string? department = null, IEnumerable<string>? units = null,
        Action<Initiative>? configure = null) =>
        app.WithDbAsync(async db =>
        {
            var organisationId = await db.Plans.Where(p => p.Id == planId).Select(p => p.OrganisationId).SingleAsync();
            var last = await db.Initiatives.Where(i => i.PlanId == planId && i.GoalId == goalId).MaxAsync(i => (int?)i.SortOrder) ?? 0;
            var initiative = new Initiative
            {
                PlanId = planId, GoalId = goalId, Key = "test-" + Guid.NewGuid().ToString("N"), Title = title, Status = status,
                SortOrder = last + 1,
                ExpectedEffects = (effects ?? []).Select((text, i) => new ExpectedEffect { SortOrder = i + 1, Text = text }).ToList(),
            };
            if (department is not null)
            {
                var departmentId = await db.Departments.Where(d => d.OrganisationId == organisationId && d.Key == department).Select(d => d.Id).SingleAsync();
                initiative.Responsible.Add(new ResponsibleEntry { SortOrder = 1, RoleTitle = "Avdelningschef", DepartmentId = departmentId });
            }
            var keys = (units ?? []).ToList();
            initiative.TargetedUnits.AddRange(await db.Units.Where(u => u.OrganisationId == organisationId && keys.Contains(u.Key))
                .Select(u => new InitiativeUnit { UnitId = u.Id }).ToListAsync());
            configure?.Invoke(initiative);
            db.Initiatives.Add(initiative);
            await db.SaveChangesAsync();
            return new TestInitiative(initiative.Id, initiative.ExpectedEffects.OrderBy(e => e.SortOrder).Select(e => e.Id).ToList());
        });

    /// <summary>
    /// A round opened through <see cref="RoundCommands.OpenAsync"/> (so it has a report per insats and targeted unit),
    /// by default in the seeded Halmstad plan, an interim report opening 1 February 2021.
    /// </summary>
    public async Task<int> RoundAsync(
        string name, DateOnly deadline, int? planId = null, FollowUpOccasionKind kind = FollowUpOccasionKind.InterimReport,
        DateOnly? opensOn = null, string? instructions = null)
    {
        var plan = planId ?? await PlanIdAsync();
        using var scope = app.Services.CreateScope();
        var round = await scope.ServiceProvider.GetRequiredService<RoundCommands>()
            .OpenAsync(plan, name, kind, opensOn ?? new DateOnly(2021, 2, 1), deadline, instructions, CancellationToken.None);
        return round.Id;
    }

    /// <summary>The id of a round's report on an insats (by the insats's key), for a unit (by its key) or, without one,
    /// the insats-level report.</summary>
    public Task<int> ReportIdAsync(int roundId, string initiativeKey, string? unitKey = null) => app.WithDbAsync(db => db.FollowUpReports
        .Where(r => r.RoundId == roundId && r.Initiative.Key == initiativeKey && (unitKey == null ? r.UnitId == null : r.Unit!.Key == unitKey))
        .Select(r => r.Id).SingleAsync());

    /// <summary>Changes a report (as a reviewer's or writer's save would leave it) and saves it through the DbContext.</summary>
    public Task ReportAsync(int reportId, Action<FollowUpReport> change) => app.WithDbAsync(async db =>
    {
        var report = await db.FollowUpReports.Include(r => r.Effects).SingleAsync(r => r.Id == reportId);
        change(report);
        await db.SaveChangesAsync();
    });

    /// <summary>The id of a user by e-mail (a demo account, see <see cref="DemoUsers"/>).</summary>
    public Task<string> UserIdAsync(string email) =>
        app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
}
