using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Insatsportal.Web.Data.Configurations;

internal sealed class KoladaKpiConfiguration : IEntityTypeConfiguration<KoladaKpi>
{
    public void Configure(EntityTypeBuilder<KoladaKpi> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(Features.Kolada.Kolada.KpiIdLength);
        b.Property(x => x.Title).HasMaxLength(Lengths.Title);
        b.Property(x => x.Description).HasMaxLength(Lengths.Text);
        b.HasIndex(x => x.Title);
    }
}

internal sealed class KoladaLinkConfiguration : IEntityTypeConfiguration<KoladaLink>
{
    public void Configure(EntityTypeBuilder<KoladaLink> b)
    {
        b.HasOne(x => x.Organisation).WithMany().OnDelete(DeleteBehavior.Restrict);
        // Goals are archived, never deleted; an expected effect goes when its row is removed from the insats.
        b.HasOne(x => x.Goal).WithMany().OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.ExpectedEffect).WithMany().OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Kpi).WithMany().HasForeignKey(x => x.KpiId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.KpiId).HasMaxLength(Features.Kolada.Kolada.KpiIdLength);
        b.Property(x => x.CreatedByUserId).HasMaxLength(450);
        b.Property(x => x.RemovedByUserId).HasMaxLength(450);
        b.HasIndex(x => new { x.OrganisationId, x.RemovedAt });
    }
}

internal sealed class KoladaValueConfiguration : IEntityTypeConfiguration<KoladaValue>
{
    public void Configure(EntityTypeBuilder<KoladaValue> b)
    {
        b.Property(x => x.KpiId).HasMaxLength(Features.Kolada.Kolada.KpiIdLength);
        b.Property(x => x.AreaId).HasMaxLength(Features.Kolada.Kolada.AreaIdLength);
        b.Property(x => x.Gender).HasMaxLength(1);
        b.Property(x => x.Status).HasMaxLength(40);
        b.Property(x => x.Value).HasPrecision(18, 4);
        b.HasIndex(x => new { x.KpiId, x.AreaKind, x.AreaId, x.Year, x.Gender }).IsUnique();
    }
}

internal sealed class KoladaFetchStateConfiguration : IEntityTypeConfiguration<KoladaFetchState>
{
    public void Configure(EntityTypeBuilder<KoladaFetchState> b)
    {
        b.HasKey(x => x.OrganisationId);
        b.Property(x => x.OrganisationId).ValueGeneratedNever();
        b.HasOne(x => x.Organisation).WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.LastSource).HasMaxLength(Lengths.Phrase);
        b.Property(x => x.LastFailure).HasMaxLength(Lengths.Reason);
    }
}
