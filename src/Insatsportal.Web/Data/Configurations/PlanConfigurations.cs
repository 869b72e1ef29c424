using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Insatsportal.Web.Data.Configurations;

internal sealed class PlanConfiguration : IEntityTypeConfiguration<Plan>
{
    public void Configure(EntityTypeBuilder<Plan> b)
    {
        b.Property(x => x.Key).HaveKey();
        b.HasIndex(x => x.Key).IsUnique();
        b.Property(x => x.Name).HasMaxLength(Lengths.Title);
        b.Property(x => x.AdoptedBy).HasMaxLength(Lengths.Name);
        b.Property(x => x.Description).HasMaxLength(Lengths.LongText);
        b.Property(x => x.Source).HasMaxLength(Lengths.Title);
        b.Property(x => x.ArchivedReason).HasMaxLength(Lengths.Reason);
        b.HasOne(x => x.Organisation).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FollowUpOccasionConfiguration : IEntityTypeConfiguration<FollowUpOccasion>
{
    public void Configure(EntityTypeBuilder<FollowUpOccasion> b)
    {
        b.Property(x => x.Name).HasMaxLength(Lengths.Name);
        b.Property(x => x.Timing).HasMaxLength(Lengths.Phrase);
        b.HasOne(x => x.Plan).WithMany(x => x.FollowUpOccasions).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ThemeConfiguration : IEntityTypeConfiguration<Theme>
{
    public void Configure(EntityTypeBuilder<Theme> b)
    {
        b.Property(x => x.Key).HaveKey();
        b.HasIndex(x => new { x.PlanId, x.Key }).IsUnique();
        b.Property(x => x.Code).HasMaxLength(20);
        b.Property(x => x.Name).HasMaxLength(Lengths.Name);
        b.HasOne(x => x.Plan).WithMany(x => x.Themes).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class GoalConfiguration : IEntityTypeConfiguration<Goal>
{
    public void Configure(EntityTypeBuilder<Goal> b)
    {
        b.Property(x => x.Key).HaveKey();
        b.HasIndex(x => new { x.PlanId, x.Key }).IsUnique();
        b.Property(x => x.Title).HasMaxLength(Lengths.Title);
        b.Property(x => x.ShortName).HasMaxLength(Lengths.Name);
        b.Property(x => x.Description).HasMaxLength(Lengths.Text);
        b.Property(x => x.ArchivedReason).HasMaxLength(Lengths.Reason);
        b.HasOne(x => x.Plan).WithMany(x => x.Goals).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.SteeringGroup).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ChangeLogEntryConfiguration : IEntityTypeConfiguration<ChangeLogEntry>
{
    public void Configure(EntityTypeBuilder<ChangeLogEntry> b)
    {
        b.Property(x => x.EntityType).HasMaxLength(40);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.UserName).HasMaxLength(Lengths.Name);
        b.Property(x => x.Field).HasMaxLength(Lengths.Name);
        b.Property(x => x.OldValue).HasMaxLength(Lengths.LongText);
        b.Property(x => x.NewValue).HasMaxLength(Lengths.LongText);
        b.HasIndex(x => new { x.EntityType, x.EntityId, x.At });
    }
}
