using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Insatsportal.Web.Data.Configurations;

internal sealed class InitiativeConfiguration : IEntityTypeConfiguration<Initiative>
{
    public void Configure(EntityTypeBuilder<Initiative> b)
    {
        b.Property(x => x.Key).HaveKey();
        b.HasIndex(x => new { x.PlanId, x.Key }).IsUnique();
        b.HasIndex(x => new { x.PlanId, x.GoalId, x.SortOrder });
        b.HasIndex(x => x.Status);
        b.Property(x => x.Number).HasMaxLength(20);
        b.Property(x => x.Title).HasMaxLength(Lengths.Title);
        // A primitive collection: stored as a JSON array in one column on both providers.
        b.PrimitiveCollection(x => x.AlternativeTitles).HasMaxLength(Lengths.Text);
        b.Property(x => x.Background).HasMaxLength(Lengths.LongText);
        b.Property(x => x.Purpose).HasMaxLength(Lengths.LongText);
        b.Property(x => x.Objective).HasMaxLength(Lengths.LongText);
        b.Property(x => x.TargetGroup).HasMaxLength(Lengths.Text);
        b.Property(x => x.Content).HasMaxLength(Lengths.LongText);
        b.Property(x => x.Origin).HasMaxLength(Lengths.Name);
        b.Property(x => x.AssignmentDescriptionLocation).HasMaxLength(Lengths.Title);
        b.Property(x => x.ArchivedReason).HasMaxLength(Lengths.Reason);
        b.HasOne(x => x.Plan).WithMany(x => x.Initiatives).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Goal).WithMany(x => x.Initiatives).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.CopiedFrom).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ResponsibleEntryConfiguration : IEntityTypeConfiguration<ResponsibleEntry>
{
    public void Configure(EntityTypeBuilder<ResponsibleEntry> b)
    {
        b.Property(x => x.RoleTitle).HasMaxLength(Lengths.Name);
        b.Property(x => x.Parts).HasMaxLength(40);
        b.HasOne(x => x.Initiative).WithMany(x => x.Responsible).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.User).WithMany().OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Department).WithMany().OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Group).WithMany().OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.DepartmentId);
        b.HasIndex(x => x.UserId);
    }
}

internal sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> b)
    {
        b.Property(x => x.Text).HasMaxLength(Lengths.Text);
        b.Property(x => x.Timing).HasMaxLength(Lengths.Phrase);
        b.HasOne(x => x.Initiative).WithMany(x => x.Activities).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FollowUpPlanItemConfiguration : IEntityTypeConfiguration<FollowUpPlanItem>
{
    public void Configure(EntityTypeBuilder<FollowUpPlanItem> b)
    {
        b.Property(x => x.RefersTo).HasMaxLength(40);
        b.Property(x => x.Method).HasMaxLength(Lengths.Text);
        b.Property(x => x.Timing).HasMaxLength(Lengths.Phrase);
        b.HasOne(x => x.Initiative).WithMany(x => x.FollowUpPlan).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExpectedEffectConfiguration : IEntityTypeConfiguration<ExpectedEffect>
{
    public void Configure(EntityTypeBuilder<ExpectedEffect> b)
    {
        b.Property(x => x.RefersTo).HasMaxLength(40);
        b.Property(x => x.Text).HasMaxLength(Lengths.Text);
        b.Property(x => x.IndicatorName).HasMaxLength(Lengths.Name);
        b.Property(x => x.IndicatorUnit).HasMaxLength(40);
        b.Property(x => x.IndicatorBaseline).HasPrecision(18, 4);
        b.Property(x => x.IndicatorTarget).HasPrecision(18, 4);
        b.HasOne(x => x.Initiative).WithMany(x => x.ExpectedEffects).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ResourceConfiguration : IEntityTypeConfiguration<Resource>
{
    public void Configure(EntityTypeBuilder<Resource> b)
    {
        b.Property(x => x.RefersTo).HasMaxLength(40);
        b.Property(x => x.Text).HasMaxLength(Lengths.Text);
        b.HasOne(x => x.Initiative).WithMany(x => x.Resources).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InitiativePartnerConfiguration : IEntityTypeConfiguration<InitiativePartner>
{
    public void Configure(EntityTypeBuilder<InitiativePartner> b)
    {
        b.HasKey(x => new { x.InitiativeId, x.PartnerId });
        b.HasOne(x => x.Initiative).WithMany(x => x.Partners).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Partner).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InitiativeUnitConfiguration : IEntityTypeConfiguration<InitiativeUnit>
{
    public void Configure(EntityTypeBuilder<InitiativeUnit> b)
    {
        b.HasKey(x => new { x.InitiativeId, x.UnitId });
        b.HasIndex(x => x.UnitId);
        b.HasOne(x => x.Initiative).WithMany(x => x.TargetedUnits).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Unit).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InitiativeThemeConfiguration : IEntityTypeConfiguration<InitiativeTheme>
{
    public void Configure(EntityTypeBuilder<InitiativeTheme> b)
    {
        b.HasKey(x => new { x.InitiativeId, x.ThemeId });
        b.HasOne(x => x.Initiative).WithMany(x => x.Themes).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Theme).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FollowUpNoteConfiguration : IEntityTypeConfiguration<FollowUpNote>
{
    public void Configure(EntityTypeBuilder<FollowUpNote> b)
    {
        b.Property(x => x.Title).HasMaxLength(Lengths.Title);
        b.Property(x => x.Text).HasMaxLength(Lengths.LongText);
        b.HasOne(x => x.Initiative).WithMany(x => x.Notes).OnDelete(DeleteBehavior.Cascade);
    }
}
