using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Data.Seeding;

/// <summary>The demo data (seeds/demo, never in production): schools, targeting and accounts.</summary>
public sealed partial class Seeder
{
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
}
