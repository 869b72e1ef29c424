using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Insatsportal.Web.Data.Configurations;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> b)
    {
        b.Property(x => x.Key).HaveKey();
        b.HasIndex(x => x.Key).IsUnique();
        b.Property(x => x.Name).HasMaxLength(Lengths.Name);
        b.Property(x => x.Municipality).HasMaxLength(Lengths.Name);
        b.Property(x => x.BoardName).HasMaxLength(Lengths.Name);
        b.Property(x => x.KoladaMunicipalityId).HasMaxLength(Features.Kolada.Kolada.AreaIdLength);
    }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> b)
    {
        b.Property(x => x.Key).HaveKey();
        b.HasIndex(x => new { x.OrganisationId, x.Key }).IsUnique();
        b.Property(x => x.Name).HasMaxLength(Lengths.Name);
        b.HasOne(x => x.Organisation).WithMany(x => x.Departments).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SchoolAreaConfiguration : IEntityTypeConfiguration<SchoolArea>
{
    public void Configure(EntityTypeBuilder<SchoolArea> b)
    {
        b.Property(x => x.Key).HaveKey();
        b.HasIndex(x => new { x.OrganisationId, x.Key }).IsUnique();
        b.Property(x => x.Name).HasMaxLength(Lengths.Name);
        b.HasOne(x => x.Organisation).WithMany(x => x.SchoolAreas).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Department).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> b)
    {
        b.Property(x => x.Key).HaveKey();
        b.HasIndex(x => new { x.OrganisationId, x.Key }).IsUnique();
        b.Property(x => x.Name).HasMaxLength(Lengths.Name);
        b.Property(x => x.SchoolUnitCode).HasMaxLength(20);
        b.Property(x => x.KoladaOuId).HasMaxLength(Features.Kolada.Kolada.AreaIdLength);
        b.HasOne(x => x.Organisation).WithMany(x => x.Units).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Department).WithMany().OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.SchoolArea).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PartnerConfiguration : IEntityTypeConfiguration<Partner>
{
    public void Configure(EntityTypeBuilder<Partner> b)
    {
        b.Property(x => x.Key).HaveKey();
        b.HasIndex(x => new { x.OrganisationId, x.Key }).IsUnique();
        b.Property(x => x.Name).HasMaxLength(Lengths.Name);
        b.HasOne(x => x.Organisation).WithMany(x => x.Partners).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class GroupConfiguration : IEntityTypeConfiguration<Group>
{
    public void Configure(EntityTypeBuilder<Group> b)
    {
        b.ToTable("Groups");
        b.Property(x => x.Key).HaveKey();
        b.HasIndex(x => new { x.OrganisationId, x.Key }).IsUnique();
        b.Property(x => x.Name).HasMaxLength(Lengths.Name);
        b.Property(x => x.Assignment).HasMaxLength(Lengths.LongText);
        b.Property(x => x.ArchivedReason).HasMaxLength(Lengths.Reason);
        b.HasOne(x => x.Organisation).WithMany().OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.ReportsTo).WithMany(x => x.ReportingGroups).HasForeignKey(x => x.ReportsToGroupId)
            .OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UserDepartmentConfiguration : IEntityTypeConfiguration<UserDepartment>
{
    public void Configure(EntityTypeBuilder<UserDepartment> b)
    {
        b.HasKey(x => new { x.UserId, x.DepartmentId });
        b.HasOne(x => x.User).WithMany(x => x.Departments).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Department).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UserUnitConfiguration : IEntityTypeConfiguration<UserUnit>
{
    public void Configure(EntityTypeBuilder<UserUnit> b)
    {
        b.HasKey(x => new { x.UserId, x.UnitId });
        b.HasOne(x => x.User).WithMany(x => x.Units).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Unit).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(x => x.DisplayName).HasMaxLength(Lengths.Name);
        b.Property(x => x.Title).HasMaxLength(Lengths.Name);
        b.HasOne(x => x.Organisation).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UserHistoryEntryConfiguration : IEntityTypeConfiguration<UserHistoryEntry>
{
    public void Configure(EntityTypeBuilder<UserHistoryEntry> b)
    {
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.ActorId).HasMaxLength(450);
        b.Property(x => x.ActorName).HasMaxLength(Lengths.Name);
        b.Property(x => x.Field).HasMaxLength(Lengths.Name);
        b.Property(x => x.OldValue).HasMaxLength(Lengths.LongText);
        b.Property(x => x.NewValue).HasMaxLength(Lengths.LongText);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.UserId, x.At });
    }
}
