using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Data;
using Insatsportal.Web.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

public sealed class SeedingTests
{
    [Fact]
    public async Task Seeding_twice_adds_nothing_and_keeps_what_users_changed()
    {
        using var app = new AppFactory();
        _ = app.Services; // starts the host: migrations and the first seeding
        var before = await app.WithDbAsync(Counts);
        var changed = await app.WithDbAsync(async db =>
        {
            var initiative = await db.Initiatives.OrderBy(i => i.Id).FirstAsync();
            initiative.Title = "Ändrad av en användare";
            initiative.Activities.Clear();
            var goal = await db.Goals.OrderBy(g => g.Id).FirstAsync();
            goal.ShortName = "Eget kortnamn";
            await db.SaveChangesAsync();
            return (initiative.Id, goal.Id);
        });
        var afterEdit = await app.WithDbAsync(Counts);

        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<Seeder>().SeedAsync();
        }

        Assert.Equal(afterEdit, await app.WithDbAsync(Counts));
        Assert.Equal("Ändrad av en användare", await app.WithDbAsync(db => db.Initiatives.Where(i => i.Id == changed.Item1).Select(i => i.Title).SingleAsync()));
        Assert.Equal("Eget kortnamn", await app.WithDbAsync(db => db.Goals.Where(g => g.Id == changed.Item2).Select(g => g.ShortName).SingleAsync()));
        Assert.True(before.Values.Sum() > 100, "the first seeding should have filled the database");
    }

    [Fact]
    public async Task Restarting_the_app_on_the_same_database_adds_nothing()
    {
        using var first = new AppFactory();
        _ = first.Services;
        var counts = await first.WithDbAsync(Counts);

        using var second = new SameDatabaseFactory(first.ConnectionString);
        _ = second.Services;

        Assert.Equal(counts, await second.WithDbAsync(Counts));
    }

    [Fact]
    public async Task Without_demo_seeding_there_are_no_accounts_but_all_roles_exist()
    {
        using var app = new NoDemoAppFactory();
        _ = app.Services;

        Assert.Equal(0, await app.WithDbAsync(db => db.Users.CountAsync()));
        Assert.Equal(5, await app.WithDbAsync(db => db.Roles.CountAsync()));
        Assert.Equal(5, await app.WithDbAsync(db => db.Plans.CountAsync()));
        // Only the avdelningar the Halmstad document names; the schools' own (demo/units.json) are demo data.
        Assert.Equal(["barn-och-elevhalsa", "ekonomi", "fou", "hr", "kvalitet", "planering"],
            await app.WithDbAsync(db => db.Departments.Where(d => d.Organisation.Key == "halmstad-buf").Select(d => d.Key).OrderBy(k => k).ToListAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.Units.CountAsync(u => u.Organisation.Key == "halmstad-buf")));
    }

    internal static async Task<Dictionary<string, int>> Counts(AppDbContext db) => new()
    {
        ["organisations"] = await db.Organisations.CountAsync(),
        ["departments"] = await db.Departments.CountAsync(),
        ["areas"] = await db.SchoolAreas.CountAsync(),
        ["units"] = await db.Units.CountAsync(),
        ["partners"] = await db.Partners.CountAsync(),
        ["groups"] = await db.Groups.CountAsync(),
        ["plans"] = await db.Plans.CountAsync(),
        ["occasions"] = await db.FollowUpOccasions.CountAsync(),
        ["themes"] = await db.Themes.CountAsync(),
        ["goals"] = await db.Goals.CountAsync(),
        ["initiatives"] = await db.Initiatives.CountAsync(),
        ["responsible"] = await db.ResponsibleEntries.CountAsync(),
        ["activities"] = await db.Activities.CountAsync(),
        ["followups"] = await db.FollowUpPlanItems.CountAsync(),
        ["effects"] = await db.ExpectedEffects.CountAsync(),
        ["resources"] = await db.Resources.CountAsync(),
        ["partnerLinks"] = await db.InitiativePartners.CountAsync(),
        ["unitLinks"] = await db.InitiativeUnits.CountAsync(),
        ["themeLinks"] = await db.InitiativeThemes.CountAsync(),
        ["notes"] = await db.FollowUpNotes.CountAsync(),
        ["users"] = await db.Users.CountAsync(),
        ["userRoles"] = await db.UserRoles.CountAsync(),
        ["userUnits"] = await db.UserUnits.CountAsync(),
        ["userDepartments"] = await db.UserDepartments.CountAsync(),
        ["rounds"] = await db.FollowUpRounds.CountAsync(),
        ["reports"] = await db.FollowUpReports.CountAsync(),
        ["reportActivities"] = await db.ReportActivities.CountAsync(),
        ["reportEffects"] = await db.ReportEffects.CountAsync(),
        ["transitions"] = await db.ReportTransitions.CountAsync(),
    };

    private sealed class SameDatabaseFactory(string connectionString) : AppFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ConnectionStrings:Insatsportal", connectionString);
        }
    }
}
