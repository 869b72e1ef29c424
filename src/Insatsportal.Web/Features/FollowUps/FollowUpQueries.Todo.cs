using Insatsportal.Web.Authorization;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.FollowUps;

/// <summary>Att göra and the start page's to-do: what the user is to write and to review.</summary>
public sealed partial class FollowUpQueries
{
    /// <summary>
    /// Att göra: the reports this user may review (leadership's work, oldest submission first) and those they
    /// are to write (returned first, then by deadline), each list one page of <see cref="TodoPageSize"/> with
    /// its total, and how many of each wait per round. The förvaltningschef's review list is every submitted
    /// report of the förvaltning, so it is paged in the database; a rektor's lists are short but bounded too.
    /// </summary>
    public async Task<TodoPage> TodoAsync(UserScope user, int reviewPage, int writePage, CancellationToken ct)
    {
        var today = Today;
        var toWrite = ToWrite(user);
        var mayReview = MayReview(user);
        var toReview = ToReview(user);

        // Counts per round for both lists in one statement each (they also give the totals and the pages).
        var writeCounts = await toWrite.GroupBy(r => new { r.RoundId, r.Round.Name, r.Round.Deadline })
            .Select(g => new { g.Key.RoundId, g.Key.Name, g.Key.Deadline, Count = g.Count() }).ToListAsync(ct);
        var reviewCounts = mayReview
            ? await toReview.GroupBy(r => new { r.RoundId, r.Round.Name, r.Round.Deadline })
                .Select(g => new { g.Key.RoundId, g.Key.Name, g.Key.Deadline, Count = g.Count() }).ToListAsync(ct)
            : [];
        var writeTotal = writeCounts.Sum(c => c.Count);
        var reviewTotal = reviewCounts.Sum(c => c.Count);
        var writePages = Math.Max(1, (writeTotal + TodoPageSize - 1) / TodoPageSize);
        var reviewPages = Math.Max(1, (reviewTotal + TodoPageSize - 1) / TodoPageSize);
        writePage = Math.Clamp(writePage, 1, writePages);
        reviewPage = Math.Clamp(reviewPage, 1, reviewPages);

        // Returned reports first (someone is waiting), then by deadline: the most urgent on top.
        var writeRows = await MostUrgentFirst(toWrite)
            .Skip((writePage - 1) * TodoPageSize).Take(TodoPageSize)
            .Select(r => new { r.Id, r.InitiativeTitle, Unit = r.Unit == null ? null : r.Unit.Name, Round = r.Round.Name, r.Round.Deadline, r.Status, r.ReturnComment })
            .ToListAsync(ct);
        // The page's ids first, from the covering index (RoundId, Status, …, SubmittedAt), and only then the 50 rows:
        // sorting the förvaltning's thousands of submitted reports with their texts would read every one of them.
        var reviewIds = toReview.OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id)
            .Skip((reviewPage - 1) * TodoPageSize).Take(TodoPageSize).Select(r => r.Id);
        var reviewRows = mayReview ? await db.FollowUpReports.AsNoTracking().Where(r => reviewIds.Contains(r.Id))
            .OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id)
            .Select(r => new { r.Id, r.InitiativeTitle, Unit = r.Unit == null ? null : r.Unit.Name, Round = r.Round.Name, r.Round.Deadline, r.Status, r.ReturnComment })
            .ToListAsync(ct) : [];

        var perRound = writeCounts.Select(c => (c.RoundId, c.Name, c.Deadline)).Union(reviewCounts.Select(c => (c.RoundId, c.Name, c.Deadline)))
            .OrderBy(r => r.Deadline).ThenBy(r => r.RoundId)
            .Select(r => new TodoRound(r.RoundId, r.Name, r.Deadline,
                reviewCounts.Where(c => c.RoundId == r.RoundId).Sum(c => c.Count), writeCounts.Where(c => c.RoundId == r.RoundId).Sum(c => c.Count)))
            .ToList();
        return new TodoPage(
            writeRows.Select(r => new TodoItem(r.Id, r.InitiativeTitle, r.Unit, r.Round, r.Deadline, r.Status, ReportStates.Of(r.Status, r.Deadline, today), r.ReturnComment)).ToList(),
            reviewRows.Select(r => new TodoItem(r.Id, r.InitiativeTitle, r.Unit, r.Round, r.Deadline, r.Status, ReportStates.Of(r.Status, r.Deadline, today), r.ReturnComment)).ToList(),
            today)
        {
            MayReview = mayReview,
            Rounds = perRound,
            WriteTotal = writeTotal,
            WritePage = writePage,
            WritePages = writePages,
            ReviewTotal = reviewTotal,
            ReviewPage = reviewPage,
            ReviewPages = reviewPages,
        };
    }

    public const int TodoPageSize = 50;

    /// <summary>The number shown in the navigation: reports the user still has to write.</summary>
    public Task<int> OpenTodoCountAsync(UserScope user, CancellationToken ct) => ToWrite(user).CountAsync(ct);

    /// <summary>The reports the user is to write: assigned to them, in a live round, not yet submitted.</summary>
    private IQueryable<FollowUpReport> ToWrite(UserScope user) => db.FollowUpReports.AsNoTracking()
        .Where(ReportAccess.Assigned(user, db.ResponsibleEntries))
        .Where(r => (r.Round.Status == RoundStatus.Open || r.ReopenedAfterClose)
            && (r.Status == ReportStatus.NotStarted || r.Status == ReportStatus.Draft || r.Status == ReportStatus.Returned));

    /// <summary>The submitted reports the user may approve or return, in a live round.</summary>
    private IQueryable<FollowUpReport> ToReview(UserScope user) => db.FollowUpReports.AsNoTracking()
        .Where(ReportAccess.Reviewable(user, db.ResponsibleEntries))
        .Where(r => r.Status == ReportStatus.Submitted && (r.Round.Status == RoundStatus.Open || r.ReopenedAfterClose));

    private static bool MayReview(UserScope user) => user.IsIn(Roles.DirectorOfEducation) || user.IsIn(Roles.DepartmentHead);

    /// <summary>Returned reports first (someone is waiting), then by deadline: the order of Att göra.</summary>
    private static IQueryable<FollowUpReport> MostUrgentFirst(IQueryable<FollowUpReport> reports) => reports
        .OrderBy(r => r.Status == ReportStatus.Returned ? 0 : 1).ThenBy(r => r.Round.Deadline).ThenBy(r => r.InitiativeTitle).ThenBy(r => r.Id);

    /// <summary>
    /// The report to write after <paramref name="done"/>: the first of the user's Att göra list (same scope and
    /// order) other than it, or null when nothing else is due. One query, stopping at the first row.
    /// </summary>
    public async Task<NextReport?> NextToWriteAsync(UserScope user, int done, CancellationToken ct) =>
        await MostUrgentFirst(ToWrite(user).Where(r => r.Id != done))
            .Select(r => new NextReport(r.Id, r.InitiativeTitle, r.Unit == null ? null : r.Unit.Name, r.Round.Deadline))
            .FirstOrDefaultAsync(ct);

    /// <summary>How many reports to show on the start page before "Alla i Att göra".</summary>
    public const int StartPageItems = 5;

    /// <summary>
    /// What the start page shows first: the reports the user is to write (counted per round, and the most urgent
    /// few) and, for leadership, those waiting for their review and the next deadline of a live round in their
    /// förvaltning. The per-round counts are the two GROUP BYs of Att göra, kept per user for a while
    /// (<see cref="ReportCounts"/>); then at most one query for the few rows and one for the next round, whatever
    /// the number of reports (60 000 on the Stockholm set).
    /// </summary>
    public async Task<StartTodo> StartAsync(UserScope user, CancellationToken ct)
    {
        var today = Today;
        var mayReview = MayReview(user);
        var counts = await reportCounts.GetAsync("start", user, await dataVersion.GetAsync(ct), async () => new StartCounts(
            await ToWrite(user).GroupBy(r => new { r.RoundId, r.Round.Name, r.Round.Deadline })
                .Select(g => new RoundCount(g.Key.RoundId, g.Key.Name, g.Key.Deadline, g.Count())).ToListAsync(ct),
            mayReview
                ? await ToReview(user).GroupBy(r => new { r.RoundId, r.Round.Name, r.Round.Deadline })
                    .Select(g => new RoundCount(g.Key.RoundId, g.Key.Name, g.Key.Deadline, g.Count())).ToListAsync(ct)
                : []));
        var writeTotal = counts.Write.Sum(c => c.Count);
        var urgent = new List<TodoItem>();
        if (writeTotal > 0)
        {
            urgent = (await MostUrgentFirst(ToWrite(user)).Take(StartPageItems)
                    .Select(r => new { r.Id, r.InitiativeTitle, Unit = r.Unit == null ? null : r.Unit.Name, Round = r.Round.Name, r.Round.Deadline, r.Status, r.ReturnComment })
                    .ToListAsync(ct))
                .Select(r => new TodoItem(r.Id, r.InitiativeTitle, r.Unit, r.Round, r.Deadline, r.Status, ReportStates.Of(r.Status, r.Deadline, today), r.ReturnComment))
                .ToList();
        }
        var organisation = user.OrganisationId;
        var next = mayReview && organisation is not null
            ? await db.FollowUpRounds.AsNoTracking()
                .Where(r => r.Status == RoundStatus.Open && r.Deadline >= today && r.Plan.OrganisationId == organisation)
                .OrderBy(r => r.Deadline).ThenBy(r => r.Id)
                .Select(r => new UpcomingRound(r.Id, r.Name, r.Plan.Name, r.Deadline))
                .FirstOrDefaultAsync(ct)
            : null;
        var rounds = counts.Write.Select(c => (c.RoundId, c.Name, c.Deadline)).Union(counts.Review.Select(c => (c.RoundId, c.Name, c.Deadline)))
            .OrderBy(r => r.Deadline).ThenBy(r => r.RoundId)
            .Select(r => new TodoRound(r.RoundId, r.Name, r.Deadline,
                counts.Review.Where(c => c.RoundId == r.RoundId).Sum(c => c.Count), counts.Write.Where(c => c.RoundId == r.RoundId).Sum(c => c.Count)))
            .ToList();
        return new StartTodo(mayReview, rounds, writeTotal, counts.Review.Sum(c => c.Count),
            urgent, next, today);
    }

    private sealed record RoundCount(int RoundId, string Name, DateOnly Deadline, int Count);

    private sealed record StartCounts(List<RoundCount> Write, List<RoundCount> Review);
}
