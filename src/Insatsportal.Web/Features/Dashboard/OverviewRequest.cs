using System.Globalization;

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
            problems.Add($"{label} ”{Shared.QueryValues.Shorten(raw)}” finns inte och ignorerades.");
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
