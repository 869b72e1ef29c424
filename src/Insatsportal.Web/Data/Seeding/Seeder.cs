using System.Text.Json;
using System.Text.Json.Serialization;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Data.Seeding;

public sealed class SeedingOptions
{
    public const string Section = "Seeding";

    /// <summary>Seed the real plans from seeds/organisations and seeds/plans.</summary>
    public bool Plans { get; set; }

    /// <summary>Seed demo schools, demo accounts and demo targeting from seeds/demo (never in production).</summary>
    public bool Demo { get; set; }

    /// <summary>The demo accounts' password; required when Demo is on. Comes from configuration only.</summary>
    public string? DemoPassword { get; set; }

    /// <summary>Folder holding the seed JSON; defaults to seeds/ next to the app.</summary>
    public string? Path { get; set; }
}

/// <summary>
/// Inserts what the seed files hold and the database lacks, matched by natural key at every level. It never
/// updates or removes an existing row, so a second start adds nothing and keeps every change a user made.
/// </summary>
public sealed class Seeder(
    AppDbContext db,
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    DemoRoundsSeeder demoRounds,
    Features.Kolada.KoladaSeeder kolada,
    Microsoft.Extensions.Options.IOptions<SeedingOptions> options,
    ILogger<Seeder> logger)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private readonly SeedingOptions _options = options.Value;

    private string Folder => _options.Path ?? System.IO.Path.Combine(AppContext.BaseDirectory, "seeds");

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        await EnsureRolesAsync();
        if (_options.Plans || _options.Demo)
        {
            await SeedOrganisationsAsync(cancellationToken);
        }
        if (_options.Demo)
        {
            await SeedDemoUnitsAsync(cancellationToken);
        }
        if (_options.Plans)
        {
            await SeedPlansAsync(cancellationToken);
        }
        if (_options.Demo)
        {
            await SeedDemoTargetingAsync(cancellationToken);
            await SeedDemoUsersAsync(cancellationToken);
            await demoRounds.SeedAsync(Folder, cancellationToken);
            await kolada.SeedAsync(Folder, cancellationToken);
        }
    }

    private async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");
            }
        }
    }

    private async Task SeedOrganisationsAsync(CancellationToken ct)
    {
        // Several files may describe one organisation (each document adds the partners it names).
        var seeds = Read<OrganisationSeed>("organisations").GroupBy(s => s.Key);
        foreach (var files in seeds)
        {
            var first = files.First();
            var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Key == first.Key, ct);
            if (organisation is null)
            {
                organisation = new Organisation
                {
                    Key = first.Key, Name = first.Name, Municipality = first.Municipality, BoardName = first.Board,
                };
                db.Organisations.Add(organisation);
                await db.SaveChangesAsync(ct);
            }

            foreach (var seed in files)
            {
                await AddMissingAsync(organisation, seed, ct);
            }
        }
    }

    private async Task AddMissingAsync(Organisation organisation, OrganisationSeed seed, CancellationToken ct)
    {
        await AddMissingDepartmentsAsync(organisation, seed.Departments, ct);
        await AddMissingUnitsAsync(organisation, seed.SchoolAreas, seed.Units, ct);

        var partners = await db.Partners.Where(p => p.OrganisationId == organisation.Id)
            .Select(p => p.Key).ToHashSetAsync(ct);
        foreach (var p in (seed.Partners ?? []).Where(p => !partners.Contains(p.Key)))
        {
            db.Partners.Add(new Partner { Organisation = organisation, Key = p.Key, Name = p.Name, Kind = p.Kind });
        }

        var groups = await db.Groups.Where(g => g.OrganisationId == organisation.Id).ToDictionaryAsync(g => g.Key, ct);
        var added = new List<(Group Group, string? ReportsTo)>();
        foreach (var g in (seed.Groups ?? []).Where(g => !groups.ContainsKey(g.Key)))
        {
            var group = new Group
            {
                Organisation = organisation, Key = g.Key, Kind = g.Kind, Name = g.Name, Assignment = g.Assignment,
            };
            groups[g.Key] = db.Groups.Add(group).Entity;
            added.Add((group, g.ReportsTo));
        }
        foreach (var (group, reportsTo) in added.Where(a => a.ReportsTo is not null))
        {
            group.ReportsTo = Lookup(groups, reportsTo!, "group", seed.Key);
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task AddMissingDepartmentsAsync(Organisation organisation, List<KeyedNameSeed>? seeds, CancellationToken ct)
    {
        var departments = await db.Departments.Where(d => d.OrganisationId == organisation.Id)
            .Select(d => d.Key).ToHashSetAsync(ct);
        foreach (var d in (seeds ?? []).Where(d => !departments.Contains(d.Key)))
        {
            db.Departments.Add(new Department { Organisation = organisation, Key = d.Key, Name = d.Name });
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task AddMissingUnitsAsync(
        Organisation organisation, List<SchoolAreaSeed>? areaSeeds, List<UnitSeed>? unitSeeds, CancellationToken ct)
    {
        var departments = await db.Departments.Where(d => d.OrganisationId == organisation.Id)
            .ToDictionaryAsync(d => d.Key, ct);
        var areas = await db.SchoolAreas.Where(a => a.OrganisationId == organisation.Id).ToDictionaryAsync(a => a.Key, ct);
        foreach (var a in (areaSeeds ?? []).Where(a => !areas.ContainsKey(a.Key)))
        {
            areas[a.Key] = db.SchoolAreas.Add(new SchoolArea
            {
                Organisation = organisation, Key = a.Key, Name = a.Name,
                Department = a.Department is null ? null : Lookup(departments, a.Department, "department", organisation.Key),
            }).Entity;
        }

        var units = await db.Units.Where(u => u.OrganisationId == organisation.Id).Select(u => u.Key).ToHashSetAsync(ct);
        foreach (var u in (unitSeeds ?? []).Where(u => !units.Contains(u.Key)))
        {
            db.Units.Add(new Unit
            {
                Organisation = organisation, Key = u.Key, Name = u.Name, Type = u.Type, SchoolUnitCode = u.SchoolUnitCode,
                Department = u.Department is null ? null : Lookup(departments, u.Department, "department", organisation.Key),
                SchoolArea = u.SchoolArea is null ? null : Lookup(areas, u.SchoolArea, "school area", organisation.Key),
            });
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task SeedDemoUnitsAsync(CancellationToken ct)
    {
        foreach (var seed in Read<List<DemoUnitsSeed>>("demo", "units.json").SelectMany(x => x))
        {
            var organisation = await db.Organisations.SingleAsync(o => o.Key == seed.Organisation, ct);
            // Departments the source documents do not name (the schools' own avdelningar) are demo data too.
            await AddMissingDepartmentsAsync(organisation, seed.Departments, ct);
            await AddMissingUnitsAsync(organisation, seed.SchoolAreas, seed.Units, ct);
        }
    }

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

    private async Task SeedDemoTargetingAsync(CancellationToken ct)
    {
        foreach (var seed in Read<List<DemoTargetingSeed>>("demo", "targeting.json").SelectMany(x => x))
        {
            var initiative = await db.Initiatives.Include(i => i.TargetedUnits)
                .SingleOrDefaultAsync(i => i.Plan.Key == seed.Plan && i.Key == seed.Initiative, ct);
            if (initiative is null)
            {
                continue; // The plan is not seeded in this configuration.
            }
            var organisationId = await db.Plans.Where(p => p.Key == seed.Plan).Select(p => p.OrganisationId).SingleAsync(ct);
            var units = await db.Units.Where(u => u.OrganisationId == organisationId && seed.Units.Contains(u.Key))
                .ToListAsync(ct);
            foreach (var unit in units.Where(u => initiative.TargetedUnits.All(t => t.UnitId != u.Id)))
            {
                initiative.TargetedUnits.Add(new InitiativeUnit { UnitId = unit.Id });
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task SeedDemoUsersAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(_options.DemoPassword))
        {
            throw new InvalidOperationException(
                "Seeding:Demo is on but Seeding:DemoPassword is not set (see appsettings.Development.json).");
        }
        foreach (var seed in Read<List<DemoUserSeed>>("demo", "users.json").SelectMany(x => x))
        {
            if (await users.FindByEmailAsync(seed.Email) is not null)
            {
                continue;
            }
            var organisation = await db.Organisations.SingleAsync(o => o.Key == seed.Organisation, ct);
            var departmentIds = await db.Departments
                .Where(d => d.OrganisationId == organisation.Id && (seed.Departments ?? new()).Contains(d.Key))
                .Select(d => d.Id).ToListAsync(ct);
            var unitIds = await db.Units
                .Where(u => u.OrganisationId == organisation.Id && (seed.Units ?? new()).Contains(u.Key))
                .Select(u => u.Id).ToListAsync(ct);
            var user = new AppUser
            {
                UserName = seed.Email, Email = seed.Email, EmailConfirmed = true, DisplayName = seed.DisplayName,
                Title = seed.Title, OrganisationId = organisation.Id,
            };
            user.Departments.AddRange(departmentIds.Select(id => new UserDepartment { UserId = user.Id, DepartmentId = id }));
            user.Units.AddRange(unitIds.Select(id => new UserUnit { UserId = user.Id, UnitId = id }));
            Check(await users.CreateAsync(user, _options.DemoPassword), $"demo user {seed.Email}");
            Check(await users.AddToRoleAsync(user, seed.Role), $"role of demo user {seed.Email}");
        }
    }

    private IEnumerable<T> Read<T>(string folder, string? file = null)
    {
        var path = System.IO.Path.Combine(Folder, folder);
        var files = file is null
            ? (Directory.Exists(path) ? Directory.GetFiles(path, "*.json").Order(StringComparer.Ordinal).ToArray() : [])
            : new[] { System.IO.Path.Combine(path, file) };
        foreach (var f in files.Where(File.Exists))
        {
            T? value;
            try
            {
                value = JsonSerializer.Deserialize<T>(File.ReadAllText(f), Json);
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"Seed file {f} is not valid: {e.Message}", e);
            }
            yield return value ?? throw new InvalidOperationException($"Seed file {f} is empty.");
        }
    }

    private static TValue Lookup<TValue>(Dictionary<string, TValue> map, string key, string what, string where) =>
        map.TryGetValue(key, out var value)
            ? value
            : throw new InvalidOperationException($"Seed {where}: unknown {what} '{key}'.");

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Could not create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
