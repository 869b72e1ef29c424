using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Data.Seeding;

/// <summary>The real plans (seeds/plans): each plan, its themes, goals and insatser, by natural key.</summary>
public sealed partial class Seeder
{
    private async Task SeedPlansAsync(CancellationToken ct)
    {
        foreach (var seed in Read<PlanSeed>("plans"))
        {
            var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Key == seed.Organisation, ct)
                ?? throw new InvalidOperationException($"Seed plan {seed.Key}: unknown organisation {seed.Organisation}.");
            var plan = await db.Plans.SingleOrDefaultAsync(p => p.Key == seed.Key, ct);
            if (plan is null)
            {
                plan = new Plan
                {
                    Organisation = organisation, Key = seed.Key, Name = seed.Name, Kind = seed.Kind,
                    PeriodStart = seed.PeriodStart, PeriodEnd = seed.PeriodEnd, Status = seed.Status,
                    AdoptedBy = seed.AdoptedBy, AdoptedOn = seed.AdoptedOn, Description = seed.Description,
                    Source = seed.Source,
                    FollowUpOccasions = (seed.FollowUpOccasions ?? []).Select((o, i) => new FollowUpOccasion
                    {
                        SortOrder = i + 1, Kind = o.Kind, Name = o.Name, Timing = o.Timing,
                    }).ToList(),
                };
                db.Plans.Add(plan);
                logger.LogInformation("Seeding plan {PlanKey}", seed.Key);
            }
            await AddMissingPlanContentAsync(plan, organisation, seed, ct);
        }
    }

    private async Task AddMissingPlanContentAsync(Plan plan, Organisation organisation, PlanSeed seed, CancellationToken ct)
    {
        var themes = plan.Id == 0 ? [] : await db.Themes.Where(t => t.PlanId == plan.Id).ToDictionaryAsync(t => t.Key, ct);
        foreach (var (t, i) in (seed.Themes ?? []).Select((t, i) => (t, i)).Where(x => !themes.ContainsKey(x.t.Key)))
        {
            themes[t.Key] = db.Themes.Add(new Theme
            {
                Plan = plan, Key = t.Key, SortOrder = i + 1, Kind = t.Kind, Code = t.Code, Name = t.Name,
            }).Entity;
        }

        var groups = await db.Groups.Where(g => g.OrganisationId == organisation.Id).ToDictionaryAsync(g => g.Key, ct);
        var goals = plan.Id == 0 ? [] : await db.Goals.Where(g => g.PlanId == plan.Id).ToDictionaryAsync(g => g.Key, ct);
        foreach (var (g, i) in (seed.Goals ?? []).Select((g, i) => (g, i)).Where(x => !goals.ContainsKey(x.g.Key)))
        {
            goals[g.Key] = db.Goals.Add(new Goal
            {
                Plan = plan, Key = g.Key, SortOrder = i + 1, Title = g.Title, ShortName = g.ShortName,
                Description = g.Description,
                SteeringGroup = g.SteeringGroup is null ? null : Lookup(groups, g.SteeringGroup, "group", seed.Key),
            }).Entity;
        }

        var departments = await db.Departments.Where(d => d.OrganisationId == organisation.Id).ToDictionaryAsync(d => d.Key, ct);
        var partners = await db.Partners.Where(p => p.OrganisationId == organisation.Id).ToDictionaryAsync(p => p.Key, ct);
        var units = await db.Units.Where(u => u.OrganisationId == organisation.Id).ToDictionaryAsync(u => u.Key, ct);
        var existing = plan.Id == 0 ? [] : await db.Initiatives.Where(x => x.PlanId == plan.Id).Select(x => x.Key).ToHashSetAsync(ct);

        // Order is per goal (övergripande insatser, with no goal, are ordered among themselves).
        var order = new Dictionary<string, int>();
        foreach (var s in seed.Initiatives ?? [])
        {
            var slot = s.Goal ?? "";
            order[slot] = order.GetValueOrDefault(slot) + 1;
            if (existing.Contains(s.Key))
            {
                continue;
            }
            db.Initiatives.Add(new Initiative
            {
                Plan = plan,
                Goal = s.Goal is null ? null : Lookup(goals, s.Goal, "goal", seed.Key),
                Key = s.Key, SortOrder = order[slot], Number = s.Number, Title = s.Title,
                AlternativeTitles = s.AlternativeTitles ?? [],
                Background = s.Background, Purpose = s.Purpose, Objective = s.Objective, TargetGroup = s.TargetGroup,
                Content = s.Content, Status = s.Status, StartDate = s.Start, EndDate = s.End, Origin = s.Origin,
                HasAssignmentDescription = s.HasAssignmentDescription,
                AssignmentDescriptionLocation = s.AssignmentDescriptionLocation,
                Themes = (s.Themes ?? []).Select(k => new InitiativeTheme { Theme = Lookup(themes, k, "theme", seed.Key) }).ToList(),
                Partners = (s.Partners ?? []).Select(k => new InitiativePartner { Partner = Lookup(partners, k, "partner", seed.Key) }).ToList(),
                TargetedUnits = (s.TargetedUnits ?? []).Select(k => new InitiativeUnit { Unit = Lookup(units, k, "unit", seed.Key) }).ToList(),
                Responsible = (s.Responsible ?? []).Select((r, i) => new ResponsibleEntry
                {
                    SortOrder = i + 1, RoleTitle = r.RoleTitle, Parts = r.Parts,
                    Department = r.Department is null ? null : Lookup(departments, r.Department, "department", seed.Key),
                    Group = r.Group is null ? null : Lookup(groups, r.Group, "group", seed.Key),
                }).ToList(),
                Activities = (s.Activities ?? []).Select(a => new Activity { Number = a.Number, Text = a.Text, Timing = a.Timing }).ToList(),
                FollowUpPlan = (s.FollowUps ?? []).Select((f, i) => new FollowUpPlanItem
                {
                    SortOrder = i + 1, RefersTo = f.RefersTo, Method = f.Method, Timing = f.Timing,
                }).ToList(),
                ExpectedEffects = (s.Effects ?? []).Select((e, i) => new ExpectedEffect
                {
                    SortOrder = i + 1, RefersTo = e.RefersTo, Text = e.Text,
                    IndicatorName = e.Indicator?.Name, IndicatorUnit = e.Indicator?.Unit,
                    IndicatorBaseline = e.Indicator?.Baseline, IndicatorTarget = e.Indicator?.Target,
                }).ToList(),
                Resources = (s.Resources ?? []).Select((r, i) => new Resource
                {
                    SortOrder = i + 1, RefersTo = r.RefersTo, Text = r.Text, AmountKronor = r.AmountKronor, Hours = r.Hours,
                }).ToList(),
                Notes = (s.Notes ?? []).Select(n => new FollowUpNote { Date = n.Date, Title = n.Title, Text = n.Text }).ToList(),
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
