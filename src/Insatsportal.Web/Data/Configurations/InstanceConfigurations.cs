using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Insatsportal.Web.Data.Configurations;

// What several instances share through the database instead of each keeping it in its own process
// (docs/operations.md): import jobs here; the Data Protection keys' table is the package's own (AppDbContext).

internal sealed class PlanImportConfiguration : IEntityTypeConfiguration<PlanImport>
{
    public void Configure(EntityTypeBuilder<PlanImport> b)
    {
        // Ids are made by the instance that takes the upload (they appear in the status page's URL).
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.UploadToken).HasMaxLength(64);
        b.HasIndex(x => x.UploadToken).IsUnique();
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.FileName).HasMaxLength(Lengths.Name);
        b.Property(x => x.Fingerprint).HasMaxLength(64);
        b.Property(x => x.Message).HasMaxLength(Lengths.Reason);
        b.Property(x => x.LeaseOwner).HasMaxLength(Lengths.Key);
        b.HasOne<Plan>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
        // The workers look for queued jobs and for running jobs whose lease has run out.
        b.HasIndex(x => new { x.State, x.LeaseExpiresAt });
    }
}
