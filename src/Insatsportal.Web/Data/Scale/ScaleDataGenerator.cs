using System.Diagnostics;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Data.Scale;

/// <summary>
/// Writes a deterministic data set the size of a large municipality's school administration into the demo
/// förvaltning, so that every page can be measured at the scale it must serve (docs/performance.md). The same
/// seed gives the same data on every run. It refuses a database that holds anything but the seeded plans, so it
/// can never mix invented insatser into real ones.
/// </summary>
public sealed partial class ScaleDataGenerator(AppDbContext db, TimeProvider clock, ILogger<ScaleDataGenerator> logger)
{
    public const string DemoOrganisationKey = "halmstad-buf";

    /// <summary>Keys of everything generated start with this, so a second run and the refusal can recognise it.</summary>
    public const string KeyPrefix = "skala-";

    private const int Seed = 20261202;
    private const int BatchSize = 500;

    private Random _random = new(Seed);

    public async Task<ScaleDataSummary> GenerateAsync(ScaleProfile profile, CancellationToken ct = default)
    {
        var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Key == DemoOrganisationKey, ct)
            ?? throw new ScaleDataException(
                $"Förvaltningen {DemoOrganisationKey} finns inte. Starta med plan- och demoseedning på (Seeding:Plans och Seeding:Demo).");
        await RefuseUnlessOnlySeededAsync(ct);

        // Change tracking is the cost of a bulk insert: entities are added, saved in batches and forgotten. One
        // transaction: a run that fails half-way leaves the database as it was, never half a data set.
        // SQL Server's retrying strategy wants the transaction inside it; a retry starts the same data set over.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(() => GenerateInTransactionAsync(organisation.Id, profile, ct));
    }

    private async Task<ScaleDataSummary> GenerateInTransactionAsync(int organisationId, ScaleProfile profile, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        _random = new Random(Seed);
        db.ChangeTracker.Clear();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var org = await AddOrganisationAsync(organisationId, profile, ct);
        logger.LogInformation("Scale data: {Departments} departments, {Units} units, {Users} users", org.NewDepartments, org.NewUnits, org.NewUsers);
        var plans = await AddPlansAsync(organisationId, org, profile, ct);
        logger.LogInformation("Scale data: {Plans} plans with {Initiatives} insatser", plans.Count, plans.Sum(p => p.Initiatives.Count));
        var rounds = await AddRoundsAsync(plans, org, profile, ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = true;

        var summary = new ScaleDataSummary(
            org.NewDepartments, org.NewUnits, org.NewUsers, plans.Count, plans.Sum(p => p.Initiatives.Count),
            plans.Sum(p => p.Initiatives.Sum(i => i.Activities)), plans.Sum(p => p.Initiatives.Sum(i => i.Units.Length)),
            rounds.Rounds, rounds.Reports, rounds.Activities, rounds.Effects, rounds.Transitions,
            plans.Sum(p => p.HistoryRows), watch.Elapsed);
        logger.LogInformation("Scale data written: {Summary}", summary);
        return summary;
    }

    /// <summary>Only the plans of seeds/plans may be there (with whatever their demo rounds added), and nothing generated.</summary>
    private async Task RefuseUnlessOnlySeededAsync(CancellationToken ct)
    {
        var seeded = SeededPlanKeys();
        var keys = await db.Plans.Select(p => p.Key).ToListAsync(ct);
        var foreign = keys.Where(k => !seeded.Contains(k)).ToList();
        if (foreign.Count > 0)
        {
            throw new ScaleDataException(
                $"Databasen innehåller annat än de seedade planerna ({string.Join(", ", foreign.Take(3))}{(foreign.Count > 3 ? " …" : "")}). " +
                "Skaldata skrivs bara till en ny databas.");
        }
        if (await db.Units.AnyAsync(u => u.Key.StartsWith(KeyPrefix), ct) || await db.Users.AnyAsync(u => u.Email!.StartsWith(KeyPrefix), ct))
        {
            throw new ScaleDataException("Databasen har redan skaldata. Skaldata skrivs bara till en ny databas.");
        }
    }

    private static HashSet<string> SeededPlanKeys()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "seeds", "plans");
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).ToHashSet()
            : [];
    }

    private async Task SaveAndForgetAsync(CancellationToken ct)
    {
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The förvaltning as the generator sees it: its departments, units and people to name.</summary>
    private sealed record OrganisationData(
        int NewDepartments, int NewUnits, int NewUsers,
        List<(int Id, string Name)> Departments, List<(int Id, int? DepartmentId)> Units,
        Dictionary<int, (string Id, string Name)> RektorByUnit, List<(string Id, string Name)> Officials, List<(string Id, string Name)> Heads,
        (string Id, string Name) Director);

    private async Task<OrganisationData> AddOrganisationAsync(int organisationId, ScaleProfile profile, CancellationToken ct)
    {
        var newDepartments = Enumerable.Range(1, profile.Departments).Select(n => new Department
        {
            OrganisationId = organisationId, Key = $"{KeyPrefix}avdelning-{n}", Name = DepartmentName(n),
        }).ToList();
        db.Departments.AddRange(newDepartments);
        await SaveAndForgetAsync(ct);

        var departments = await db.Departments.Where(d => d.OrganisationId == organisationId).OrderBy(d => d.Id)
            .Select(d => new { d.Id, d.Name }).ToListAsync(ct);
        // Units belong to the school departments: the new ones and the seeded förskola and grundskola.
        var schoolDepartments = departments.Where(d => d.Name.Contains("skol", StringComparison.OrdinalIgnoreCase)
            || newDepartments.Any(n => n.Id == d.Id)).Select(d => d.Id).ToList();

        var areas = Enumerable.Range(1, profile.SchoolAreas).Select(n => new SchoolArea
        {
            OrganisationId = organisationId, Key = $"{KeyPrefix}omrade-{n}", Name = $"Skolområde {Places[n % Places.Length]} {n}",
            DepartmentId = schoolDepartments[n % schoolDepartments.Count],
        }).ToList();
        db.SchoolAreas.AddRange(areas);
        await SaveAndForgetAsync(ct);

        for (var n = 1; n <= profile.Units; n++)
        {
            var area = areas[n % areas.Count];
            var (name, type) = UnitName(n);
            db.Units.Add(new Unit
            {
                OrganisationId = organisationId, Key = $"{KeyPrefix}enhet-{n}", Name = name, Type = type,
                SchoolUnitCode = type is UnitType.LeisureTimeCentre or UnitType.Preschool ? null : $"91{n:000000}",
                DepartmentId = area.DepartmentId, SchoolAreaId = area.Id,
            });
        }
        await SaveAndForgetAsync(ct);
        var units = await db.Units.Where(u => u.OrganisationId == organisationId && u.ClosedOn == null).OrderBy(u => u.Id)
            .Select(u => new { u.Id, u.DepartmentId }).ToListAsync(ct);

        var roles = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id, ct);
        var rektorByUnit = new Dictionary<int, (string Id, string Name)>();
        var officials = new List<(string, string)>();
        var heads = new List<(string, string)>();
        for (var n = 0; n < profile.Users; n++)
        {
            var name = $"{FirstNames[n % FirstNames.Length]} {LastNames[n / FirstNames.Length % LastNames.Length]}";
            var (role, title) = n < units.Count ? (Roles.Principal, "Rektor")
                : n < units.Count + departments.Count ? (Roles.DepartmentHead, "Avdelningschef")
                : (Roles.Official, Pick(OfficialTitles));
            var email = $"{KeyPrefix}{n + 1}@insatsportal.example";
            var user = new AppUser
            {
                Id = GuidFrom(n).ToString(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email,
                NormalizedEmail = email.ToUpperInvariant(), EmailConfirmed = true, DisplayName = name, Title = title,
                OrganisationId = organisationId, SecurityStamp = GuidFrom(n + 1_000_000).ToString("N"),
                ConcurrencyStamp = GuidFrom(n + 2_000_000).ToString(), LockoutEnabled = true,
            };
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roles[role] });
            if (role == Roles.Principal)
            {
                db.UserUnits.Add(new UserUnit { UserId = user.Id, UnitId = units[n].Id });
                rektorByUnit[units[n].Id] = (user.Id, name);
            }
            else
            {
                var department = role == Roles.DepartmentHead ? departments[n - units.Count] : Pick(departments);
                db.UserDepartments.Add(new UserDepartment { UserId = user.Id, DepartmentId = department.Id });
                (role == Roles.DepartmentHead ? heads : officials).Add((user.Id, name));
            }
            if (n % BatchSize == BatchSize - 1)
            {
                await SaveAndForgetAsync(ct);
            }
        }
        await SaveAndForgetAsync(ct);

        var director = await db.Users.Where(u => u.OrganisationId == organisationId && u.Title != null && u.Title.StartsWith("Förvaltningschef"))
            .Select(u => new { u.Id, u.DisplayName }).FirstOrDefaultAsync(ct);
        return new OrganisationData(
            newDepartments.Count, profile.Units, profile.Users,
            departments.Select(d => (d.Id, d.Name)).ToList(), units.Select(u => (u.Id, u.DepartmentId)).ToList(),
            rektorByUnit, officials, heads, director is null ? (null!, "Förvaltningschef") : (director.Id, director.DisplayName));
    }

    /// <summary>A stable id from a number, so the same profile gives the same users on every run.</summary>
    private static Guid GuidFrom(int n)
    {
        var bytes = new byte[16];
        BitConverter.GetBytes(n).CopyTo(bytes, 0);
        BitConverter.GetBytes(Seed).CopyTo(bytes, 8);
        return new Guid(bytes);
    }
}

/// <summary>The generator refuses the database it was given; the message is for the person who ran it.</summary>
public sealed class ScaleDataException(string message) : Exception(message);
