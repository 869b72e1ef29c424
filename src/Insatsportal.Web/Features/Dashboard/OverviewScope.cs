using System.Globalization;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Dashboard;

public sealed record RoundOption(int Id, string Name, DateOnly OpensOn, DateOnly Deadline, RoundStatus Status);

public sealed record Option(int Id, string Name);

/// <summary>
/// What an overview covers, resolved on the server from the request and the user's role and scope
/// (docs/authorization.md, "Översikt"): the plan (of the user's own förvaltning), the round, and the part of the
/// förvaltning. Every figure and every list behind a figure is computed from one resolved scope, so the two
/// always agree and a parameter can narrow what a user sees but never widen it.
/// </summary>
public sealed record OverviewScope(
    UserScope User, int OrganisationId, Option? Plan, RoundOption? Round, IReadOnlyList<RoundOption> Rounds,
    int? GoalId, bool NoGoal, int? DepartmentId, bool Widened, IReadOnlyList<int>? UnitIds, int? ChosenUnit,
    IReadOnlyList<Option> Plans, IReadOnlyList<Option> Goals, IReadOnlyList<Option> Departments, IReadOnlyList<Option> Units,
    IReadOnlyList<string> Problems, DateOnly Today)
{
    /// <summary>Narrowed to the units of one department (their reports, the insatser targeting them).</summary>
    public int? UnitDepartmentId { get; init; }

    /// <summary>Narrowed to the units that belong to no department.</summary>
    public bool UnitsWithoutDepartment { get; init; }

    /// <summary>Every department of the förvaltning, closed ones too: the units table names the department a
    /// (possibly closed) unit belongs to.</summary>
    public IReadOnlyList<Option> AllDepartments { get; init; } = [];

    /// <summary>The plan's rounds up to and including the chosen one (by opening date).</summary>
    public IEnumerable<RoundOption> RoundsUpToChosen() =>
        Rounds.Where(r => Round is not null && (r.OpensOn < Round.OpensOn || (r.OpensOn == Round.OpensOn && r.Id <= Round.Id)));

    /// <summary>True when the figures are about units (a rektor's, a chosen unit, or a department's units) rather
    /// than the insatser as a whole.</summary>
    public bool ByUnits => UnitIds is not null || UnitDepartmentId is not null || UnitsWithoutDepartment;

    public string? UnitDepartmentName => UnitsWithoutDepartment ? "enheter utan avdelning"
        : UnitDepartmentId is { } d ? "enheterna i " + (AllDepartments.FirstOrDefault(x => x.Id == d)?.Name ?? "avdelningen") : null;

    public bool IsPrincipal => IsOnlyPrincipal(User);

    /// <summary>Avdelningschefer and tjänstepersoner see their department by default and may widen.</summary>
    public bool DefaultsToDepartment => SeesOwnDepartmentFirst(User);

    /// <summary>A rektor and nothing more: the overview is their own units', always.</summary>
    public static bool IsOnlyPrincipal(UserScope user) =>
        user.IsIn(Roles.Principal) && !user.IsIn(Roles.DirectorOfEducation) && !user.IsIn(Roles.DepartmentHead) && !user.IsIn(Roles.Official);

    public static bool SeesOwnDepartmentFirst(UserScope user) =>
        !user.IsIn(Roles.DirectorOfEducation) && !IsOnlyPrincipal(user) && user.DepartmentIds.Count > 0;

    /// <summary>Report figures of a tjänsteperson cover only the reports they may read (ReportAccess).</summary>
    public bool ReportsLimited => !User.IsIn(Roles.DirectorOfEducation) && !User.IsIn(Roles.DepartmentHead) && !IsPrincipal;

    public string? GoalName => NoGoal ? "Övergripande insatser" : Goals.FirstOrDefault(g => g.Id == GoalId)?.Name;

    public string? DepartmentName => Departments.FirstOrDefault(d => d.Id == DepartmentId)?.Name;

    /// <summary>In words: which part of the förvaltning the figures cover.</summary>
    public string Coverage
    {
        get
        {
            var part = UnitIds is { } units
                ? string.Join(" och ", Units.Where(u => units.Contains(u.Id)).Select(u => u.Name))
                : DepartmentName ?? "hela förvaltningen";
            if (UnitDepartmentName is { } unitDepartment)
            {
                part = UnitIds is null ? unitDepartment : $"{part}, {unitDepartment}";
            }
            if (ByUnits && DepartmentName is { } department)
            {
                part += $" (insatser som {department} ansvarar för)";
            }
            return GoalName is { } goal ? $"{part}, {goal}" : part;
        }
    }

    /// <summary>A link to an overview page with this scope, plus the given parameters.</summary>
    public string Link(string path, params (string Name, string? Value)[] extra) => LinkFor(path, Round?.Id, extra);

    public string LinkFor(string path, int? roundId, params (string Name, string? Value)[] extra)
    {
        var query = new QueryBuilder();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                query.Add(name, value);
            }
        }
        static string S(int id) => id.ToString(CultureInfo.InvariantCulture);
        Add("plan", Plan is null ? null : S(Plan.Id));
        Add("omgang", roundId is { } r ? S(r) : null);
        Add("mal", NoGoal ? OverviewRequest.NoGoalValue : GoalId is { } g ? S(g) : null);
        Add("avdelning", DepartmentId is { } d ? S(d) : Widened ? OverviewRequest.AllValue : null);
        Add("enhet", ChosenUnit is { } u ? S(u) : null);
        Add("enhetsavdelning", UnitsWithoutDepartment ? OverviewRequest.NoDepartmentValue : UnitDepartmentId is { } ud ? S(ud) : null);
        foreach (var (name, value) in extra)
        {
            Add(name, value);
        }
        return path + query.ToQueryString();
    }

    /// <summary>This scope narrowed to one goal, or to the övergripande insatser (goal null).</summary>
    public OverviewScope ForGoal(int? goal) => this with { GoalId = goal, NoGoal = goal is null };

    /// <summary>This scope narrowed to one unit (already within the user's units: see <see cref="OverviewScopes"/>).</summary>
    public OverviewScope ForUnit(int unit) => this with { ChosenUnit = unit, UnitIds = [unit] };

    /// <summary>This scope narrowed to the units of one department (null: the units without one).</summary>
    public OverviewScope ForUnitDepartment(int? department) =>
        this with { UnitDepartmentId = department, UnitsWithoutDepartment = department is null };

    /// <summary>The insatser the figures cover: the plan's (not archived) that the user may read, narrowed by goal,
    /// department and units.</summary>
    public IQueryable<Initiative> Initiatives(AppDbContext db)
    {
        var planId = Plan?.Id ?? 0;
        var q = db.Initiatives.AsNoTracking().Where(ReadAccess.Initiatives(User)).Where(i => i.PlanId == planId && !i.IsArchived);
        if (NoGoal)
        {
            q = q.Where(i => i.GoalId == null);
        }
        else if (GoalId is { } goal)
        {
            q = q.Where(i => i.GoalId == goal);
        }
        if (DepartmentId is { } department)
        {
            q = q.Where(i => i.Responsible.Any(r => r.DepartmentId == department));
        }
        if (UnitIds is { } units)
        {
            var list = units.ToList();
            q = q.Where(i => i.TargetedUnits.Any(t => list.Contains(t.UnitId)));
        }
        if (UnitDepartmentId is { } unitDepartment)
        {
            q = q.Where(i => i.TargetedUnits.Any(t => t.Unit.DepartmentId == unitDepartment));
        }
        else if (UnitsWithoutDepartment)
        {
            q = q.Where(i => i.TargetedUnits.Any(t => t.Unit.DepartmentId == null));
        }
        return q;
    }

    /// <summary>The reports of the chosen round the figures cover.</summary>
    public IQueryable<FollowUpReport> Reports(AppDbContext db) => ReportsIn(db, Round?.Id ?? 0);

    public IQueryable<FollowUpReport> ReportsIn(AppDbContext db, int roundId) =>
        Narrow(db.FollowUpReports.AsNoTracking().Where(ReportAccess.Readable(User)).Where(r => r.RoundId == roundId));

    /// <summary>The reports of this plan's rounds up to and including the chosen one (by opening date).</summary>
    public IQueryable<FollowUpReport> ReportsUpToRound(AppDbContext db)
    {
        var ids = RoundsUpToChosen().Select(r => r.Id).ToList();
        return Narrow(db.FollowUpReports.AsNoTracking().Where(ReportAccess.Readable(User)).Where(r => ids.Contains(r.RoundId)));
    }

    /// <summary>
    /// The reports that speak for an insats as a whole: the insats-level reports, or when the scope is one or more
    /// units (a rektor, or a chosen enhet), those units' reports.
    /// </summary>
    public IQueryable<FollowUpReport> Level(IQueryable<FollowUpReport> reports) =>
        ByUnits ? reports : reports.Where(r => r.UnitId == null);

    private IQueryable<FollowUpReport> Narrow(IQueryable<FollowUpReport> q)
    {
        if (NoGoal)
        {
            q = q.Where(r => r.Initiative.GoalId == null);
        }
        else if (GoalId is { } goal)
        {
            q = q.Where(r => r.Initiative.GoalId == goal);
        }
        if (DepartmentId is { } department)
        {
            q = q.Where(r => r.Initiative.Responsible.Any(x => x.DepartmentId == department));
        }
        if (UnitIds is { } units)
        {
            var list = units.ToList();
            q = q.Where(r => r.UnitId != null && list.Contains(r.UnitId.Value));
        }
        // By the unit's department in SQL (not a list of open units), so that a closed unit's reports count in the
        // same cell as in the GROUP BY that made the figure.
        if (UnitDepartmentId is { } unitDepartment)
        {
            q = q.Where(r => r.UnitId != null && r.Unit!.DepartmentId == unitDepartment);
        }
        else if (UnitsWithoutDepartment)
        {
            q = q.Where(r => r.UnitId != null && r.Unit!.DepartmentId == null);
        }
        return q;
    }
}
