using System.Globalization;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Dashboard;

/// <summary>
/// The filters of /oversikt as they came in the query string (plan, omgang, mal, avdelning, enhet). Parsed by
/// hand, as <c>/insatser</c> does, so that a link typed or cut short gives a Swedish note and never a 500.
/// </summary>
public sealed record OverviewRequest(
    int? Plan, int? Round, int? Goal, bool NoGoal, int? Department, bool AllDepartments, int? Unit, IReadOnlyList<string> Problems)
{
    /// <summary>The units of one department (enhetsavdelning=id), or those with no department (enhetsavdelning=ingen):
    /// where a cell of the departments × goals table leads.</summary>
    public int? UnitDepartment { get; init; }

    public bool UnitsWithoutDepartment { get; init; }

    /// <summary>The page of a list (sida), 1 when absent or not understood.</summary>
    public int Page { get; init; } = 1;

    /// <summary>URL value for the units that belong to no department.</summary>
    public const string NoDepartmentValue = "ingen";

    /// <summary>URL value for the övergripande insatser (those without a goal).</summary>
    public const string NoGoalValue = "ovrigt";

    /// <summary>URL value for the whole förvaltning, for those whose default is their own department.</summary>
    public const string AllValue = "alla";

    public static OverviewRequest Parse(IQueryCollection query)
    {
        var problems = new List<string>();
        int? Id(string name, string label, string? special, out bool isSpecial)
        {
            isSpecial = false;
            var raw = query[name].ToString().Trim();
            if (raw.Length == 0)
            {
                return null;
            }
            if (special is not null && string.Equals(raw, special, StringComparison.OrdinalIgnoreCase))
            {
                isSpecial = true;
                return null;
            }
            if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                return id;
            }
            problems.Add($"{label} ”{(raw.Length > 40 ? raw[..40] + "…" : raw)}” finns inte och ignorerades.");
            return null;
        }
        var plan = Id("plan", "Planen", null, out _);
        var round = Id("omgang", "Omgången", null, out _);
        var goal = Id("mal", "Målet", NoGoalValue, out var noGoal);
        var department = Id("avdelning", "Avdelningen", AllValue, out var all);
        var unit = Id("enhet", "Enheten", null, out _);
        var unitDepartment = Id("enhetsavdelning", "Avdelningen", NoDepartmentValue, out var noDepartment);
        var page = 1;
        var pageRaw = query["sida"].ToString().Trim();
        if (pageRaw.Length > 0 && !(int.TryParse(pageRaw, NumberStyles.None, CultureInfo.InvariantCulture, out page) && page > 0))
        {
            page = 1;
            problems.Add($"Sidan ”{(pageRaw.Length > 40 ? pageRaw[..40] + "…" : pageRaw)}” finns inte; sida 1 visas.");
        }
        return new OverviewRequest(plan, round, goal, noGoal, department, all, unit, problems)
        {
            UnitDepartment = unitDepartment, UnitsWithoutDepartment = noDepartment, Page = page,
        };
    }
}

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

/// <summary>Resolves an <see cref="OverviewRequest"/> against the database and the user's scope.</summary>
public sealed class OverviewScopes(AppDbContext db, TimeProvider clock)
{
    /// <summary>Null when the user has no förvaltning (and so no overview).</summary>
    public async Task<OverviewScope?> ResolveAsync(OverviewRequest request, UserScope user, CancellationToken ct)
    {
        if (user.OrganisationId is not { } org)
        {
            return null;
        }
        var problems = request.Problems.ToList();
        var today = ReportStates.Today(clock);

        // The plans of the user's own förvaltning that they may read, with their rounds: one query.
        var plans = await db.Plans.AsNoTracking().Where(ReadAccess.Plans(user)).Where(p => p.OrganisationId == org && !p.IsArchived)
            .OrderByDescending(p => p.Status == PlanStatus.Adopted).ThenByDescending(p => p.PeriodStart).ThenByDescending(p => p.Id)
            .Select(p => new
            {
                p.Id, p.Name, p.Status,
                Rounds = db.FollowUpRounds.Where(r => r.PlanId == p.Id).OrderByDescending(r => r.OpensOn).ThenByDescending(r => r.Id)
                    .Select(r => new RoundOption(r.Id, r.Name, r.OpensOn, r.Deadline, r.Status)).ToList(),
            })
            .AsSingleQuery()
            .ToListAsync(ct);

        // The latest adopted plan is the default; a plan given in the URL must be one of the förvaltning's.
        var plan = request.Plan is { } wanted ? plans.FirstOrDefault(p => p.Id == wanted)
            : request.Round is { } givenRound ? plans.FirstOrDefault(p => p.Rounds.Any(r => r.Id == givenRound)) : null;
        if (request.Plan is not null && plan is null)
        {
            problems.Add("Planen finns inte i din förvaltning; förvaltningens senaste fastställda plan visas.");
        }
        plan ??= plans.FirstOrDefault(p => p.Status == PlanStatus.Adopted) ?? plans.FirstOrDefault();

        var rounds = plan?.Rounds ?? [];
        var round = request.Round is { } wantedRound ? rounds.FirstOrDefault(r => r.Id == wantedRound) : null;
        if (request.Round is not null && round is null)
        {
            problems.Add("Omgången hör inte till planen; planens senaste omgång visas.");
        }
        round ??= rounds.FirstOrDefault();

        var planId = plan?.Id ?? 0;
        // Archived goals too: insatser may still stand under one, and every figure must have its row.
        var goals = await db.Goals.AsNoTracking().Where(g => g.PlanId == planId).OrderBy(g => g.IsArchived).ThenBy(g => g.SortOrder)
            .Select(g => new Option(g.Id, (g.ShortName ?? g.Title) + (g.IsArchived ? " (arkiverat)" : ""))).ToListAsync(ct);
        var allDepartments = await db.Departments.AsNoTracking().Where(d => d.OrganisationId == org)
            .OrderBy(d => d.Name).Select(d => new { d.Id, d.Name, Open = d.ClosedOn == null }).ToListAsync(ct);
        var departments = allDepartments.Where(d => d.Open).Select(d => new Option(d.Id, d.Name)).ToList();

        var isPrincipal = OverviewScope.IsOnlyPrincipal(user);
        var ownUnits = user.UnitIds.ToList();
        var units = await db.Units.AsNoTracking().Where(u => u.OrganisationId == org && u.ClosedOn == null && (!isPrincipal || ownUnits.Contains(u.Id)))
            .OrderBy(u => u.Name).Select(u => new Option(u.Id, u.Name)).ToListAsync(ct);

        int? goalId = null;
        if (request.Goal is { } g && goals.All(x => x.Id != g))
        {
            problems.Add("Målet hör inte till planen och ignorerades.");
        }
        else
        {
            goalId = request.Goal;
        }

        // A rektor's figures are always their own units'; a unit outside them is ignored, never shown.
        int? chosenUnit = null;
        if (request.Unit is { } unit)
        {
            if (units.Any(u => u.Id == unit))
            {
                chosenUnit = unit;
            }
            else
            {
                problems.Add(isPrincipal
                    ? "Enheten är inte din; översikten visar dina egna enheter."
                    : "Enheten finns inte i din förvaltning och ignorerades.");
            }
        }
        IReadOnlyList<int>? unitIds = chosenUnit is { } c ? [c] : isPrincipal ? ownUnits : null;

        int? departmentId = null;
        var widened = false;
        if (request.Department is { } department)
        {
            if (departments.Any(d => d.Id == department))
            {
                departmentId = department;
            }
            else
            {
                problems.Add("Avdelningen finns inte i din förvaltning och ignorerades.");
            }
        }
        var defaultsToDepartment = OverviewScope.SeesOwnDepartmentFirst(user);
        if (request.AllDepartments)
        {
            widened = true;
        }
        else if (departmentId is null && defaultsToDepartment)
        {
            // An avdelningschef or tjänsteperson starts with their own department; "alla" widens to the förvaltning.
            departmentId = departments.Select(d => (int?)d.Id).FirstOrDefault(d => user.DepartmentIds.Contains(d!.Value));
        }

        int? unitDepartment = null;
        if (request.UnitDepartment is { } ud)
        {
            if (allDepartments.Any(d => d.Id == ud))
            {
                unitDepartment = ud;
            }
            else
            {
                problems.Add("Avdelningen finns inte i din förvaltning och ignorerades.");
            }
        }

        return new OverviewScope(
            user, org, plan is null ? null : new Option(plan.Id, plan.Name), round, rounds,
            goalId, request.NoGoal, departmentId, widened, unitIds, chosenUnit,
            plans.Select(p => new Option(p.Id, p.Name)).ToList(), goals, departments, units, problems, today)
        {
            UnitDepartmentId = unitDepartment, UnitsWithoutDepartment = unitDepartment is null && request.UnitsWithoutDepartment,
            AllDepartments = allDepartments.Select(d => new Option(d.Id, d.Name)).ToList(),
        };
    }
}
