using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Insatsportal.Web.Data.Configurations;

internal sealed class FollowUpRoundConfiguration : IEntityTypeConfiguration<FollowUpRound>
{
    public void Configure(EntityTypeBuilder<FollowUpRound> b)
    {
        b.Property(x => x.Name).HasMaxLength(Lengths.Name);
        b.Property(x => x.Instructions).HasMaxLength(Lengths.Text);
        b.Property(x => x.PlanNameInRound).HasMaxLength(Lengths.Name);
        b.Property(x => x.ClosedByUserId).HasMaxLength(450);
        b.HasOne(x => x.Plan).WithMany().OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.FollowUpOccasion).WithMany().OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.PlanId, x.Deadline });
    }
}

internal sealed class FollowUpReportConfiguration : IEntityTypeConfiguration<FollowUpReport>
{
    public void Configure(EntityTypeBuilder<FollowUpReport> b)
    {
        b.Property(x => x.InitiativeTitle).HasMaxLength(Lengths.Title);
        b.Property(x => x.InitiativeNumberInRound).HasMaxLength(20);
        b.Property(x => x.GoalShortNameInRound).HasMaxLength(Lengths.Name);
        b.Property(x => x.ImplementationComment).HasMaxLength(Lengths.Text);
        b.Property(x => x.OverallAssessment).HasMaxLength(Lengths.Text);
        b.Property(x => x.NextSteps).HasMaxLength(Lengths.Text);
        b.Property(x => x.Risks).HasMaxLength(Lengths.Text);
        b.Property(x => x.ReturnComment).HasMaxLength(Lengths.Text);
        b.Property(x => x.SubmittedByUserId).HasMaxLength(450);
        b.Property(x => x.ReviewedByUserId).HasMaxLength(450);
        b.HasOne(x => x.Round).WithMany(x => x.Reports).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Initiative).WithMany().OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Unit).WithMany().OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.ResponsibleDepartment).WithMany().OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.ResponsibleUser).WithMany().OnDelete(DeleteBehavior.Restrict);
        // One report per insats and unit in a round (and one insats-level report, UnitId null).
        b.HasIndex(x => new { x.RoundId, x.InitiativeId, x.UnitId }).IsUnique();
        b.HasIndex(x => new { x.UnitId, x.Status });
        // Scale (docs/performance.md, "Uppföljning och nämndunderlag i Stockholmsskala"):
        // the förvaltningschef's "Att göra" count (insats-level reports no department answers for) finds its dozen
        // rows by department null, unit null and status instead of every insats-level report by unit null and status;
        b.HasIndex(x => new { x.ResponsibleDepartmentId, x.UnitId, x.Status });
        // counts per state of a round (round page, rounds list) and leadership's submitted reports per round, oldest
        // first ("Att göra"), read this index alone, not the wide report rows. (An index leading with Status made SQLite
        // scan every open report for a rektor's "Att göra" instead of their units' reports, so Status is second.)
        b.HasIndex(x => new { x.RoundId, x.Status, x.ResponsibleUserId, x.ReopenedAfterClose, x.SubmittedAt });
        // the round page walks a round's reports in the plan's order for its page of 50, no sort of the whole round.
        b.HasIndex(x => new { x.RoundId, x.GoalSortOrderInRound, x.InitiativeSortOrderInRound, x.InitiativeId, x.UnitId });
        // Covers the overview's counts over one round (per state, the units table, genomförande) together with
        // the read rule's ResponsibleUserId, so SQLite answers them from the index without reading 12 000 rows
        // (docs/performance.md, "Översikt i Stockholmsskala").
        b.HasIndex(x => new { x.RoundId, x.Status, x.UnitId, x.InitiativeId, x.ResponsibleUserId, x.Implementation });
        // A round's latest save, the key of the cached "Sedan förra" comparison, is one step down this index instead
        // of a read of the round's 13 000 rows (17–26 ms for two rounds at Stockholm scale).
        b.HasIndex(x => new { x.RoundId, x.UpdatedAt });
    }
}

internal sealed class ReportActivityConfiguration : IEntityTypeConfiguration<ReportActivity>
{
    public void Configure(EntityTypeBuilder<ReportActivity> b)
    {
        b.Property(x => x.ActivityText).HasMaxLength(Lengths.Text);
        b.Property(x => x.Comment).HasMaxLength(Lengths.Text);
        b.HasOne(x => x.Report).WithMany(x => x.Activities).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReportEffectConfiguration : IEntityTypeConfiguration<ReportEffect>
{
    public void Configure(EntityTypeBuilder<ReportEffect> b)
    {
        b.Property(x => x.EffectText).HasMaxLength(Lengths.Text);
        b.Property(x => x.IndicatorName).HasMaxLength(Lengths.Name);
        b.Property(x => x.IndicatorUnit).HasMaxLength(40);
        b.Property(x => x.Evidence).HasMaxLength(Lengths.Text);
        b.Property(x => x.MeasuredValue).HasPrecision(18, 4);
        b.HasOne(x => x.Report).WithMany(x => x.Effects).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReportTransitionConfiguration : IEntityTypeConfiguration<ReportTransition>
{
    public void Configure(EntityTypeBuilder<ReportTransition> b)
    {
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.UserName).HasMaxLength(Lengths.Name);
        b.Property(x => x.Comment).HasMaxLength(Lengths.Text);
        b.HasOne(x => x.Report).WithMany(x => x.Transitions).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReminderMessageConfiguration : IEntityTypeConfiguration<ReminderMessage>
{
    public void Configure(EntityTypeBuilder<ReminderMessage> b)
    {
        b.Property(x => x.ToEmail).HasMaxLength(256);
        b.Property(x => x.ToName).HasMaxLength(Lengths.Name);
        b.Property(x => x.Subject).HasMaxLength(Lengths.Title);
        b.Property(x => x.Body).HasMaxLength(Lengths.Text);
        b.Property(x => x.DeduplicationKey).HasMaxLength(Lengths.Name);
        b.Property(x => x.LastError).HasMaxLength(Lengths.Reason);
        b.HasIndex(x => x.DeduplicationKey).IsUnique();
        b.HasIndex(x => new { x.SentAt, x.NextAttemptAt });
    }
}
