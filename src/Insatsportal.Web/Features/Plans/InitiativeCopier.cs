using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Shared;

namespace Insatsportal.Web.Features.Plans;

/// <summary>Copies an insats with all its rows into another plan, for carrying unfinished work into a new period.</summary>
public static class InitiativeCopier
{
    /// <summary>
    /// Adds a full copy of <paramref name="source"/> (loaded with its rows) to <paramref name="target"/>, under
    /// <paramref name="goal"/>, tagged with the target's themes that <paramref name="themeMap"/> maps the source's
    /// theme ids to. Follow-up notes are not copied: they are the old period's history and stay with the source.
    /// </summary>
    public static Initiative CopyInto(Initiative source, Plan target, Goal? goal, Dictionary<int, Theme> themeMap)
    {
        var copy = new Initiative
        {
            Plan = target,
            Goal = goal,
            Key = Keys.Unique(source.Title, target.Initiatives.Select(i => i.Key).ToHashSet()),
            SortOrder = source.SortOrder,
            Number = source.Number,
            Title = source.Title,
            AlternativeTitles = [.. source.AlternativeTitles],
            Background = source.Background,
            Purpose = source.Purpose,
            Objective = source.Objective,
            TargetGroup = source.TargetGroup,
            Content = source.Content,
            Status = source.Status,
            StartDate = source.StartDate,
            EndDate = source.EndDate,
            Origin = source.Origin,
            HasAssignmentDescription = source.HasAssignmentDescription,
            AssignmentDescriptionLocation = source.AssignmentDescriptionLocation,
            CopiedFromId = source.Id,
            Responsible = source.Responsible.OrderBy(r => r.SortOrder).Select(r => new ResponsibleEntry
            {
                SortOrder = r.SortOrder, RoleTitle = r.RoleTitle, UserId = r.UserId, DepartmentId = r.DepartmentId,
                GroupId = r.GroupId, Parts = r.Parts,
            }).ToList(),
            Activities = source.Activities.OrderBy(a => a.Number)
                .Select(a => new Activity { Number = a.Number, Text = a.Text, Timing = a.Timing }).ToList(),
            FollowUpPlan = source.FollowUpPlan.OrderBy(f => f.SortOrder).Select(f => new FollowUpPlanItem
            {
                SortOrder = f.SortOrder, RefersTo = f.RefersTo, Method = f.Method, Timing = f.Timing,
            }).ToList(),
            ExpectedEffects = source.ExpectedEffects.OrderBy(e => e.SortOrder).Select(e => new ExpectedEffect
            {
                SortOrder = e.SortOrder, RefersTo = e.RefersTo, Text = e.Text, IndicatorName = e.IndicatorName,
                IndicatorUnit = e.IndicatorUnit, IndicatorBaseline = e.IndicatorBaseline, IndicatorTarget = e.IndicatorTarget,
            }).ToList(),
            Resources = source.Resources.OrderBy(r => r.SortOrder).Select(r => new Resource
            {
                SortOrder = r.SortOrder, RefersTo = r.RefersTo, Text = r.Text, AmountKronor = r.AmountKronor, Hours = r.Hours,
            }).ToList(),
            Partners = source.Partners.Select(p => new InitiativePartner { PartnerId = p.PartnerId }).ToList(),
            TargetedUnits = source.TargetedUnits.Select(u => new InitiativeUnit { UnitId = u.UnitId }).ToList(),
            Themes = source.Themes.Where(t => themeMap.ContainsKey(t.ThemeId))
                .Select(t => new InitiativeTheme { Theme = themeMap[t.ThemeId] }).ToList(),
        };
        target.Initiatives.Add(copy);
        return copy;
    }
}
