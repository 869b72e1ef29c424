using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.FollowUps;

public enum ReportOutcome
{
    Saved,
    Submitted,
    Approved,
    Returned,
    Reopened,
    Conflict,
    NotAllowedInState,
    OwnWork,
}

/// <summary>
/// Carries out the report's transitions (the rules are <see cref="ReportRules"/>'), each recorded with who and when.
/// The caller has authorized the user for the operation (<see cref="Operations"/>).
/// </summary>
public sealed class ReportCommands(AppDbContext db, TimeProvider clock)
{
    private Task<FollowUpReport> LoadAsync(int id, CancellationToken ct) =>
        db.FollowUpReports.Include(r => r.Round).Include(r => r.Activities).Include(r => r.Effects)
            .AsSplitQuery().SingleAsync(r => r.Id == id, ct);

    public async Task<ReportForm> GetFormAsync(int id, CancellationToken ct) => ToForm(await LoadAsync(id, ct));

    public static ReportForm ToForm(FollowUpReport r) => new()
    {
        Implementation = r.Implementation, ImplementationComment = r.ImplementationComment,
        Activities = r.Activities.OrderBy(a => a.Number).Select(a => new ActivityAnswer { Status = a.Status, Comment = a.Comment }).ToList(),
        Effects = r.Effects.OrderBy(e => e.SortOrder).Select(e => new EffectAnswer
        {
            Judgement = e.Judgement, EvidenceType = e.EvidenceType, Evidence = e.Evidence, MeasuredValue = e.MeasuredValue,
        }).ToList(),
        OverallAssessment = r.OverallAssessment, NextSteps = r.NextSteps, Risks = r.Risks,
        ConcurrencyToken = r.ConcurrencyToken,
    };

    /// <summary>Saves the answers as a draft, or submits them (the caller has validated completeness).</summary>
    public async Task<ReportOutcome> SaveAsync(int id, ReportForm form, bool submit, UserScope user, CancellationToken ct)
    {
        var report = await LoadAsync(id, ct);
        if (!ReportRules.IsEditable(report.Status, report.Round.Status, report.ReopenedAfterClose))
        {
            return ReportOutcome.NotAllowedInState;
        }
        if (form.ConcurrencyToken != report.ConcurrencyToken)
        {
            return ReportOutcome.Conflict;
        }
        report.Implementation = form.Implementation;
        report.ImplementationComment = Clean(form.ImplementationComment);
        foreach (var (activity, n) in report.Activities.OrderBy(a => a.Number).Select((a, n) => (a, n)))
        {
            var answer = n < form.Activities.Count ? form.Activities[n] : new ActivityAnswer();
            activity.Status = answer.Status;
            activity.Comment = Clean(answer.Comment);
        }
        foreach (var (effect, n) in report.Effects.OrderBy(e => e.SortOrder).Select((e, n) => (e, n)))
        {
            var answer = n < form.Effects.Count ? form.Effects[n] : new EffectAnswer();
            effect.Judgement = answer.Judgement;
            effect.EvidenceType = answer.EvidenceType;
            effect.Evidence = Clean(answer.Evidence);
            effect.MeasuredValue = answer.MeasuredValue;
        }
        report.OverallAssessment = Clean(form.OverallAssessment);
        report.NextSteps = Clean(form.NextSteps);
        report.Risks = Clean(form.Risks);

        if (submit)
        {
            report.SubmittedAt = Now;
            report.SubmittedByUserId = user.UserId;
        }
        Transition(report, ReportRules.AfterSave(report.Status, submit), ReportActor.Writer, user, null);
        db.Entry(report).State = EntityState.Modified;
        db.Entry(report).Property(r => r.ConcurrencyToken).OriginalValue = form.ConcurrencyToken!.Value;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ReportOutcome.Conflict;
        }
        return submit ? ReportOutcome.Submitted : ReportOutcome.Saved;
    }

    public async Task<ReportOutcome> ApproveAsync(int id, string? comment, UserScope user, CancellationToken ct)
    {
        var report = await LoadAsync(id, ct);
        if (!ReportRules.AwaitsReview(report.Status, report.Round.Status, report.ReopenedAfterClose))
        {
            return ReportOutcome.NotAllowedInState;
        }
        var authors = await db.ReportTransitions
            .Where(t => t.ReportId == id && (t.To == ReportStatus.Draft || t.To == ReportStatus.Submitted)).Select(t => t.UserId).ToListAsync(ct);
        if (ReportRules.IsOwnWork(user.UserId, report.SubmittedByUserId, authors))
        {
            return ReportOutcome.OwnWork;
        }
        report.ReviewedAt = Now;
        report.ReviewedByUserId = user.UserId;
        report.ReturnComment = null;
        Transition(report, ReportStatus.Approved, ReportActor.Reviewer, user, comment);
        await db.SaveChangesAsync(ct);
        return ReportOutcome.Approved;
    }

    /// <summary>Sends a submitted report back to its author with a comment. The author hears of it in their next
    /// daily reminder digest (ReminderScheduler), with the comment, not in an e-mail of its own.</summary>
    public async Task<ReportOutcome> ReturnAsync(int id, string comment, UserScope user, CancellationToken ct)
    {
        var report = await LoadAsync(id, ct);
        if (!ReportRules.AwaitsReview(report.Status, report.Round.Status, report.ReopenedAfterClose))
        {
            return ReportOutcome.NotAllowedInState;
        }
        report.ReviewedAt = Now;
        report.ReviewedByUserId = user.UserId;
        report.ReturnComment = comment;
        Transition(report, ReportStatus.Returned, ReportActor.Reviewer, user, comment);

        await db.SaveChangesAsync(ct);
        return ReportOutcome.Returned;
    }

    /// <summary>Opens one report of a closed round again (the förvaltningschef, with a reason).</summary>
    public async Task<ReportOutcome> ReopenAsync(int id, string reason, UserScope user, CancellationToken ct)
    {
        var report = await LoadAsync(id, ct);
        if (!ReportRules.MayReopen(report.Round.Status, report.ReopenedAfterClose))
        {
            return ReportOutcome.NotAllowedInState;
        }
        report.ReopenedAfterClose = true;
        Transition(report, ReportStatus.Draft, ReportActor.DirectorOfEducation, user, $"Öppnad igen efter att omgången stängts: {reason}");
        await db.SaveChangesAsync(ct);
        return ReportOutcome.Reopened;
    }

    private void Transition(FollowUpReport report, ReportStatus to, ReportActor by, UserScope user, string? comment)
    {
        if (report.Status == to && comment is null)
        {
            return; // saving a draft again is not a new state
        }
        if (!ReportRules.Exists(report.Status, to, by))
        {
            // The state checks above make this unreachable; a report never takes a step its rules do not have.
            throw new InvalidOperationException($"A report cannot go from {report.Status} to {to} by its {by}.");
        }
        db.ReportTransitions.Add(new ReportTransition
        {
            Report = report, From = report.Status, To = to, At = Now, UserId = user.UserId, UserName = user.DisplayName, Comment = comment,
        });
        report.Status = to;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
