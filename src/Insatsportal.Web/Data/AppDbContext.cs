using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Insatsportal.Web.Data;

/// <summary>
/// The one model. It is abstract so that each provider has a subclass of its own, and with it a migration set
/// of its own (Data/Migrations/Sqlite, Data/Migrations/SqlServer, Data/Migrations/PostgreSql). It also holds the Data
/// Protection keys, so that every instance over the same database reads the others' cookies and forms (docs/operations.md).
/// </summary>
public abstract class AppDbContext(DbContextOptions options, TimeProvider? clock = null)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<SchoolArea> SchoolAreas => Set<SchoolArea>();
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<Partner> Partners => Set<Partner>();
    public DbSet<Group> Groups => Set<Group>();
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<FollowUpOccasion> FollowUpOccasions => Set<FollowUpOccasion>();
    public DbSet<Theme> Themes => Set<Theme>();
    public DbSet<Goal> Goals => Set<Goal>();
    public DbSet<Initiative> Initiatives => Set<Initiative>();
    public DbSet<ResponsibleEntry> ResponsibleEntries => Set<ResponsibleEntry>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<FollowUpPlanItem> FollowUpPlanItems => Set<FollowUpPlanItem>();
    public DbSet<ExpectedEffect> ExpectedEffects => Set<ExpectedEffect>();
    public DbSet<Resource> Resources => Set<Resource>();
    public DbSet<InitiativePartner> InitiativePartners => Set<InitiativePartner>();
    public DbSet<InitiativeUnit> InitiativeUnits => Set<InitiativeUnit>();
    public DbSet<InitiativeTheme> InitiativeThemes => Set<InitiativeTheme>();
    public DbSet<FollowUpNote> FollowUpNotes => Set<FollowUpNote>();
    public DbSet<UserDepartment> UserDepartments => Set<UserDepartment>();
    public DbSet<UserUnit> UserUnits => Set<UserUnit>();
    public DbSet<ChangeLogEntry> ChangeLog => Set<ChangeLogEntry>();
    public DbSet<UserHistoryEntry> UserHistory => Set<UserHistoryEntry>();
    public DbSet<FollowUpRound> FollowUpRounds => Set<FollowUpRound>();
    public DbSet<FollowUpReport> FollowUpReports => Set<FollowUpReport>();
    public DbSet<ReportActivity> ReportActivities => Set<ReportActivity>();
    public DbSet<ReportEffect> ReportEffects => Set<ReportEffect>();
    public DbSet<ReportTransition> ReportTransitions => Set<ReportTransition>();
    public DbSet<ReminderMessage> ReminderMessages => Set<ReminderMessage>();
    public DbSet<PlanImport> PlanImports => Set<PlanImport>();
    public DbSet<KoladaKpi> KoladaKpis => Set<KoladaKpi>();
    public DbSet<KoladaLink> KoladaLinks => Set<KoladaLink>();
    public DbSet<KoladaValue> KoladaValues => Set<KoladaValue>();
    public DbSet<KoladaFetchState> KoladaFetchStates => Set<KoladaFetchState>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<DataVersion> DataVersions => Set<DataVersion>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        // Here rather than in AddAppDatabase: every context renews the data version after its ExecuteUpdate,
        // ExecuteDelete and raw SQL writes, also one a test or a tool builds with options of its own.
        optionsBuilder.AddInterceptors(DataVersionInterceptor.Instance);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in the database and safe when members are reordered.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
        // Every DateTime is UTC; SQLite forgets the kind, so it is restored on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        foreach (var entity in builder.Model.GetEntityTypes())
        {
            if (typeof(IConcurrencyAware).IsAssignableFrom(entity.ClrType))
            {
                entity.FindProperty(nameof(IConcurrencyAware.ConcurrencyToken))!.IsConcurrencyToken = true;
            }
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampChanges();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampChanges();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// Renews the concurrency token of every modified aggregate and stamps created/updated times; and when anything
    /// is to be written, renews the data version in the same SaveChanges (one more UPDATE in the same transaction), so
    /// that no instance's output cache serves a page from before the change (docs/performance.md, "Output cache").
    /// </summary>
    private void StampChanges()
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var writes = false;
        DataVersion? version = null;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is DataVersion tracked)
            {
                version = tracked;
                continue;
            }
            writes |= entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted;
            if (entry.Entity is ChangeLogEntry or UserHistoryEntry && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException("History cannot be changed or deleted.");
            }
            if (entry.State is EntityState.Added)
            {
                if (entry.Entity is IAudited audited)
                {
                    audited.CreatedAt = now;
                    audited.UpdatedAt = now;
                }
            }
            else if (entry.State is EntityState.Modified)
            {
                if (entry.Entity is IAudited audited)
                {
                    audited.UpdatedAt = now;
                }
                if (entry.Entity is IConcurrencyAware aware)
                {
                    aware.ConcurrencyToken = Guid.NewGuid();
                }
            }
        }
        if (!writes)
        {
            return;
        }
        // Set without reading it: UPDATE ... SET Stamp = @new WHERE Id = 1, batched with the change itself.
        version ??= Attach(new DataVersion { Id = DataVersion.RowId }).Entity;
        version.Stamp = DataVersion.NewStamp();
        Entry(version).Property(v => v.Stamp).IsModified = true;
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options, TimeProvider? clock = null)
    : AppDbContext(options, clock);

public sealed class SqlServerAppDbContext(DbContextOptions<SqlServerAppDbContext> options, TimeProvider? clock = null)
    : AppDbContext(options, clock);

/// <summary>
/// PostgreSQL. Every text column has the ICU collation <see cref="SwedishText.Name"/> (sv-SE, deterministic), so
/// that text sorts in Swedish order whatever locale the database was created with; enums stored by name have the
/// collation "C", since they are codes and sort by their bytes as on SQLite (docs/database-engines.md).
/// </summary>
public sealed class PostgreSqlAppDbContext(DbContextOptions<PostgreSqlAppDbContext> options, TimeProvider? clock = null)
    : AppDbContext(options, clock)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<string>().UseCollation(SwedishText.Name);
        configurationBuilder.Properties<Enum>().UseCollation("C");
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.HasCollation(SwedishText.Name, locale: SwedishText.Locale, provider: "icu", deterministic: true);
        base.OnModelCreating(builder);
    }
}
