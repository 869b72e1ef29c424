using System.Globalization;
using System.Text.RegularExpressions;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Data.Seeding;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>The demo rounds of seeds/demo/rounds.json, as a new user meets them.</summary>
public sealed class DemoRoundsTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Halmstad = "halmstad-utvecklingsplan-2020-2021";
    private const string LiveRound = "Lägesbedömning 2021";

    private sealed record Row(
        int Id, string Round, RoundStatus RoundStatus, DateOnly Deadline, string Initiative, string? Unit, ReportStatus Status);

    private Task<List<Row>> ReportsAsync() => app.WithDbAsync(db => db.FollowUpReports
        .Where(r => r.Round.Plan.Key == Halmstad)
        .Select(r => new Row(r.Id, r.Round.Name, r.Round.Status, r.Round.Deadline, r.Initiative.Key, r.Unit == null ? null : r.Unit.Key, r.Status))
        .ToListAsync());

    private static ReportState StateOf(Row r) => ReportStates.Of(r.Status, r.Deadline, ReportStates.Today(TimeProvider.System));

    [Fact]
    public async Task The_Halmstad_plan_has_two_closed_rounds_and_two_open_ones_one_live_and_one_past_its_deadline()
    {
        var rounds = await app.WithDbAsync(db => db.FollowUpRounds.Where(r => r.Plan.Key == Halmstad)
            .Select(r => new { r.Name, r.Status, r.OpensOn, r.Deadline, r.ClosedAt }).ToListAsync());
        var today = ReportStates.Today(TimeProvider.System);

        Assert.Equal(4, rounds.Count);
        Assert.Equal(["Delårsrapport 1 2020", "Verksamhetsberättelse 2020"],
            rounds.Where(r => r.Status == RoundStatus.Closed).Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.All(rounds.Where(r => r.Status == RoundStatus.Closed), r => Assert.NotNull(r.ClosedAt));
        var open = rounds.Where(r => r.Status == RoundStatus.Open).ToList();
        Assert.Equal(2, open.Count);
        var live = Assert.Single(open, r => r.Name == LiveRound);
        Assert.Equal((today.AddDays(-20), today.AddDays(10)), (live.OpensOn, live.Deadline));
        var late = Assert.Single(open, r => r.Name == "Delårsrapport 1 2021");
        Assert.True(late.Deadline < today);
    }

    [Fact]
    public async Task Across_the_rounds_there_are_reports_in_every_state_and_the_live_round_has_every_status()
    {
        var reports = await ReportsAsync();

        Assert.Equal(Enum.GetValues<ReportState>().ToHashSet(), reports.Select(StateOf).ToHashSet());
        var live = reports.Where(r => r.Round == LiveRound).ToList();
        Assert.Equal(Enum.GetValues<ReportStatus>().ToHashSet(), live.Select(r => r.Status).ToHashSet());
        Assert.DoesNotContain(live, r => StateOf(r) == ReportState.Overdue);
        foreach (var closed in reports.Where(r => r.RoundStatus == RoundStatus.Closed).GroupBy(r => r.Round))
        {
            Assert.True(closed.Count(r => r.Status == ReportStatus.Approved) > closed.Count() / 2, $"most reports of {closed.Key} should be approved");
            Assert.Contains(closed, r => StateOf(r) == ReportState.Overdue);
        }
        Assert.Contains(reports, r => r.Round == "Delårsrapport 1 2021" && StateOf(r) == ReportState.Overdue);
    }

    [Fact]
    public async Task Every_returned_report_has_a_return_comment_and_a_transition_into_returned_with_it()
    {
        var returned = await app.WithDbAsync(db => db.FollowUpReports
            .Where(r => r.Round.Plan.Key == Halmstad && r.Status == ReportStatus.Returned)
            .Select(r => new { r.ReturnComment, r.ReviewedByUserId, Transitions = r.Transitions.OrderBy(t => t.At).Select(t => new { t.From, t.To, t.Comment, t.At }).ToList() })
            .ToListAsync());

        Assert.NotEmpty(returned);
        Assert.All(returned, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.ReturnComment));
            Assert.NotNull(r.ReviewedByUserId);
            Assert.Equal(
                [(ReportStatus.NotStarted, ReportStatus.Draft), (ReportStatus.Draft, ReportStatus.Submitted), (ReportStatus.Submitted, ReportStatus.Returned)],
                r.Transitions.Select(t => (t.From, t.To)));
            Assert.Equal(r.ReturnComment, r.Transitions[^1].Comment);
        });
    }

    [Fact]
    public async Task Every_approved_report_has_a_complete_answer_and_a_history_from_draft_to_approved()
    {
        var approved = await app.WithDbAsync(db => db.FollowUpReports
            .Where(r => r.Round.Plan.Key == Halmstad && r.Status == ReportStatus.Approved)
            .Select(r => new
            {
                r.Implementation, r.OverallAssessment, r.SubmittedAt, r.ReviewedAt, r.Round.OpensOn,
                Activities = r.Activities.Select(a => a.Status).ToList(),
                Effects = r.Effects.Select(e => new { e.Judgement, e.EvidenceType, e.Evidence }).ToList(),
                Transitions = r.Transitions.OrderBy(t => t.At).Select(t => t.To).ToList(),
            })
            .AsSplitQuery().ToListAsync());

        Assert.True(approved.Count > 30, $"expected the demo to hold many approved reports, found {approved.Count}");
        Assert.All(approved, r =>
        {
            Assert.NotNull(r.Implementation);
            Assert.False(string.IsNullOrWhiteSpace(r.OverallAssessment));
            Assert.All(r.Activities, a => Assert.NotNull(a));
            Assert.All(r.Effects, e => Assert.True(e.Judgement is not null && e.EvidenceType is not null && !string.IsNullOrWhiteSpace(e.Evidence)));
            Assert.Equal([ReportStatus.Draft, ReportStatus.Submitted, ReportStatus.Approved], r.Transitions);
            Assert.True(r.SubmittedAt < r.ReviewedAt);
            Assert.True(DateOnly.FromDateTime(r.SubmittedAt!.Value) >= r.OpensOn);
        });
        Assert.True(approved.Max(r => r.ReviewedAt) < DateTime.UtcNow, "no demo event lies in the future");
    }

    [Fact]
    public async Task The_demo_rektor_finds_Vallasskolans_reports_to_write_including_a_returned_one()
    {
        var rektor = app.CreateBrowser();
        await rektor.SignInAsAsync(DemoUsers.Principal);

        var page = await rektor.GetPageAsync("/att-gora");

        var rows = page.QuerySelectorAll("table.todo tbody tr").Select(r => r.TextContent).ToList();
        var live = rows.Where(r => r.Contains(LiveRound, StringComparison.Ordinal)).ToList();
        // A returned report reads "Återsänd" once: its state, or "(återsänd)" after "Försenad" when the deadline has passed.
        static int Returned(string row) => Regex.Count(row, "återsänd", RegexOptions.IgnoreCase);
        Assert.Contains(live, r => r.Contains("Vallåsskolan", StringComparison.Ordinal) && Returned(r) == 1);
        Assert.All(rows, r => Assert.True(Returned(r) <= 1, r));
        Assert.True(live.Count >= 3, $"the live round should give the rektor at least three reports to write, found {live.Count}");
        Assert.Contains(rows, r => r.Contains("sista dagen har passerat", StringComparison.Ordinal));
        Assert.Equal(1, Returned(rows[0])); // returned reports come first
    }

    [Fact]
    public async Task The_demo_avdelningschef_has_submitted_reports_to_review()
    {
        var chef = app.CreateBrowser();
        await chef.SignInAsAsync(DemoUsers.DepartmentHead);

        var page = await chef.GetPageAsync("/att-gora");

        var heading = page.QuerySelectorAll("main h2").Select(h => h.TextContent).ToList();
        Assert.Contains("Rapporter att granska", heading);
        var toReview = page.QuerySelectorAll("main table.review tbody tr").Select(r => r.TextContent).ToList();
        Assert.True(toReview.Count >= 2, $"expected reports to review, found {toReview.Count}");
        Assert.Contains(toReview, r => r.Contains("Ett systematiskt kvalitetsarbete som fokuserar undervisningens kvalitet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_demo_round_page_renders_for_the_forvaltningschef()
    {
        var chef = app.CreateBrowser();
        await chef.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var rounds = await app.WithDbAsync(db => db.FollowUpRounds.Where(r => r.Plan.Key == Halmstad)
            .Select(r => new { r.Id, r.Name }).ToListAsync());

        foreach (var round in rounds)
        {
            var page = await chef.GetPageAsync($"/omgangar/{round.Id.ToString(CultureInfo.InvariantCulture)}");
            var main = page.QuerySelector("main")!.TextContent;
            Assert.Contains(round.Name, main, StringComparison.Ordinal);
            Assert.Contains("Vallåsskolan", main, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Seeding_again_adds_no_rounds_reports_or_transitions()
    {
        using var fresh = new AppFactory();
        _ = fresh.Services;
        var before = await fresh.WithDbAsync(async db => (
            await db.FollowUpRounds.CountAsync(), await db.FollowUpReports.CountAsync(), await db.ReportTransitions.CountAsync()));

        using (var scope = fresh.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<Seeder>().SeedAsync();
        }

        Assert.Equal(before, await fresh.WithDbAsync(async db => (
            await db.FollowUpRounds.CountAsync(), await db.FollowUpReports.CountAsync(), await db.ReportTransitions.CountAsync())));
        Assert.Equal(4, before.Item1);
        Assert.True(before.Item3 > 100, $"the demo rounds should hold a history of transitions, found {before.Item3}");
    }
}
