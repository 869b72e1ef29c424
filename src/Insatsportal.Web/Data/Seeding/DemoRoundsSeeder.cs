using System.Text.Json;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.FollowUps;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Data.Seeding;

/// <summary>
/// Seeds the demo follow-up rounds of seeds/demo/rounds.json: opens each round the way a user would (so the
/// report assignments are the real ones), fills in the listed reports with a plausible history of transitions,
/// and closes the rounds meant to be closed. A plan that already has a round gets nothing, so a second start
/// adds nothing and rounds that users opened are never touched.
/// </summary>
public sealed class DemoRoundsSeeder(AppDbContext db, RoundCommands rounds, TimeProvider clock, ILogger<DemoRoundsSeeder> logger)
{
    private static readonly TimeZoneInfo Sweden = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    public async Task SeedAsync(string folder, CancellationToken ct)
    {
        var path = Path.Combine(folder, "demo", "rounds.json");
        if (!File.Exists(path))
        {
            return;
        }
        List<DemoRoundsSeed> seeds;
        try
        {
            seeds = JsonSerializer.Deserialize<List<DemoRoundsSeed>>(await File.ReadAllTextAsync(path, ct), Seeder.Json)
                ?? throw new InvalidOperationException($"Seed file {path} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Seed file {path} is not valid: {e.Message}", e);
        }

        foreach (var seed in seeds)
        {
            var planId = await db.Plans.Where(p => p.Key == seed.Plan).Select(p => (int?)p.Id).SingleOrDefaultAsync(ct);
            if (planId is null || await db.FollowUpRounds.AnyAsync(r => r.PlanId == planId, ct))
            {
                continue; // The plan is not seeded in this configuration, or it has rounds already.
            }
            logger.LogInformation("Seeding demo follow-up rounds for plan {PlanKey}", seed.Plan);
            var people = await PeopleAsync(seed, ct);
            foreach (var roundSeed in seed.Rounds)
            {
                await SeedRoundAsync(planId.Value, seed, roundSeed, people, ct);
            }
        }
    }

    private async Task SeedRoundAsync(
        int planId, DemoRoundsSeed seed, DemoRoundSeed roundSeed, Dictionary<string, string> people, CancellationToken ct)
    {
        var today = ReportStates.Today(clock);
        var opensOn = roundSeed.OpensOn ?? today.AddDays(-(roundSeed.OpensDaysAgo
            ?? throw new InvalidOperationException($"Demo round {roundSeed.Name}: give opensOn or opensDaysAgo.")));
        var deadline = roundSeed.Deadline ?? today.AddDays(roundSeed.DeadlineInDays
            ?? throw new InvalidOperationException($"Demo round {roundSeed.Name}: give deadline or deadlineInDays."));

        var opened = await rounds.OpenAsync(planId, roundSeed.Name, roundSeed.Kind, opensOn, deadline, roundSeed.Instructions, ct);
        var reports = await db.FollowUpReports.Where(r => r.RoundId == opened.Id)
            .Include(r => r.Initiative).Include(r => r.Unit).Include(r => r.Activities).Include(r => r.Effects)
            .AsSplitQuery().ToListAsync(ct);

        // The story happens between the round's opening and its deadline, or yesterday for a round still running.
        var start = Local(opensOn, 8);
        var lastDay = deadline < today ? deadline : today.AddDays(-1);
        var span = Math.Max(2, lastDay.DayNumber - opensOn.DayNumber);
        foreach (var (r, i) in roundSeed.Reports.Select((r, i) => (r, i)))
        {
            var report = reports.SingleOrDefault(x => x.Initiative.Key == r.Initiative && x.Unit?.Key == r.Unit)
                ?? throw new InvalidOperationException(
                    $"Demo round {roundSeed.Name}: no report for insats '{r.Initiative}' and unit '{r.Unit ?? "(insatsen)"}'.");
            Fill(report, r);

            var writer = r.Unit is null
                ? seed.InitiativeWriters?.GetValueOrDefault(r.Initiative) ?? seed.DefaultWriter
                : seed.UnitWriters?.GetValueOrDefault(r.Unit) ?? seed.DefaultWriter;
            var reviewer = seed.Reviewers?.GetValueOrDefault(r.Initiative) ?? seed.DefaultReviewer;
            var hour = i * 5 % 8;
            var drafted = start.AddDays(span * (0.10 + (i * 37 % 100) / 500.0)).AddHours(hour);
            var submitted = start.AddDays(span * (0.50 + (i * 53 % 100) / 330.0)).AddHours(hour);
            var reviewed = submitted.AddDays(Math.Max(1, span / 10)).AddHours(1);

            if (r.Status == ReportStatus.NotStarted)
            {
                continue;
            }
            Transition(report, ReportStatus.Draft, drafted, writer, people, null);
            if (r.Status == ReportStatus.Draft)
            {
                continue;
            }
            Transition(report, ReportStatus.Submitted, submitted, writer, people, null);
            report.SubmittedAt = submitted;
            report.SubmittedByUserId = UserId(writer, people);
            if (r.Status == ReportStatus.Submitted)
            {
                continue;
            }
            if (r.Status == ReportStatus.Returned && string.IsNullOrWhiteSpace(r.ReturnComment))
            {
                throw new InvalidOperationException($"Demo round {roundSeed.Name}: returned report {r.Initiative}/{r.Unit} needs a returnComment.");
            }
            report.ReviewedAt = reviewed;
            report.ReviewedByUserId = UserId(reviewer, people);
            report.ReturnComment = r.Status == ReportStatus.Returned ? r.ReturnComment : null;
            Transition(report, r.Status, reviewed, reviewer, people, report.ReturnComment);
        }

        if (roundSeed.Status == RoundStatus.Closed)
        {
            opened.Status = RoundStatus.Closed;
            opened.ClosedAt = Local(deadline.AddDays(14), 10);
            opened.ClosedByUserId = UserId(seed.DefaultReviewer, people);
        }
        await db.SaveChangesAsync(ct);
    }

    private static void Fill(FollowUpReport report, DemoReportSeed r)
    {
        report.Implementation = r.Implementation;
        report.ImplementationComment = r.ImplementationComment;
        foreach (var (activity, answer) in report.Activities.OrderBy(a => a.Number).Zip(r.Activities ?? []))
        {
            activity.Status = answer.Status;
            activity.Comment = answer.Comment;
        }
        foreach (var (effect, answer) in report.Effects.OrderBy(e => e.SortOrder).Zip(r.Effects ?? []))
        {
            effect.Judgement = answer.Judgement;
            effect.EvidenceType = answer.EvidenceType;
            effect.Evidence = answer.Evidence;
            effect.MeasuredValue = effect.IndicatorName is null ? null : answer.MeasuredValue;
        }
        report.OverallAssessment = r.OverallAssessment;
        report.NextSteps = r.NextSteps;
        report.Risks = r.Risks;
    }

    private void Transition(
        FollowUpReport report, ReportStatus to, DateTime at, DemoPersonSeed who, Dictionary<string, string> people, string? comment)
    {
        report.Transitions.Add(new ReportTransition
        {
            From = report.Status, To = to, At = at, UserId = UserId(who, people), UserName = who.Name, Comment = comment,
        });
        report.Status = to;
    }

    /// <summary>The ids of the demo accounts the seed names, by e-mail.</summary>
    private async Task<Dictionary<string, string>> PeopleAsync(DemoRoundsSeed seed, CancellationToken ct)
    {
        var emails = new[] { seed.DefaultWriter, seed.DefaultReviewer }
            .Concat(seed.UnitWriters?.Values ?? Enumerable.Empty<DemoPersonSeed>())
            .Concat(seed.InitiativeWriters?.Values ?? Enumerable.Empty<DemoPersonSeed>())
            .Concat(seed.Reviewers?.Values ?? Enumerable.Empty<DemoPersonSeed>())
            .Select(p => p.Email).OfType<string>().Distinct().ToList();
        return await db.Users.Where(u => u.Email != null && emails.Contains(u.Email))
            .ToDictionaryAsync(u => u.Email!, u => u.Id, StringComparer.OrdinalIgnoreCase, ct);
    }

    private static string? UserId(DemoPersonSeed who, Dictionary<string, string> people) =>
        who.Email is not null && people.TryGetValue(who.Email, out var id) ? id : null;

    /// <summary>A time of day in Sweden on a date, as UTC (the database keeps UTC).</summary>
    private static DateTime Local(DateOnly date, int hour) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(new TimeOnly(hour, 0)), Sweden);
}
