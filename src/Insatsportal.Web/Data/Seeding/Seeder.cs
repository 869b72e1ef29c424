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
public sealed partial class Seeder(
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
