using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Data.Scale;

public sealed partial class ScaleDataGenerator
{
    private sealed record RoundCounts(int Rounds, int Reports, int Activities, int Effects, int Transitions);

    private enum RoundStage
    {
        Closed,
        OpenPastDeadline,
        Open,
    }

    /// <summary>
    /// Rounds go to the two largest plans, as follow-up does in practice: three on the largest (two closed, the
    /// last open past its deadline), the rest on the next (closed, then one open). Each has a report per insats and
    /// per targeted unit, as opening a round creates them, in every state.
    /// </summary>
    private async Task<RoundCounts> AddRoundsAsync(List<GeneratedPlan> plans, OrganisationData org, ScaleProfile profile, CancellationToken ct)
    {
        var onFirst = plans.Count == 1 ? profile.Rounds : (int)Math.Ceiling(profile.Rounds * 0.6);
        var counts = new RoundCounts(0, 0, 0, 0, 0);
        var today = ReportStates.Today(clock);
        for (var r = 0; r < profile.Rounds; r++)
        {
            var onPlan = r < onFirst ? 0 : 1;
            var ordinal = onPlan == 0 ? r : r - onFirst;
            var total = onPlan == 0 ? onFirst : profile.Rounds - onFirst;
            var stage = ordinal < total - 1 ? RoundStage.Closed : onPlan == 0 ? RoundStage.OpenPastDeadline : RoundStage.Open;
            var deadline = stage switch
            {
                RoundStage.Closed => today.AddMonths(-6 * (total - ordinal)),
                RoundStage.OpenPastDeadline => today.AddDays(-5),
                _ => today.AddDays(20),
            };
            var added = await AddRoundAsync(plans[onPlan], org, ordinal, stage, deadline, ct);
            counts = new RoundCounts(counts.Rounds + 1, counts.Reports + added.Reports, counts.Activities + added.Activities,
                counts.Effects + added.Effects, counts.Transitions + added.Transitions);
            logger.LogInformation("Scale data: round {Round} with {Reports} reports", r + 1, added.Reports);
        }
        return counts;
    }

    private async Task<RoundCounts> AddRoundAsync(
        GeneratedPlan plan, OrganisationData org, int ordinal, RoundStage stage, DateOnly deadline, CancellationToken ct)
    {
        var kinds = new[] { FollowUpOccasionKind.InterimReport, FollowUpOccasionKind.AnnualReport, FollowUpOccasionKind.StatusAssessment };
        var kind = kinds[ordinal % kinds.Length];
        var round = new FollowUpRound
        {
            PlanId = plan.Id, Name = $"{RoundNames[ordinal % RoundNames.Length]} {deadline.Year}", Kind = kind,
            OpensOn = deadline.AddDays(-30), Deadline = deadline, PlanNameInRound = plan.Name,
            Instructions = "Beskriv genomförande och effekt för varje insats och enhet.",
            Status = stage == RoundStage.Closed ? RoundStatus.Closed : RoundStatus.Open,
            ClosedAt = stage == RoundStage.Closed ? deadline.AddDays(14).ToDateTime(new TimeOnly(9, 0)) : null,
            ClosedByUserId = stage == RoundStage.Closed ? org.Director.Id : null,
        };
        db.FollowUpRounds.Add(round);
        await SaveAndForgetAsync(ct);

        // What a report copies from its insats when the round opens (RoundCommands.AddReportsAsync), read in one query.
        var initiatives = await db.Initiatives.AsNoTracking().Where(i => i.PlanId == plan.Id && !i.IsArchived)
            .Select(i => new
            {
                i.Id, i.Title, i.Status, i.EndDate, Goal = i.Goal == null ? null : i.Goal.Title, i.Number,
                GoalSortOrder = i.Goal == null ? (int?)null : i.Goal.SortOrder, GoalShortName = i.Goal == null ? null : i.Goal.ShortName, i.SortOrder,
                Activities = i.Activities.OrderBy(a => a.Number).Select(a => new { a.Number, a.Text }).ToList(),
                Effects = i.ExpectedEffects.OrderBy(e => e.SortOrder).Select(e => new { e.SortOrder, e.Text, e.IndicatorName, e.IndicatorUnit }).ToList(),
            })
            .AsSplitQuery().ToListAsync(ct);
        var byId = plan.Initiatives.ToDictionary(i => i.Id);

        var counts = new RoundCounts(1, 0, 0, 0, 0);
        var pending = 0;
        foreach (var i in initiatives)
        {
            var generated = byId[i.Id];
            foreach (var unit in new int?[] { null }.Concat(generated.Units.Select(u => (int?)u)))
            {
                var report = new FollowUpReport
                {
                    RoundId = round.Id, InitiativeId = i.Id, UnitId = unit, InitiativeTitle = i.Title,
                    InitiativeStatusInRound = i.Status, InitiativeEndDateInRound = i.EndDate, GoalTitleInRound = i.Goal,
                    InitiativeNumberInRound = i.Number, GoalSortOrderInRound = i.GoalSortOrder, GoalShortNameInRound = i.GoalShortName,
                    InitiativeSortOrderInRound = i.SortOrder, ResponsibleDepartmentId = generated.DepartmentId,
                    Activities = i.Activities.Select(a => new ReportActivity { Number = a.Number, ActivityText = a.Text }).ToList(),
                    Effects = i.Effects.Select(e => new ReportEffect
                    {
                        SortOrder = e.SortOrder, EffectText = e.Text, IndicatorName = e.IndicatorName, IndicatorUnit = e.IndicatorUnit,
                    }).ToList(),
                };
                var writer = unit is not null && org.RektorByUnit.TryGetValue(unit.Value, out var rektor)
                    ? rektor
                    : Pick(org.Officials);
                Fill(report, StatusFor(stage), round, writer, org);
                db.FollowUpReports.Add(report);
                counts = new RoundCounts(1, counts.Reports + 1, counts.Activities + report.Activities.Count,
                    counts.Effects + report.Effects.Count, counts.Transitions + report.Transitions.Count);
                if (++pending == BatchSize)
                {
                    await SaveAndForgetAsync(ct);
                    pending = 0;
                }
            }
        }
        await SaveAndForgetAsync(ct);
        return counts;
    }

    /// <summary>Closed rounds are mostly approved; an open round past its deadline has many overdue; a live one is under way.</summary>
    private ReportStatus StatusFor(RoundStage stage)
    {
        var roll = _random.Next(100);
        int[] limits = stage switch
        {
            RoundStage.Closed => [3, 7, 17, 22, 100], // not started, draft, submitted, returned, approved
            RoundStage.OpenPastDeadline => [25, 40, 65, 70, 100],
            _ => [35, 60, 80, 85, 100],
        };
        return roll < limits[0] ? ReportStatus.NotStarted
            : roll < limits[1] ? ReportStatus.Draft
            : roll < limits[2] ? ReportStatus.Submitted
            : roll < limits[3] ? ReportStatus.Returned
            : ReportStatus.Approved;
    }

    /// <summary>Answers and the transitions that led to the status, between the round's opening and its deadline.</summary>
    private void Fill(FollowUpReport report, ReportStatus status, FollowUpRound round, (string Id, string Name) writer, OrganisationData org)
    {
        if (status == ReportStatus.NotStarted)
        {
            return;
        }
        var start = round.OpensOn.ToDateTime(new TimeOnly(8, 0));
        var drafted = start.AddHours(_random.Next(24 * 10));
        report.Implementation = Pick(Implementations);
        report.ImplementationComment = $"{Pick(Comments)} Arbetet följer planen i stort.";
        report.OverallAssessment = Pick(Assessments);
        report.NextSteps = "Fortsätta enligt plan och följa upp vid nästa omgång.";
        foreach (var a in report.Activities)
        {
            a.Status = Pick(Implementations);
            a.Comment = _random.Next(3) == 0 ? Pick(Comments) : null;
        }
        foreach (var e in report.Effects)
        {
            e.Judgement = (EffectJudgement)_random.Next(4);
            e.EvidenceType = e.IndicatorName is null ? EvidenceType.Observation : EvidenceType.Indicator;
            e.Evidence = "Enkät till elever och vårdnadshavare samt samtal i arbetslagen.";
            e.MeasuredValue = e.IndicatorName is null ? null : 55 + _random.Next(40);
        }
        Transition(report, ReportStatus.Draft, drafted, writer);
        if (status == ReportStatus.Draft)
        {
            return;
        }
        var submitted = drafted.AddHours(24 + _random.Next(24 * 10));
        Transition(report, ReportStatus.Submitted, submitted, writer);
        report.SubmittedAt = submitted;
        report.SubmittedByUserId = writer.Id;
        if (status == ReportStatus.Submitted)
        {
            return;
        }
        var reviewer = org.Heads.Count > 0 ? Pick(org.Heads) : org.Director;
        var reviewed = submitted.AddHours(24 + _random.Next(24 * 5));
        report.ReviewedAt = reviewed;
        report.ReviewedByUserId = reviewer.Id;
        report.ReturnComment = status == ReportStatus.Returned ? "Beskriv effekten för eleverna tydligare." : null;
        Transition(report, status, reviewed, reviewer, report.ReturnComment);
    }

    private static void Transition(FollowUpReport report, ReportStatus to, DateTime at, (string Id, string Name) who, string? comment = null)
    {
        report.Transitions.Add(new ReportTransition { From = report.Status, To = to, At = at, UserId = who.Id, UserName = who.Name, Comment = comment });
        report.Status = to;
    }
}
