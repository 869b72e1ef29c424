using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.History;
using Insatsportal.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Initiatives;

public abstract record SaveResult
{
    public sealed record Saved(int Id) : SaveResult;
    public sealed record Conflict(EditConflict Details) : SaveResult;
    public sealed record NotFound : SaveResult;
}

/// <summary>Writes insatser: create, update (refusing lost updates), archive, restore, copy — each with history.</summary>
public sealed class InitiativeCommands(AppDbContext db, HistoryRecorder history, TimeProvider clock)
{
    /// <summary>An insats with everything the form edits, tracked for update.</summary>
    private Task<Initiative?> LoadAggregateAsync(int id, CancellationToken ct) =>
        db.Initiatives
            .Include(i => i.Responsible).Include(i => i.Activities).Include(i => i.FollowUpPlan)
            .Include(i => i.ExpectedEffects).Include(i => i.Resources).Include(i => i.Partners)
            .Include(i => i.TargetedUnits).Include(i => i.Themes)
            .AsSplitQuery()
            .SingleOrDefaultAsync(i => i.Id == id, ct);

    public async Task<InitiativeForm?> GetFormAsync(int id, CancellationToken ct)
    {
        var i = await LoadAggregateAsync(id, ct);
        return i is null ? null : ToForm(i, clock.GetUtcNow().UtcDateTime);
    }

    public static InitiativeForm ToForm(Initiative i, DateTime loadedAtUtc) => new()
    {
        GoalId = i.GoalId, Number = i.Number, Title = i.Title,
        AlternativeTitles = string.Join("\n", i.AlternativeTitles),
        Background = i.Background, Purpose = i.Purpose, Objective = i.Objective, TargetGroup = i.TargetGroup,
        Content = i.Content, Status = i.Status, StartDate = i.StartDate, EndDate = i.EndDate, Origin = i.Origin,
        HasAssignmentDescription = i.HasAssignmentDescription switch { true => "ja", false => "nej", null => null },
        AssignmentDescriptionLocation = i.AssignmentDescriptionLocation,
        PartnerIds = i.Partners.Select(p => p.PartnerId).Order().ToList(),
        UnitIds = i.TargetedUnits.Select(u => u.UnitId).Order().ToList(),
        ThemeIds = i.Themes.Select(t => t.ThemeId).Order().ToList(),
        Responsible = i.Responsible.OrderBy(r => r.SortOrder).Select(r => new ResponsibleRow
        {
            RoleTitle = r.RoleTitle, UserId = r.UserId, DepartmentId = r.DepartmentId, GroupId = r.GroupId, Parts = r.Parts,
        }).ToList(),
        Activities = i.Activities.OrderBy(a => a.Number).Select(a => new ActivityRow { Text = a.Text, Timing = a.Timing }).ToList(),
        FollowUps = i.FollowUpPlan.OrderBy(f => f.SortOrder).Select(f => new FollowUpRow { RefersTo = f.RefersTo, Method = f.Method, Timing = f.Timing }).ToList(),
        Effects = i.ExpectedEffects.OrderBy(e => e.SortOrder).Select(e => new EffectRow
        {
            RefersTo = e.RefersTo, Text = e.Text, IndicatorName = e.IndicatorName, IndicatorUnit = e.IndicatorUnit,
            Baseline = e.IndicatorBaseline, Target = e.IndicatorTarget,
        }).ToList(),
        Resources = i.Resources.OrderBy(r => r.SortOrder).Select(r => new ResourceRow
        {
            RefersTo = r.RefersTo, Text = r.Text, AmountKronor = r.AmountKronor, Hours = r.Hours,
        }).ToList(),
        ConcurrencyToken = i.ConcurrencyToken,
        LoadedAt = loadedAtUtc.Ticks,
    };

    /// <summary>Checks what attributes cannot: order of dates, references between rows, and that everything
    /// chosen belongs to the plan's förvaltning. Messages are keyed to the field they concern.</summary>
    public static void Validate(InitiativeForm form, InitiativeFormOptions options, UserScope user, ModelStateDictionary errors)
    {
        if (form.StartDate is { } start && form.EndDate is { } end && end < start)
        {
            errors.AddModelError(nameof(form.EndDate), "Slutdatum kan inte vara före startdatum.");
        }
        if (form.GoalId is { } goal && !options.HasGoal(goal))
        {
            errors.AddModelError(nameof(form.GoalId), "Välj ett mål i planen.");
        }
        if (form.Status is { } status && !Enum.IsDefined(status))
        {
            errors.AddModelError(nameof(form.Status), "Välj en giltig status.");
        }
        if (form.Responsible.Count == 0 && !options.ResponsibleOptional)
        {
            errors.AddModelError(nameof(form.Responsible), "Ange minst en ansvarig.");
        }
        var activityCount = form.Activities.Count;
        for (var n = 0; n < form.Responsible.Count; n++)
        {
            var r = form.Responsible[n];
            var key = $"{nameof(form.Responsible)}[{n}]";
            if (string.IsNullOrWhiteSpace(r.RoleTitle))
            {
                errors.AddModelError($"{key}.{nameof(r.RoleTitle)}", $"Ange roll för ansvarig {n + 1}.");
            }
            if (r.DepartmentId is { } d && !options.HasDepartment(d))
            {
                errors.AddModelError($"{key}.{nameof(r.DepartmentId)}", $"Avdelningen för ansvarig {n + 1} finns inte i förvaltningen.");
            }
            if (r.GroupId is { } g && !options.HasGroup(g))
            {
                errors.AddModelError($"{key}.{nameof(r.GroupId)}", $"Gruppen för ansvarig {n + 1} finns inte i förvaltningen.");
            }
            if (!string.IsNullOrEmpty(r.UserId) && !options.HasUser(r.UserId))
            {
                errors.AddModelError($"{key}.{nameof(r.UserId)}", $"Personen för ansvarig {n + 1} finns inte i förvaltningen.");
            }
            CheckReference(r.Parts, activityCount, $"{key}.{nameof(r.Parts)}", $"ansvarig {n + 1}", errors);
        }
        for (var n = 0; n < form.Activities.Count; n++)
        {
            if (string.IsNullOrWhiteSpace(form.Activities[n].Text))
            {
                errors.AddModelError($"{nameof(form.Activities)}[{n}].{nameof(ActivityRow.Text)}", $"Beskriv aktivitet {n + 1}.");
            }
        }
        for (var n = 0; n < form.FollowUps.Count; n++)
        {
            var key = $"{nameof(form.FollowUps)}[{n}]";
            if (string.IsNullOrWhiteSpace(form.FollowUps[n].Method))
            {
                errors.AddModelError($"{key}.{nameof(FollowUpRow.Method)}", $"Beskriv uppföljning {n + 1}.");
            }
            CheckReference(form.FollowUps[n].RefersTo, activityCount, $"{key}.{nameof(FollowUpRow.RefersTo)}", $"uppföljning {n + 1}", errors);
        }
        for (var n = 0; n < form.Effects.Count; n++)
        {
            var e = form.Effects[n];
            var key = $"{nameof(form.Effects)}[{n}]";
            if (string.IsNullOrWhiteSpace(e.Text))
            {
                errors.AddModelError($"{key}.{nameof(EffectRow.Text)}", $"Beskriv förväntad effekt {n + 1}.");
            }
            if (string.IsNullOrWhiteSpace(e.IndicatorName) && (e.Baseline is not null || e.Target is not null || !string.IsNullOrWhiteSpace(e.IndicatorUnit)))
            {
                errors.AddModelError($"{key}.{nameof(EffectRow.IndicatorName)}", $"Ange indikatorns namn för effekt {n + 1}.");
            }
            CheckReference(e.RefersTo, activityCount, $"{key}.{nameof(EffectRow.RefersTo)}", $"effekt {n + 1}", errors);
        }
        for (var n = 0; n < form.Resources.Count; n++)
        {
            var key = $"{nameof(form.Resources)}[{n}]";
            if (string.IsNullOrWhiteSpace(form.Resources[n].Text))
            {
                errors.AddModelError($"{key}.{nameof(ResourceRow.Text)}", $"Beskriv resurs {n + 1}.");
            }
            CheckReference(form.Resources[n].RefersTo, activityCount, $"{key}.{nameof(ResourceRow.RefersTo)}", $"resurs {n + 1}", errors);
        }
        foreach (var id in form.PartnerIds.Where(id => !options.HasPartner(id)))
        {
            errors.AddModelError(nameof(form.PartnerIds), $"Samverkansparten med id {id} finns inte i förvaltningen.");
        }
        foreach (var id in form.UnitIds.Where(id => !options.HasUnit(id)))
        {
            errors.AddModelError(nameof(form.UnitIds), $"Enheten med id {id} hör inte till förvaltningen.");
        }
        foreach (var id in form.ThemeIds.Where(id => !options.HasTheme(id)))
        {
            errors.AddModelError(nameof(form.ThemeIds), $"Området med id {id} finns inte i planen.");
        }

        // An avdelningschef or tjänsteperson writes insatser their department answers for, so the insats
        // must keep one of their departments among the responsible; otherwise they would lock themselves out.
        if (!user.IsIn(Roles.DirectorOfEducation)
            && !form.Responsible.Any(r => r.DepartmentId is { } d && user.DepartmentIds.Contains(d)))
        {
            errors.AddModelError(nameof(form.Responsible), "Minst en ansvarig ska vara knuten till din avdelning.");
        }
    }

    private static void CheckReference(string? text, int activityCount, string key, string what, ModelStateDictionary errors)
    {
        if (!PartReferences.TryParse(text, out var numbers))
        {
            errors.AddModelError(key, $"Skriv delarna för {what} som nummer, till exempel ”1”, ”1–2” eller ”1, 3”.");
        }
        else if (numbers.Any(n => n < 1 || n > activityCount))
        {
            errors.AddModelError(key, $"{char.ToUpperInvariant(what[0])}{what[1..]} hänvisar till en aktivitet som inte finns (det finns {activityCount}).");
        }
    }

    public async Task<int> CreateAsync(int planId, InitiativeForm form, InitiativeFormOptions options, CancellationToken ct)
    {
        var taken = await db.Initiatives.Where(i => i.PlanId == planId).Select(i => i.Key).ToHashSetAsync(ct);
        var last = await db.Initiatives.Where(i => i.PlanId == planId && i.GoalId == form.GoalId)
            .MaxAsync(i => (int?)i.SortOrder, ct) ?? 0;
        var initiative = new Initiative { PlanId = planId, Key = Keys.Unique(form.Title!, taken), Title = form.Title!, SortOrder = last + 1 };
        Apply(form, initiative);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Initiatives.Add(initiative);
        await db.SaveChangesAsync(ct);
        history.Record(HistoryEntityTypes.Initiative, initiative.Id, ChangeAction.Created);
        history.RecordChanges(HistoryEntityTypes.Initiative, initiative.Id, new Snapshot(), Snap(initiative, options));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return initiative.Id;
    }

    public async Task<SaveResult> UpdateAsync(int id, InitiativeForm form, InitiativeFormOptions options, CancellationToken ct)
    {
        var initiative = await LoadAggregateAsync(id, ct);
        if (initiative is null)
        {
            return new SaveResult.NotFound();
        }
        var loadedAt = new DateTime(form.LoadedAt ?? 0, DateTimeKind.Utc);
        if (form.ConcurrencyToken != initiative.ConcurrencyToken)
        {
            return new SaveResult.Conflict(await EditConflict.LoadAsync(db, HistoryEntityTypes.Initiative, id, loadedAt, ct));
        }

        var before = Snap(initiative, options);
        if (initiative.GoalId != form.GoalId)
        {
            initiative.SortOrder = (await db.Initiatives.Where(i => i.PlanId == initiative.PlanId && i.GoalId == form.GoalId)
                .MaxAsync(i => (int?)i.SortOrder, ct) ?? 0) + 1;
        }
        Apply(form, initiative);
        var changed = history.RecordChanges(HistoryEntityTypes.Initiative, id, before, Snap(initiative, options));
        if (changed == 0)
        {
            return new SaveResult.Saved(id);
        }

        // The rows are part of the insats: a change to any of them is a new version of the whole.
        db.Entry(initiative).State = EntityState.Modified;
        db.Entry(initiative).Property(i => i.ConcurrencyToken).OriginalValue = form.ConcurrencyToken!.Value;
        try
        {
            await db.SaveChangesAsync(ct);
            return new SaveResult.Saved(id);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new SaveResult.Conflict(await EditConflict.LoadAsync(db, HistoryEntityTypes.Initiative, id, loadedAt, ct));
        }
    }

    public async Task<bool> ArchiveAsync(int id, string reason, string userId, CancellationToken ct)
    {
        var initiative = await db.Initiatives.SingleOrDefaultAsync(i => i.Id == id, ct);
        if (initiative is null || initiative.IsArchived)
        {
            return false;
        }
        initiative.IsArchived = true;
        initiative.ArchivedAt = clock.GetUtcNow().UtcDateTime;
        initiative.ArchivedReason = reason;
        initiative.ArchivedByUserId = userId;
        history.Record(HistoryEntityTypes.Initiative, id, ChangeAction.Archived, reason);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<bool> RestoreAsync(int id, CancellationToken ct)
    {
        var initiative = await db.Initiatives.SingleOrDefaultAsync(i => i.Id == id, ct);
        if (initiative is null || !initiative.IsArchived)
        {
            return false;
        }
        initiative.IsArchived = false;
        initiative.ArchivedAt = null;
        initiative.ArchivedReason = null;
        initiative.ArchivedByUserId = null;
        history.Record(HistoryEntityTypes.Initiative, id, ChangeAction.Restored);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>A copy in the same plan, under the same goal, planned and not yet started, linked to its source.</summary>
    public async Task<int?> CopyAsync(int id, CancellationToken ct)
    {
        var source = await LoadAggregateAsync(id, ct);
        if (source is null)
        {
            return null;
        }
        var form = ToForm(source, clock.GetUtcNow().UtcDateTime);
        var taken = await db.Initiatives.Where(i => i.PlanId == source.PlanId).Select(i => i.Key).ToHashSetAsync(ct);
        var copy = new Initiative
        {
            PlanId = source.PlanId, Key = Keys.Unique(source.Title + " kopia", taken), Title = $"{source.Title} (kopia)",
            CopiedFromId = source.Id,
            SortOrder = (await db.Initiatives.Where(i => i.PlanId == source.PlanId && i.GoalId == source.GoalId).MaxAsync(i => (int?)i.SortOrder, ct) ?? 0) + 1,
        };
        form.Title = copy.Title;
        form.Status = InitiativeStatus.Planned;
        Apply(form, copy);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Initiatives.Add(copy);
        await db.SaveChangesAsync(ct);
        history.Record(HistoryEntityTypes.Initiative, copy.Id, ChangeAction.Created, $"Kopia av ”{source.Title}”");
        history.Record(HistoryEntityTypes.Initiative, source.Id, ChangeAction.Copied, $"Kopierad till ”{copy.Title}”");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return copy.Id;
    }

    /// <summary>Applies the form to the insats, keeping the ids of rows that stay (updated in place by position).
    /// The Excel import (Features/PlanTransfer) writes through this too, so both normalise values alike.</summary>
    internal static void Apply(InitiativeForm form, Initiative i)
    {
        i.GoalId = form.GoalId;
        i.Number = Clean(form.Number);
        i.Title = form.Title!.Trim();
        i.AlternativeTitles = form.AlternativeTitleList.ToList();
        i.Background = Clean(form.Background);
        i.Purpose = Clean(form.Purpose);
        i.Objective = Clean(form.Objective);
        i.TargetGroup = Clean(form.TargetGroup);
        i.Content = Clean(form.Content);
        i.Status = form.Status!.Value;
        i.StartDate = form.StartDate;
        i.EndDate = form.EndDate;
        i.Origin = Clean(form.Origin);
        i.HasAssignmentDescription = form.AssignmentDescription;
        i.AssignmentDescriptionLocation = Clean(form.AssignmentDescriptionLocation);

        Sync(i.Responsible, form.Responsible, (e, r, n) =>
        {
            e.SortOrder = n + 1;
            e.RoleTitle = r.RoleTitle!.Trim();
            e.UserId = string.IsNullOrEmpty(r.UserId) ? null : r.UserId;
            e.DepartmentId = r.DepartmentId;
            e.GroupId = r.GroupId;
            e.Parts = PartReferences.Normalise(r.Parts);
        }, () => new ResponsibleEntry { RoleTitle = "" });
        Sync(i.Activities, form.Activities, (e, r, n) =>
        {
            e.Number = n + 1;
            e.Text = r.Text!.Trim();
            e.Timing = Clean(r.Timing);
        }, () => new Activity { Text = "" });
        Sync(i.FollowUpPlan, form.FollowUps, (e, r, n) =>
        {
            e.SortOrder = n + 1;
            e.RefersTo = PartReferences.Normalise(r.RefersTo);
            e.Method = r.Method!.Trim();
            e.Timing = Clean(r.Timing);
        }, () => new FollowUpPlanItem { Method = "" });
        Sync(i.ExpectedEffects, form.Effects, (e, r, n) =>
        {
            e.SortOrder = n + 1;
            e.RefersTo = PartReferences.Normalise(r.RefersTo);
            e.Text = r.Text!.Trim();
            e.IndicatorName = Clean(r.IndicatorName);
            e.IndicatorUnit = Clean(r.IndicatorUnit);
            e.IndicatorBaseline = r.Baseline;
            e.IndicatorTarget = r.Target;
        }, () => new ExpectedEffect { Text = "" });
        Sync(i.Resources, form.Resources, (e, r, n) =>
        {
            e.SortOrder = n + 1;
            e.RefersTo = PartReferences.Normalise(r.RefersTo);
            e.Text = r.Text!.Trim();
            e.AmountKronor = r.AmountKronor;
            e.Hours = r.Hours;
        }, () => new Resource { Text = "" });

        SyncLinks(i.Partners, form.PartnerIds, p => p.PartnerId, id => new InitiativePartner { PartnerId = id });
        SyncLinks(i.TargetedUnits, form.UnitIds, u => u.UnitId, id => new InitiativeUnit { UnitId = id });
        SyncLinks(i.Themes, form.ThemeIds, t => t.ThemeId, id => new InitiativeTheme { ThemeId = id });
    }

    private static void Sync<TEntity, TRow>(List<TEntity> entities, List<TRow> rows, Action<TEntity, TRow, int> set, Func<TEntity> create)
    {
        var ordered = entities.ToList();
        for (var n = 0; n < rows.Count; n++)
        {
            if (n >= ordered.Count)
            {
                var entity = create();
                entities.Add(entity);
                ordered.Add(entity);
            }
            set(ordered[n], rows[n], n);
        }
        foreach (var extra in ordered.Skip(rows.Count))
        {
            entities.Remove(extra);
        }
    }

    private static void SyncLinks<T>(List<T> links, List<int> ids, Func<T, int> idOf, Func<int, T> create)
    {
        var wanted = ids.Distinct().ToHashSet();
        links.RemoveAll(l => !wanted.Contains(idOf(l)));
        links.AddRange(wanted.Where(id => links.All(l => idOf(l) != id)).Select(create));
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The insats as the user reads it, field by field, for history and conflict display.</summary>
    public static Snapshot Snap(Initiative i, InitiativeFormOptions o)
    {
        var s = new Snapshot()
            .Add("Mål", i.GoalId is null ? "Övergripande insats" : o.NameOf(o.Goals, i.GoalId))
            .Add("Nummer", i.Number)
            .Add("Titel", i.Title)
            .Add("Alternativa titlar", string.Join("; ", i.AlternativeTitles))
            .Add("Bakgrund", i.Background)
            .Add("Syfte", i.Purpose)
            .Add("Insatsens mål", i.Objective)
            .Add("Målgrupp", i.TargetGroup)
            .Add("Innehåll", i.Content)
            .Add("Status", i.Status.Name())
            .Add("Start", i.StartDate?.ToString("yyyy-MM-dd", Display.Swedish))
            .Add("Slut", i.EndDate?.ToString("yyyy-MM-dd", Display.Swedish))
            .Add("Ursprung", i.Origin)
            .Add("Uppdragsbeskrivning", i.HasAssignmentDescription switch { true => "Ja", false => "Nej", null => null })
            .Add("Var uppdragsbeskrivningen finns", i.AssignmentDescriptionLocation);
        foreach (var (r, n) in i.Responsible.OrderBy(r => r.SortOrder).Select((r, n) => (r, n + 1)))
        {
            var tied = new[]
                {
                    r.UserId is null ? "" : o.Users.FirstOrDefault(u => u.Value == r.UserId)?.Text ?? "",
                    o.NameOf(o.Departments, r.DepartmentId),
                    o.NameOf(o.Groups, r.GroupId),
                }
                .Where(x => x.Length > 0);
            s.Add($"Ansvarig {n}", $"{r.RoleTitle}{(r.Parts is null ? "" : $" (för {r.Parts}.)")}{string.Concat(tied.Select(t => " – " + t))}");
        }
        foreach (var a in i.Activities.OrderBy(a => a.Number))
        {
            s.Add($"Aktivitet {a.Number}", a.Text).Add($"Aktivitet {a.Number} – när", a.Timing);
        }
        foreach (var (f, n) in i.FollowUpPlan.OrderBy(f => f.SortOrder).Select((f, n) => (f, n + 1)))
        {
            s.Add($"Uppföljning {n}", Prefixed(f.RefersTo, f.Method)).Add($"Uppföljning {n} – när", f.Timing);
        }
        foreach (var (e, n) in i.ExpectedEffects.OrderBy(e => e.SortOrder).Select((e, n) => (e, n + 1)))
        {
            s.Add($"Förväntad effekt {n}", Prefixed(e.RefersTo, e.Text));
            s.Add($"Förväntad effekt {n} – indikator", e.IndicatorName is null ? null
                : $"{e.IndicatorName}{(e.IndicatorUnit is null ? "" : $" ({e.IndicatorUnit})")}, utgångsvärde {e.IndicatorBaseline?.ToString(Display.Swedish) ?? "–"}, målvärde {e.IndicatorTarget?.ToString(Display.Swedish) ?? "–"}");
        }
        foreach (var (r, n) in i.Resources.OrderBy(r => r.SortOrder).Select((r, n) => (r, n + 1)))
        {
            s.Add($"Resurs {n}", Prefixed(r.RefersTo, r.Text))
                .Add($"Resurs {n} – kronor", r.AmountKronor?.ToString("N0", Display.Swedish))
                .Add($"Resurs {n} – timmar", r.Hours?.ToString(Display.Swedish));
        }
        return s
            .Add("Samverkan", string.Join(", ", i.Partners.Select(p => o.NameOf(o.Partners, p.PartnerId)).Order(StringComparer.Ordinal)))
            .Add("Berörda enheter", string.Join(", ", i.TargetedUnits.Select(u => o.NameOf(o.Units, u.UnitId)).Order(StringComparer.Ordinal)))
            .Add("Områden", string.Join(", ", i.Themes.Select(t => o.NameOf(o.Themes, t.ThemeId)).Order(StringComparer.Ordinal)));
    }

    private static string Prefixed(string? refersTo, string text) => refersTo is null ? text : $"{refersTo}. {text}";
}
