using System.Linq.Expressions;
using Insatsportal.Web.Domain;

namespace Insatsportal.Web.Authorization;

/// <summary>
/// What a user may read, as query filters so that lists and counts are filtered in SQL. Municipalities work
/// openly: every signed-in user reads adopted and closed plans. Drafts are read by the planners of the
/// förvaltning that owns them, and by a rektor for insatser that target their school.
/// </summary>
public static class ReadAccess
{
    public static Expression<Func<Plan, bool>> Plans(UserScope user)
    {
        var planner = user.IsPlanner;
        var org = user.OrganisationId;
        return p => p.Status != PlanStatus.Draft || (planner && p.OrganisationId == org);
    }

    public static Expression<Func<Initiative, bool>> Initiatives(UserScope user)
    {
        var planner = user.IsPlanner;
        var org = user.OrganisationId;
        var units = user.UnitIds.ToList();
        var id = user.UserId;
        return i => i.Plan.Status != PlanStatus.Draft
            || (planner && i.Plan.OrganisationId == org)
            || i.TargetedUnits.Any(t => units.Contains(t.UnitId))
            || i.Responsible.Any(r => r.UserId == id);
    }
}
