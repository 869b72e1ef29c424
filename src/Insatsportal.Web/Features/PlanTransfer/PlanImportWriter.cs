using System.Data;
using System.Globalization;
using System.Security.Claims;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.History;
using Insatsportal.Web.Features.Initiatives;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.PlanTransfer;

public abstract record ImportOutcome
{
    public sealed record Written(int InitiativesCreated, int InitiativesChanged, int GoalsCreated, int GoalsChanged, int ThemesWritten) : ImportOutcome;

    /// <summary>The plan changed after the preview; nothing was written.</summary>
    public sealed record Stale : ImportOutcome;

    /// <summary>The file no longer passes (the organisation changed, say); nothing was written.</summary>
    public sealed record Invalid(int Problems) : ImportOutcome;
}

/// <summary>
/// Writes an analysed file into the plan in one transaction: areas, goals, then insatser in batches (so that
/// progress can be shown), each created or changed insats and goal with its history. The file is analysed
/// again inside the transaction, against the plan as it is then; if the plan is not the one the preview was
/// made from, nothing is written.
/// </summary>
public sealed class PlanImportWriter(AppDbContext db, HistoryRecorder history, PlanImportAnalyzer analyzer)
{
    private const int BatchSize = 25;

    /// <summary>Writes the file; <paramref name="beforeCommit"/> runs inside the transaction after everything is
    /// written, on this writer's DbContext (the import job records its success there, so that the job and what it
    /// wrote commit together).</summary>
    public async Task<ImportOutcome> WriteAsync(
        int planId, ClaimsPrincipal user, byte[] file, string fileName, string previewFingerprint, Action<int, int> progress, CancellationToken ct,
        Func<ImportOutcome.Written, CancellationToken, Task>? beforeCommit = null)
    {
        var scope = user.Scope();
        history.ActAs(scope.UserId, scope.DisplayName);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        var analysis = await analyzer.AnalyseAsync(planId, user, file, ct);
        if (analysis.Fingerprint != previewFingerprint)
        {
            return new ImportOutcome.Stale();
        }
        if (analysis.HasErrors)
        {
            return new ImportOutcome.Invalid(analysis.Problems.Count + (analysis.FileError is null ? 0 : 1));
        }
        var change = analysis.Items.ToDictionary(i => (i.Sheet, i.Key), i => i.Change);
        bool Writes(string sheet, string key) => change[(sheet, key)] != ImportChange.Unchanged;
        var note = $"Importerad från Excel ({fileName})";

        var themeIds = await WriteThemesAsync(planId, analysis.Themes.Where(t => Writes(PlanTemplate.Themes.Sheet.Name, t.Key)).ToList(), ct);
        var goals = analysis.Goals.Where(g => Writes(PlanTemplate.Goals.Sheet.Name, g.Key)).ToList();
        var goalIds = await WriteGoalsAsync(planId, goals, note, ct);

        var options = (await InitiativeFormOptions.LoadAsync(db, planId, ct))!;
        var wishes = analysis.Initiatives.Where(i => Writes(PlanTemplate.Initiatives.Sheet.Name, i.Key)).ToList();
        var lastSort = (await db.Initiatives.Where(i => i.PlanId == planId).GroupBy(i => i.GoalId)
            .Select(g => new { GoalId = g.Key, Max = g.Max(i => i.SortOrder) }).ToListAsync(ct))
            .ToDictionary(g => g.GoalId ?? 0, g => g.Max);
        int NextSort(int? goalId) => lastSort[goalId ?? 0] = lastSort.GetValueOrDefault(goalId ?? 0) + 1;

        int created = 0, changed = 0;
        progress(0, wishes.Count);
        foreach (var batch in wishes.Chunk(BatchSize))
        {
            var added = new List<Initiative>();
            foreach (var wish in batch)
            {
                var form = wish.Form;
                form.GoalId = form.GoalId is { } g && g < 0 ? goalIds[g] : form.GoalId;
                form.ThemeIds = form.ThemeIds.Select(t => t < 0 ? themeIds[t] : t).ToList();
                if (wish.ExistingId is not { } id)
                {
                    var initiative = new Initiative { PlanId = planId, Key = wish.Key, Title = "", SortOrder = NextSort(form.GoalId) };
                    InitiativeCommands.Apply(form, initiative);
                    db.Initiatives.Add(initiative);
                    added.Add(initiative);
                    created++;
                    continue;
                }
                var current = await db.Initiatives
                    .Include(i => i.Responsible).Include(i => i.Activities).Include(i => i.FollowUpPlan)
                    .Include(i => i.ExpectedEffects).Include(i => i.Resources).Include(i => i.Partners)
                    .Include(i => i.TargetedUnits).Include(i => i.Themes)
                    .AsSplitQuery()
                    .SingleAsync(i => i.Id == id, ct);
                var before = InitiativeCommands.Snap(current, options);
                if (current.GoalId != form.GoalId)
                {
                    current.SortOrder = NextSort(form.GoalId);
                }
                InitiativeCommands.Apply(form, current);
                history.RecordChanges(HistoryEntityTypes.Initiative, id, before, InitiativeCommands.Snap(current, options));
                db.Entry(current).State = EntityState.Modified;
                changed++;
            }
            await db.SaveChangesAsync(ct);
            foreach (var initiative in added)
            {
                history.Record(HistoryEntityTypes.Initiative, initiative.Id, ChangeAction.Created, note);
                history.RecordChanges(HistoryEntityTypes.Initiative, initiative.Id, new Snapshot(), InitiativeCommands.Snap(initiative, options));
            }
            await db.SaveChangesAsync(ct);
            // What is saved needs no tracking; a large import would otherwise slow down batch by batch.
            db.ChangeTracker.Clear();
            progress(created + changed, wishes.Count);
        }
        var written = new ImportOutcome.Written(created, changed, goals.Count(g => g.ExistingId is null), goals.Count(g => g.ExistingId is not null),
            themeIds.Count + analysis.Themes.Count(t => t.ExistingId is not null && Writes(PlanTemplate.Themes.Sheet.Name, t.Key)));
        if (beforeCommit is not null)
        {
            await beforeCommit(written, ct);
        }
        await transaction.CommitAsync(ct);
        return written;
    }

    /// <returns>New areas' real ids by their temporary ids.</returns>
    private async Task<Dictionary<int, int>> WriteThemesAsync(int planId, List<ThemeWish> themes, CancellationToken ct)
    {
        var sort = await db.Themes.Where(t => t.PlanId == planId).MaxAsync(t => (int?)t.SortOrder, ct) ?? 0;
        var added = new List<(ThemeWish Wish, Theme Theme)>();
        foreach (var wish in themes)
        {
            if (wish.ExistingId is { } id)
            {
                var theme = await db.Themes.SingleAsync(t => t.Id == id, ct);
                (theme.Kind, theme.Code, theme.Name) = (wish.Kind, wish.Code, wish.Name);
            }
            else
            {
                var theme = new Theme { PlanId = planId, Key = wish.Key, Kind = wish.Kind, Code = wish.Code, Name = wish.Name, SortOrder = ++sort };
                db.Themes.Add(theme);
                added.Add((wish, theme));
            }
        }
        await db.SaveChangesAsync(ct);
        return added.ToDictionary(a => a.Wish.TempId, a => a.Theme.Id);
    }

    /// <returns>New goals' real ids by their temporary ids.</returns>
    private async Task<Dictionary<int, int>> WriteGoalsAsync(int planId, List<GoalWish> goals, string note, CancellationToken ct)
    {
        var sort = await db.Goals.Where(g => g.PlanId == planId).MaxAsync(g => (int?)g.SortOrder, ct) ?? 0;
        var groups = await db.Groups.Select(g => new { g.Id, g.Name }).ToDictionaryAsync(g => g.Id, g => g.Name, ct);
        Snapshot Snap(Goal g) => new Snapshot().Add("Titel", g.Title).Add("Kortnamn", g.ShortName).Add("Beskrivning", g.Description)
            .Add("Styrgrupp", g.SteeringGroupId is { } s ? groups.GetValueOrDefault(s) : null);
        var added = new List<(GoalWish Wish, Goal Goal)>();
        foreach (var wish in goals)
        {
            if (wish.ExistingId is { } id)
            {
                var goal = await db.Goals.SingleAsync(g => g.Id == id, ct);
                var before = Snap(goal);
                (goal.Title, goal.ShortName, goal.Description, goal.SteeringGroupId) = (wish.Title, wish.ShortName, wish.Description, wish.SteeringGroupId);
                history.RecordChanges(HistoryEntityTypes.Goal, id, before, Snap(goal));
            }
            else
            {
                var goal = new Goal
                {
                    PlanId = planId, Key = wish.Key, Title = wish.Title, ShortName = wish.ShortName, Description = wish.Description,
                    SteeringGroupId = wish.SteeringGroupId, SortOrder = ++sort,
                };
                db.Goals.Add(goal);
                added.Add((wish, goal));
            }
        }
        await db.SaveChangesAsync(ct);
        foreach (var (_, goal) in added)
        {
            history.Record(HistoryEntityTypes.Goal, goal.Id, ChangeAction.Created, note);
            history.RecordChanges(HistoryEntityTypes.Goal, goal.Id, new Snapshot(), Snap(goal));
        }
        await db.SaveChangesAsync(ct);
        return added.ToDictionary(a => a.Wish.TempId, a => a.Goal.Id);
    }

    public static string Summary(ImportOutcome.Written w)
    {
        static string N(int n) => n.ToString("N0", CultureInfo.GetCultureInfo("sv-SE"));
        var parts = new List<string>
        {
            $"{N(w.InitiativesCreated)} {(w.InitiativesCreated == 1 ? "insats skapad" : "insatser skapade")}",
            $"{N(w.InitiativesChanged)} {(w.InitiativesChanged == 1 ? "insats ändrad" : "insatser ändrade")}",
        };
        if (w.GoalsCreated + w.GoalsChanged > 0)
        {
            parts.Add($"{N(w.GoalsCreated)} {(w.GoalsCreated == 1 ? "mål skapat" : "mål skapade")}");
            parts.Add($"{N(w.GoalsChanged)} {(w.GoalsChanged == 1 ? "mål ändrat" : "mål ändrade")}");
        }
        if (w.ThemesWritten > 0)
        {
            parts.Add($"{N(w.ThemesWritten)} områden skapade eller ändrade");
        }
        return string.Join(", ", parts) + ".";
    }
}
