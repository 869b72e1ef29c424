using Insatsportal.Web.Domain;

namespace Insatsportal.Web.Data.Scale;

public sealed partial class ScaleDataGenerator
{
    /// <summary>The plans' shares of the insatser: a few large plans and many smaller ones, as in a real förvaltning.</summary>
    private static readonly int[] PlanWeights = [24, 16, 12, 10, 8, 8, 7, 6, 5, 4];

    private sealed record GeneratedInitiative(int Id, int Activities, int Effects, int[] Units, int? DepartmentId);

    private sealed record GeneratedPlan(int Id, string Name, List<GeneratedInitiative> Initiatives, int HistoryRows);

    private async Task<List<GeneratedPlan>> AddPlansAsync(int organisationId, OrganisationData org, ScaleProfile profile, CancellationToken ct)
    {
        var weights = Enumerable.Range(0, profile.Plans).Select(p => PlanWeights[Math.Min(p, PlanWeights.Length - 1)]).ToArray();
        var sizes = weights.Select(w => profile.Initiatives * w / weights.Sum()).ToArray();
        sizes[0] += profile.Initiatives - sizes.Sum();
        var plans = new List<GeneratedPlan>();
        for (var p = 0; p < profile.Plans; p++)
        {
            plans.Add(await AddPlanAsync(organisationId, org, p, sizes[p], profile, ct));
        }
        return plans;
    }

    private async Task<GeneratedPlan> AddPlanAsync(
        int organisationId, OrganisationData org, int index, int size, ScaleProfile profile, CancellationToken ct)
    {
        var startYear = 2026 - index % 4;
        var plan = new Plan
        {
            OrganisationId = organisationId, Key = $"{KeyPrefix}plan-{index + 1}",
            Name = $"{PlanNames[index % PlanNames.Length]} {startYear}–{startYear + 2}",
            Kind = index % 3 == 2 ? PlanKind.OperationalPlan : PlanKind.DevelopmentPlan,
            PeriodStart = new DateOnly(startYear, 1, 1), PeriodEnd = new DateOnly(startYear + 2, 12, 31),
            // The big plans are in force; a few are closed or still drafts, as in a real förvaltning.
            Status = index == profile.Plans - 1 && index > 1 ? PlanStatus.Draft : index >= 7 ? PlanStatus.Closed : PlanStatus.Adopted,
            AdoptedBy = "Barn- och ungdomsnämnden", AdoptedOn = new DateOnly(startYear - 1, 12, 10),
            Description = "Genererad plan för mätning i Stockholmsskala.",
            Source = "Skaldata (genererad)",
            FollowUpOccasions =
            [
                new FollowUpOccasion { SortOrder = 1, Kind = FollowUpOccasionKind.InterimReport, Name = "Delårsrapport", Timing = "augusti" },
                new FollowUpOccasion { SortOrder = 2, Kind = FollowUpOccasionKind.AnnualReport, Name = "Verksamhetsberättelse", Timing = "februari" },
                new FollowUpOccasion { SortOrder = 3, Kind = FollowUpOccasionKind.StatusAssessment, Name = "Lägesbedömning", Timing = "oktober" },
            ],
            Themes = Themes.Select((t, i) => new Theme { Key = $"tema-{i + 1}", SortOrder = i + 1, Kind = ThemeKind.PriorityArea, Name = t }).ToList(),
            Goals = Enumerable.Range(0, profile.Goals).Select(i =>
            {
                var (title, shortName) = GoalTitles[i % GoalTitles.Length];
                var suffix = i < GoalTitles.Length ? "" : $" ({i / GoalTitles.Length + 1})";
                return new Goal
                {
                    Key = $"mal-{i + 1}", SortOrder = i + 1, Title = title + suffix, ShortName = shortName + suffix,
                    Description = "Nämndens mål för perioden.",
                };
            }).ToList(),
        };
        db.Plans.Add(plan);
        await SaveAndForgetAsync(ct);
        var goals = plan.Goals.Select(g => g.Id).ToArray();
        var themes = plan.Themes.Select(t => t.Id).ToArray();

        var generated = new List<GeneratedInitiative>();
        var history = 0;
        var pending = new List<(Initiative Entity, int Units)>();
        for (var n = 0; n < size; n++)
        {
            var initiative = NewInitiative(plan, goals, themes, org, n, profile);
            db.Initiatives.Add(initiative);
            pending.Add((initiative, initiative.TargetedUnits.Count));
            if (pending.Count == BatchSize || n == size - 1)
            {
                await SaveAndForgetAsync(ct);
                foreach (var (entity, _) in pending)
                {
                    history += AddHistory(entity, org);
                    generated.Add(new GeneratedInitiative(entity.Id, entity.Activities.Count, entity.ExpectedEffects.Count,
                        entity.TargetedUnits.Select(u => u.UnitId).ToArray(), entity.Responsible.Select(r => r.DepartmentId).FirstOrDefault(d => d != null)));
                }
                await SaveAndForgetAsync(ct);
                pending.Clear();
            }
        }
        return new GeneratedPlan(plan.Id, plan.Name, generated, history);
    }

    private Initiative NewInitiative(Plan plan, int[] goals, int[] themes, OrganisationData org, int n, ScaleProfile profile)
    {
        var topic = Pick(Topics);
        var goalIndex = n % 17 == 16 ? (int?)null : n % goals.Length; // about one in seventeen is övergripande
        var status = _random.Next(100) switch
        {
            < 15 => InitiativeStatus.Planned,
            < 75 => InitiativeStatus.Ongoing,
            < 90 => InitiativeStatus.Completed,
            < 96 => InitiativeStatus.Paused,
            _ => InitiativeStatus.Cancelled,
        };
        var department = Pick(org.Departments);
        var initiative = new Initiative
        {
            PlanId = plan.Id, GoalId = goalIndex is null ? null : goals[goalIndex.Value], Key = $"insats-{n + 1}",
            SortOrder = n + 1, Number = goalIndex is null ? null : $"{goalIndex + 1}.{n / goals.Length + 1}",
            Title = $"{topic.Title} {Pick(Verbs)} ({Pick(Places)})",
            Background = $"{topic.Background} Genomgången {plan.PeriodStart.Year - 1} visade behov inom {topic.Area}.",
            Purpose = $"Att stärka {topic.Area} för barn och elever.",
            Status = status,
            StartDate = plan.PeriodStart.AddMonths(_random.Next(12)),
            EndDate = plan.PeriodEnd.AddMonths(-_random.Next(6)),
            Origin = Pick(Origins),
            HasAssignmentDescription = _random.Next(3) == 0,
            Responsible =
            [
                new ResponsibleEntry { SortOrder = 1, RoleTitle = $"Avdelningschef {department.Name}", DepartmentId = department.Id },
                .. _random.Next(3) == 0
                    ? [new ResponsibleEntry { SortOrder = 2, RoleTitle = "Utvecklingsledare", UserId = Pick(org.Officials).Id }]
                    : Array.Empty<ResponsibleEntry>(),
            ],
            Activities = Enumerable.Range(1, 2 + _random.Next(5)).Select(a => new Activity
            {
                Number = a, Text = $"{Pick(ActivityTexts)} inom {topic.Area}", Timing = Pick(Timings),
            }).ToList(),
            FollowUpPlan = [new FollowUpPlanItem { SortOrder = 1, Method = Pick(FollowUpMethods), Timing = Pick(Timings) }],
            ExpectedEffects = Enumerable.Range(1, 1 + _random.Next(3)).Select(e => new ExpectedEffect
            {
                SortOrder = e, Text = $"{Pick(EffectTexts)} i {topic.Area}.",
                IndicatorName = e == 1 ? topic.Indicator : null, IndicatorUnit = e == 1 ? "%" : null,
                IndicatorBaseline = e == 1 ? 60 + _random.Next(20) : null, IndicatorTarget = e == 1 ? 85 : null,
            }).ToList(),
            Resources = [new Resource { SortOrder = 1, Text = "Inom befintlig ram", AmountKronor = _random.Next(3) == 0 ? 50_000 * (1 + _random.Next(20)) : null }],
            Themes = [new InitiativeTheme { ThemeId = themes[n % themes.Length] }],
            TargetedUnits = TargetUnits(org, department.Id, profile).Select(u => new InitiativeUnit { UnitId = u }).ToList(),
        };
        if (status is InitiativeStatus.Completed or InitiativeStatus.Cancelled && _random.Next(10) == 0)
        {
            initiative.IsArchived = true;
            initiative.ArchivedAt = Now;
            initiative.ArchivedReason = "Avslutad och arkiverad";
        }
        return initiative;
    }

    /// <summary>Most insatser target a few units of their own department, some none, a few every unit.</summary>
    private IEnumerable<int> TargetUnits(OrganisationData org, int departmentId, ScaleProfile profile)
    {
        var roll = _random.Next(1000);
        if (roll < profile.TargetAllPerThousand)
        {
            return org.Units.Select(u => u.Id);
        }
        if (roll < 250)
        {
            return [];
        }
        var own = org.Units.Where(u => u.DepartmentId == departmentId).Select(u => u.Id).ToList();
        var pool = own.Count >= 6 ? own : org.Units.Select(u => u.Id).ToList();
        return Enumerable.Range(0, 1 + _random.Next(6)).Select(_ => Pick(pool)).Distinct();
    }

    /// <summary>The history an insats gets when it is created and edited through the form: a created row and changed fields.</summary>
    private int AddHistory(Initiative initiative, OrganisationData org)
    {
        var (userId, userName) = Pick(org.Officials);
        var at = Now.AddDays(-_random.Next(400));
        var rows = new List<ChangeLogEntry>
        {
            new() { EntityType = HistoryEntityTypes.Initiative, EntityId = initiative.Id, Action = ChangeAction.Created, At = at, UserId = userId, UserName = userName },
            Field(initiative.Id, at, userId, userName, "Titel", null, initiative.Title),
            Field(initiative.Id, at, userId, userName, "Status", null, initiative.Status.ToString()),
            Field(initiative.Id, at, userId, userName, "Bakgrund", null, initiative.Background),
        };
        foreach (var a in initiative.Activities.Take(4))
        {
            rows.Add(Field(initiative.Id, at, userId, userName, $"Aktivitet {a.Number}", null, a.Text));
        }
        for (var e = _random.Next(5); e > 0; e--)
        {
            at = at.AddDays(1 + _random.Next(30));
            rows.Add(Field(initiative.Id, at, userId, userName, "Status", "Planerad", "Pågående"));
        }
        db.ChangeLog.AddRange(rows);
        return rows.Count;
    }

    private static ChangeLogEntry Field(int id, DateTime at, string? userId, string userName, string field, string? old, string? value) => new()
    {
        EntityType = HistoryEntityTypes.Initiative, EntityId = id, Action = ChangeAction.Updated, At = at,
        UserId = userId, UserName = userName, Field = field, OldValue = old, NewValue = value,
    };
}
