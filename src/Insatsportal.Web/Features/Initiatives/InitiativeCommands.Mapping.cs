using Insatsportal.Web.Domain;

namespace Insatsportal.Web.Features.Initiatives;

/// <summary>Between the form and the insats: reading an insats into the form, and applying the form to it.</summary>
public sealed partial class InitiativeCommands
{
    public static InitiativeForm ToForm(Initiative i, DateTime loadedAtUtc) => new()
    {
        GoalId = i.GoalId, Number = i.Number, Title = i.Title,
        AlternativeTitles = string.Join("\n", i.AlternativeTitles),
        Background = i.Background, Purpose = i.Purpose, Objective = i.Objective, TargetGroup = i.TargetGroup,
        Content = i.Content, Status = i.Status, StartDate = i.StartDate, EndDate = i.EndDate, Origin = i.Origin,
        HasAssignmentDescription = i.HasAssignmentDescription switch { true => "ja", false => "nej", null => null },
        AssignmentDescriptionLocation = i.AssignmentDescriptionLocation,
        PartnerIds = i.Partners.Select(p => p.PartnerId).Order().ToList(),
        UnitIds = i.TargetedUnits.Select(u => u.UnitId).Order().ToList(),
        ThemeIds = i.Themes.Select(t => t.ThemeId).Order().ToList(),
        Responsible = i.Responsible.OrderBy(r => r.SortOrder).Select(r => new ResponsibleRow
        {
            RoleTitle = r.RoleTitle, UserId = r.UserId, DepartmentId = r.DepartmentId, GroupId = r.GroupId, Parts = r.Parts,
        }).ToList(),
        Activities = i.Activities.OrderBy(a => a.Number).Select(a => new ActivityRow { Text = a.Text, Timing = a.Timing }).ToList(),
        FollowUps = i.FollowUpPlan.OrderBy(f => f.SortOrder).Select(f => new FollowUpRow { RefersTo = f.RefersTo, Method = f.Method, Timing = f.Timing }).ToList(),
        Effects = i.ExpectedEffects.OrderBy(e => e.SortOrder).Select(e => new EffectRow
        {
            RefersTo = e.RefersTo, Text = e.Text, IndicatorName = e.IndicatorName, IndicatorUnit = e.IndicatorUnit,
            Baseline = e.IndicatorBaseline, Target = e.IndicatorTarget,
        }).ToList(),
        Resources = i.Resources.OrderBy(r => r.SortOrder).Select(r => new ResourceRow
        {
            RefersTo = r.RefersTo, Text = r.Text, AmountKronor = r.AmountKronor, Hours = r.Hours,
        }).ToList(),
        ConcurrencyToken = i.ConcurrencyToken,
        LoadedAt = loadedAtUtc.Ticks,
    };

    /// <summary>Applies the form to the insats, keeping the ids of rows that stay (updated in place by position).
    /// The Excel import (Features/PlanTransfer) writes through this too, so both normalise values alike.</summary>
    internal static void Apply(InitiativeForm form, Initiative i)
    {
        i.GoalId = form.GoalId;
        i.Number = Clean(form.Number);
        i.Title = form.Title!.Trim();
        i.AlternativeTitles = form.AlternativeTitleList.ToList();
        i.Background = Clean(form.Background);
        i.Purpose = Clean(form.Purpose);
        i.Objective = Clean(form.Objective);
        i.TargetGroup = Clean(form.TargetGroup);
        i.Content = Clean(form.Content);
        i.Status = form.Status!.Value;
        i.StartDate = form.StartDate;
        i.EndDate = form.EndDate;
        i.Origin = Clean(form.Origin);
        i.HasAssignmentDescription = form.AssignmentDescription;
        i.AssignmentDescriptionLocation = Clean(form.AssignmentDescriptionLocation);

        Sync(i.Responsible, form.Responsible, (e, r, n) =>
        {
            e.SortOrder = n + 1;
            e.RoleTitle = r.RoleTitle!.Trim();
            e.UserId = string.IsNullOrEmpty(r.UserId) ? null : r.UserId;
            e.DepartmentId = r.DepartmentId;
            e.GroupId = r.GroupId;
            e.Parts = PartReferences.Normalise(r.Parts);
        }, () => new ResponsibleEntry { RoleTitle = "" });
        Sync(i.Activities, form.Activities, (e, r, n) =>
        {
            e.Number = n + 1;
            e.Text = r.Text!.Trim();
            e.Timing = Clean(r.Timing);
        }, () => new Activity { Text = "" });
        Sync(i.FollowUpPlan, form.FollowUps, (e, r, n) =>
        {
            e.SortOrder = n + 1;
            e.RefersTo = PartReferences.Normalise(r.RefersTo);
            e.Method = r.Method!.Trim();
            e.Timing = Clean(r.Timing);
        }, () => new FollowUpPlanItem { Method = "" });
        Sync(i.ExpectedEffects, form.Effects, (e, r, n) =>
        {
            e.SortOrder = n + 1;
            e.RefersTo = PartReferences.Normalise(r.RefersTo);
            e.Text = r.Text!.Trim();
            e.IndicatorName = Clean(r.IndicatorName);
            e.IndicatorUnit = Clean(r.IndicatorUnit);
            e.IndicatorBaseline = r.Baseline;
            e.IndicatorTarget = r.Target;
        }, () => new ExpectedEffect { Text = "" });
        Sync(i.Resources, form.Resources, (e, r, n) =>
        {
            e.SortOrder = n + 1;
            e.RefersTo = PartReferences.Normalise(r.RefersTo);
            e.Text = r.Text!.Trim();
            e.AmountKronor = r.AmountKronor;
            e.Hours = r.Hours;
        }, () => new Resource { Text = "" });

        SyncLinks(i.Partners, form.PartnerIds, p => p.PartnerId, id => new InitiativePartner { PartnerId = id });
        SyncLinks(i.TargetedUnits, form.UnitIds, u => u.UnitId, id => new InitiativeUnit { UnitId = id });
        SyncLinks(i.Themes, form.ThemeIds, t => t.ThemeId, id => new InitiativeTheme { ThemeId = id });
    }

    private static void Sync<TEntity, TRow>(List<TEntity> entities, List<TRow> rows, Action<TEntity, TRow, int> set, Func<TEntity> create)
    {
        var ordered = entities.ToList();
        for (var n = 0; n < rows.Count; n++)
        {
            if (n >= ordered.Count)
            {
                var entity = create();
                entities.Add(entity);
                ordered.Add(entity);
            }
            set(ordered[n], rows[n], n);
        }
        foreach (var extra in ordered.Skip(rows.Count))
        {
            entities.Remove(extra);
        }
    }

    private static void SyncLinks<T>(List<T> links, List<int> ids, Func<T, int> idOf, Func<int, T> create)
    {
        var wanted = ids.Distinct().ToHashSet();
        links.RemoveAll(l => !wanted.Contains(idOf(l)));
        links.AddRange(wanted.Where(id => links.All(l => idOf(l) != id)).Select(create));
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
