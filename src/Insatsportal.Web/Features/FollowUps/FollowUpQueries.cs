using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.FollowUps;

public sealed record RoundListItem(
    int Id, string Name, int PlanId, string PlanName, DateOnly OpensOn, DateOnly Deadline, RoundStatus Status,
    int Reports, int Approved, int Submitted, int Open);

public sealed record RoundReportRow(
    int Id, int InitiativeId, string InitiativeTitle, int? UnitId, string? UnitName, string? Department, ReportStatus Status,
    ReportState State);

public sealed record RoundDetails(
    int Id, string Name, int PlanId, string PlanName, int OrganisationId, FollowUpOccasionKind Kind, DateOnly OpensOn,
    DateOnly Deadline, string? Instructions, RoundStatus Status, DateTime? ClosedAt, IReadOnlyList<RoundReportRow> Reports,
    int MissingInitiatives);

public sealed record TodoItem(
    int ReportId, string InitiativeTitle, string? UnitName, string RoundName, DateOnly Deadline, ReportStatus Status,
    ReportState State, string? ReturnComment);

public sealed record TodoPage(IReadOnlyList<TodoItem> ToWrite, IReadOnlyList<TodoItem> ToReview, DateOnly Today);

public sealed record ReportDetails(
    int Id, int RoundId, string RoundName, RoundStatus RoundStatus, DateOnly Deadline, string? Instructions,
    int PlanId, string PlanName, int OrganisationId, int InitiativeId, string InitiativeTitle, int? UnitId, string? UnitName,
    ReportStatus Status, ReportState State, bool ReopenedAfterClose, string? ReturnComment,
    ImplementationStatus? Implementation, string? ImplementationComment, string? OverallAssessment, string? NextSteps,
    string? Risks, IReadOnlyList<ReportActivityItem> Activities, IReadOnlyList<ReportEffectItem> Effects,
    IReadOnlyList<TransitionItem> Transitions, IReadOnlyList<string> AuthorIds);

public sealed record ReportActivityItem(int Number, string Text, ImplementationStatus? Status, string? Comment);

public sealed record ReportEffectItem(
    string Text, string? IndicatorName, string? IndicatorUnit, EffectJudgement? Judgement, EvidenceType? EvidenceType,
    string? Evidence, decimal? MeasuredValue);

public sealed record TransitionItem(ReportStatus From, ReportStatus To, DateTime At, string UserName, string? Comment);

/// <summary>Per insats: its targeted units (and the insats itself) × the plan's rounds, each cell a report's state.</summary>
public sealed record ReportMatrix(
    IReadOnlyList<(int Id, string Name, RoundStatus Status)> Rounds, IReadOnlyList<ReportMatrixRow> Rows);

public sealed record ReportMatrixRow(string Label, IReadOnlyList<(int ReportId, ReportState State)?> Cells);

public sealed class FollowUpQueries(AppDbContext db, TimeProvider clock)
{
    private DateOnly Today => ReportStates.Today(clock);

    public async Task<IReadOnlyList<RoundListItem>> RoundsAsync(UserScope user, CancellationToken ct)
    {
        var today = Today;
        var readable = ReportAccess.Readable(user);
        return await db.FollowUpRounds.AsNoTracking()
            .Where(r => db.Plans.Where(ReadAccess.Plans(user)).Any(p => p.Id == r.PlanId))
            .OrderByDescending(r => r.Status == RoundStatus.Open).ThenByDescending(r => r.Deadline)
            .Select(r => new RoundListItem(
                r.Id, r.Name, r.PlanId, r.Plan.Name, r.OpensOn, r.Deadline, r.Status,
                r.Reports.AsQueryable().Count(readable),
                r.Reports.AsQueryable().Where(readable).Count(x => x.Status == ReportStatus.Approved),
                r.Reports.AsQueryable().Where(readable).Count(x => x.Status == ReportStatus.Submitted),
                r.Reports.AsQueryable().Where(readable).Count(x => x.Status == ReportStatus.NotStarted || x.Status == ReportStatus.Draft || x.Status == ReportStatus.Returned)))
            .ToListAsync(ct);
    }

    public async Task<RoundDetails?> RoundAsync(int id, UserScope user, CancellationToken ct)
    {
        var round = await db.FollowUpRounds.AsNoTracking()
            .Where(r => r.Id == id && db.Plans.Where(ReadAccess.Plans(user)).Any(p => p.Id == r.PlanId))
            .Select(r => new { r.Id, r.Name, r.PlanId, PlanName = r.Plan.Name, r.Plan.OrganisationId, r.Kind, r.OpensOn, r.Deadline, r.Instructions, r.Status, r.ClosedAt })
            .SingleOrDefaultAsync(ct);
        if (round is null)
        {
            return null;
        }
        var today = Today;
        var reports = await db.FollowUpReports.AsNoTracking()
            .Where(r => r.RoundId == id).Where(ReportAccess.Readable(user))
            .OrderBy(r => r.Initiative.Goal == null ? int.MaxValue : r.Initiative.Goal.SortOrder).ThenBy(r => r.Initiative.SortOrder)
            .ThenBy(r => r.InitiativeId).ThenBy(r => r.UnitId == null ? "" : r.Unit!.Name)
            .Select(r => new { r.Id, r.InitiativeId, r.InitiativeTitle, r.UnitId, UnitName = r.Unit == null ? null : r.Unit.Name, Department = r.ResponsibleDepartment == null ? null : r.ResponsibleDepartment.Name, r.Status })
            .ToListAsync(ct);
        var missing = round.Status == RoundStatus.Open
            ? await db.Initiatives.CountAsync(i => i.PlanId == round.PlanId && !i.IsArchived && !db.FollowUpReports.Any(r => r.RoundId == id && r.InitiativeId == i.Id), ct)
            : 0;
        return new RoundDetails(round.Id, round.Name, round.PlanId, round.PlanName, round.OrganisationId, round.Kind, round.OpensOn,
            round.Deadline, round.Instructions, round.Status, round.ClosedAt,
            reports.Select(r => new RoundReportRow(r.Id, r.InitiativeId, r.InitiativeTitle, r.UnitId, r.UnitName, r.Department, r.Status,
                ReportStates.Of(r.Status, round.Deadline, today))).ToList(),
            missing);
    }

    public async Task<TodoPage> TodoAsync(UserScope user, CancellationToken ct)
    {
        var today = Today;
        var toWrite = await db.FollowUpReports.AsNoTracking()
            .Where(ReportAccess.Assigned(user))
            .Where(r => (r.Round.Status == RoundStatus.Open || r.ReopenedAfterClose)
                && (r.Status == ReportStatus.NotStarted || r.Status == ReportStatus.Draft || r.Status == ReportStatus.Returned))
            .OrderBy(r => r.Round.Deadline).ThenBy(r => r.InitiativeTitle)
            .Select(r => new { r.Id, r.InitiativeTitle, Unit = r.Unit == null ? null : r.Unit.Name, Round = r.Round.Name, r.Round.Deadline, r.Status, r.ReturnComment })
            .ToListAsync(ct);
        var toReview = await db.FollowUpReports.AsNoTracking()
            .Where(ReportAccess.Reviewable(user))
            .Where(r => r.Status == ReportStatus.Submitted && (r.Round.Status == RoundStatus.Open || r.ReopenedAfterClose))
            .OrderBy(r => r.SubmittedAt)
            .Select(r => new { r.Id, r.InitiativeTitle, Unit = r.Unit == null ? null : r.Unit.Name, Round = r.Round.Name, r.Round.Deadline, r.Status, r.ReturnComment })
            .ToListAsync(ct);
        // Returned reports first (someone is waiting), then by deadline: the most urgent on top.
        return new TodoPage(
            toWrite.Select(r => new TodoItem(r.Id, r.InitiativeTitle, r.Unit, r.Round, r.Deadline, r.Status, ReportStates.Of(r.Status, r.Deadline, today), r.ReturnComment))
                .OrderBy(t => t.Status == ReportStatus.Returned ? 0 : 1).ThenBy(t => t.Deadline).ToList(),
            toReview.Select(r => new TodoItem(r.Id, r.InitiativeTitle, r.Unit, r.Round, r.Deadline, r.Status, ReportStates.Of(r.Status, r.Deadline, today), r.ReturnComment)).ToList(),
            today);
    }

    /// <summary>The number shown in the navigation: reports the user still has to write.</summary>
    public Task<int> OpenTodoCountAsync(UserScope user, CancellationToken ct) =>
        db.FollowUpReports.Where(ReportAccess.Assigned(user))
            .CountAsync(r => (r.Round.Status == RoundStatus.Open || r.ReopenedAfterClose)
                && (r.Status == ReportStatus.NotStarted || r.Status == ReportStatus.Draft || r.Status == ReportStatus.Returned), ct);

    public async Task<ReportDetails?> ReportAsync(int id, UserScope user, CancellationToken ct)
    {
        var today = Today;
        var report = await db.FollowUpReports.AsNoTracking()
            .Where(r => r.Id == id).Where(ReportAccess.Readable(user))
            .Select(r => new
            {
                r.Id, r.RoundId, RoundName = r.Round.Name, RoundStatus = r.Round.Status, r.Round.Deadline, r.Round.Instructions,
                r.Round.PlanId, PlanName = r.Round.Plan.Name, r.Round.Plan.OrganisationId, r.InitiativeId, r.InitiativeTitle,
                r.UnitId, UnitName = r.Unit == null ? null : r.Unit.Name, r.Status, r.ReopenedAfterClose, r.ReturnComment,
                r.Implementation, r.ImplementationComment, r.OverallAssessment, r.NextSteps, r.Risks,
                Activities = r.Activities.OrderBy(a => a.Number).Select(a => new ReportActivityItem(a.Number, a.ActivityText, a.Status, a.Comment)).ToList(),
                Effects = r.Effects.OrderBy(e => e.SortOrder).Select(e => new ReportEffectItem(e.EffectText, e.IndicatorName, e.IndicatorUnit, e.Judgement, e.EvidenceType, e.Evidence, e.MeasuredValue)).ToList(),
                Transitions = r.Transitions.OrderBy(t => t.At).ThenBy(t => t.Id).Select(t => new TransitionItem(t.From, t.To, t.At, t.UserName, t.Comment)).ToList(),
                Authors = r.Transitions.Where(t => t.UserId != null && (t.To == ReportStatus.Draft || t.To == ReportStatus.Submitted))
                    .Select(t => t.UserId!).ToList(),
                r.SubmittedByUserId,
            })
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);
        return report is null ? null : new ReportDetails(
            report.Id, report.RoundId, report.RoundName, report.RoundStatus, report.Deadline, report.Instructions, report.PlanId,
            report.PlanName, report.OrganisationId, report.InitiativeId, report.InitiativeTitle, report.UnitId, report.UnitName,
            report.Status, ReportStates.Of(report.Status, report.Deadline, today), report.ReopenedAfterClose, report.ReturnComment,
            report.Implementation, report.ImplementationComment, report.OverallAssessment, report.NextSteps, report.Risks,
            report.Activities, report.Effects, report.Transitions,
            report.Authors.Append(report.SubmittedByUserId).OfType<string>().Distinct().ToList());
    }

    public async Task<ReportMatrix> MatrixAsync(int initiativeId, UserScope user, CancellationToken ct)
    {
        var today = Today;
        var reports = await db.FollowUpReports.AsNoTracking()
            .Where(r => r.InitiativeId == initiativeId).Where(ReportAccess.Readable(user))
            .Select(r => new { r.Id, r.RoundId, RoundName = r.Round.Name, RoundStatus = r.Round.Status, r.Round.Deadline, r.UnitId, UnitName = r.Unit == null ? null : r.Unit.Name, r.Status })
            .ToListAsync(ct);
        var rounds = reports.Select(r => (Id: r.RoundId, Name: r.RoundName, Status: r.RoundStatus, r.Deadline)).Distinct()
            .OrderBy(r => r.Deadline).Select(r => (r.Id, r.Name, r.Status)).ToList();
        var rows = reports.Select(r => (r.UnitId, Label: r.UnitName ?? "Insatsen (ansvarig)")).Distinct()
            .OrderBy(r => r.UnitId is null ? 0 : 1).ThenBy(r => r.Label, StringComparer.Create(Shared.Display.Swedish, false))
            .Select(row => new ReportMatrixRow(row.Label, rounds.Select(round =>
            {
                var report = reports.FirstOrDefault(r => r.RoundId == round.Id && r.UnitId == row.UnitId);
                return report is null ? ((int, ReportState)?)null : (report.Id, ReportStates.Of(report.Status, report.Deadline, today));
            }).ToList()))
            .ToList();
        return new ReportMatrix(rounds, rows);
    }
}
