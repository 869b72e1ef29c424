using System.Text.RegularExpressions;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.History;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Insatsportal.Web.Features.Kolada;

public sealed record KpiMatch(string Id, string Title, bool IsDivided);

/// <summary>What linking a figure came to: linked, several titles to choose from, or a Swedish message why not.</summary>
public sealed record LinkOutcome(bool Linked, IReadOnlyList<KpiMatch> Matches, string? Error);

/// <summary>
/// Links goals and expected effects to Kolada key figures, fetches their values (on demand or by the daily job)
/// and stores uploaded Kolada JSON. Values are written only after a whole answer has been read, so a failed fetch
/// or a malformed file leaves the stored values as they were (docs/kolada.md).
/// </summary>
public sealed partial class KoladaService(
    AppDbContext db, KoladaClient client, HistoryRecorder history, TimeProvider clock, IOptions<KoladaOptions> options,
    ILogger<KoladaService> logger)
{
    [GeneratedRegex("^[A-Za-z][0-9]{5}$")]
    private static partial Regex KpiId();

    public static bool IsKpiId(string text) => KpiId().IsMatch(text);

    /// <summary>Key figures whose title contains the text, from the local catalogue; when it has none, from
    /// Kolada's own title search (the answers are added to the catalogue).</summary>
    public async Task<(IReadOnlyList<KpiMatch> Matches, string? Error)> SearchAsync(string text, CancellationToken ct)
    {
        var lower = text.Trim().ToLowerInvariant();
        // Translated to SQL LOWER(…) LIKE on every engine, so case does not matter whatever the column's collation.
#pragma warning disable CA1304, CA1311, CA1862
        var local = await db.KoladaKpis.AsNoTracking().Where(k => k.Title.ToLower().Contains(lower))
#pragma warning restore CA1304, CA1311, CA1862
            .OrderBy(k => k.Id).Take(25).Select(k => new KpiMatch(k.Id, k.Title, k.IsDivided)).ToListAsync(ct);
        if (local.Count > 0)
        {
            return (local, null);
        }
        try
        {
            var remote = await client.KpisByTitleAsync(text.Trim(), ct);
            await AddToCatalogueAsync(remote, ct);
            return (remote.Where(k => k.Id is not null && k.Title is not null).Take(25)
                .Select(k => new KpiMatch(k.Id!, k.Title!, k.IsDivided)).ToList(), null);
        }
        catch (KoladaFetchException ex)
        {
            return ([], $"Inget nyckeltal i den lokala katalogen har ”{text.Trim()}” i titeln, och Kolada gick inte att fråga: {ex.Message}");
        }
    }

    /// <summary>Fetches Kolada's whole catalogue of key figures into the local one.</summary>
    public async Task<int> RefreshCatalogueAsync(CancellationToken ct)
    {
        var all = await client.KpisByTitleAsync("", ct);
        return await AddToCatalogueAsync(all, ct);
    }

    private async Task<int> AddToCatalogueAsync(IReadOnlyList<KoladaKpiItem> items, CancellationToken ct)
    {
        var valid = items.Where(k => k.Id is { Length: > 0 and <= Kolada.KpiIdLength } && !string.IsNullOrWhiteSpace(k.Title))
            .GroupBy(k => k.Id!).Select(g => g.First()).ToList();
        var ids = valid.Select(k => k.Id!).ToList();
        var existing = await db.KoladaKpis.Where(k => ids.Contains(k.Id)).ToDictionaryAsync(k => k.Id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var item in valid)
        {
            if (!existing.TryGetValue(item.Id!, out var kpi))
            {
                kpi = new KoladaKpi { Id = item.Id!, Title = "" };
                db.KoladaKpis.Add(kpi);
            }
            kpi.Title = Truncate(item.Title!.Trim(), Data.Configurations.Lengths.Title);
            kpi.Description = item.Description is null ? null : Truncate(item.Description, Data.Configurations.Lengths.Text);
            kpi.IsDivided = item.IsDivided;
            kpi.HasOuData = item.HasOu;
            kpi.UpdatedAt = now;
        }
        await db.SaveChangesAsync(ct);
        return valid.Count;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    /// <summary>Links a goal (or an expected effect, when <paramref name="effectId"/> is given) to the key figure
    /// named by id, or by a text its title contains when exactly one figure matches.</summary>
    public async Task<LinkOutcome> LinkAsync(
        int organisationId, int? goalId, int? effectId, string? idOrTitle, bool forMunicipality, bool forUnits,
        string userId, CancellationToken ct)
    {
        var text = idOrTitle?.Trim() ?? "";
        if (text.Length == 0)
        {
            return new(false, [], "Skriv nyckeltalets id (till exempel N15419) eller en del av dess titel.");
        }
        if (text.Length > Data.Configurations.Lengths.Phrase)
        {
            return new(false, [], $"Sökningen får vara högst {Data.Configurations.Lengths.Phrase} tecken.");
        }
        if (!forMunicipality && !forUnits)
        {
            return new(false, [], "Välj om nyckeltalet ska visas för kommunen, för skolorna eller för båda.");
        }
        string kpiId;
        if (IsKpiId(text))
        {
            kpiId = text.ToUpperInvariant();
            if (!await db.KoladaKpis.AnyAsync(k => k.Id == kpiId, ct))
            {
                try
                {
                    var found = await client.KpisByIdAsync([kpiId], ct);
                    if (found.All(k => !string.Equals(k.Id, kpiId, StringComparison.OrdinalIgnoreCase)))
                    {
                        return new(false, [], $"Kolada har inget nyckeltal med id {kpiId}.");
                    }
                    await AddToCatalogueAsync(found, ct);
                }
                catch (KoladaFetchException ex)
                {
                    return new(false, [], $"Nyckeltalet {kpiId} finns inte i den lokala katalogen, och Kolada gick inte att fråga: {ex.Message}");
                }
            }
        }
        else
        {
            var (matches, error) = await SearchAsync(text, ct);
            if (error is not null)
            {
                return new(false, [], error);
            }
            if (matches.Count != 1)
            {
                return new(false, matches, matches.Count == 0 ? $"Inget nyckeltal har ”{text}” i titeln." : null);
            }
            kpiId = matches[0].Id;
        }
        var active = db.KoladaLinks.Where(l => l.RemovedAt == null && l.KpiId == kpiId && l.OrganisationId == organisationId);
        if (await active.AnyAsync(l => l.GoalId == goalId && l.ExpectedEffectId == effectId, ct))
        {
            return new(false, [], $"Nyckeltalet {kpiId} är redan kopplat hit.");
        }
        db.KoladaLinks.Add(new KoladaLink
        {
            OrganisationId = organisationId, GoalId = goalId, ExpectedEffectId = effectId, KpiId = kpiId,
            ForMunicipality = forMunicipality, ForUnits = forUnits, CreatedByUserId = userId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        await RecordAsync(goalId, effectId, $"Nyckeltal {kpiId} från Kolada kopplat", ct);
        await EnsureStateAsync(organisationId, ct);
        await db.SaveChangesAsync(ct);
        return new(true, [], null);
    }

    /// <summary>Ends a link (kept, with who and when); its values stay in the database for other links.</summary>
    public async Task<bool> UnlinkAsync(int linkId, string userId, CancellationToken ct)
    {
        var link = await db.KoladaLinks.SingleOrDefaultAsync(l => l.Id == linkId && l.RemovedAt == null, ct);
        if (link is null)
        {
            return false;
        }
        link.RemovedAt = clock.GetUtcNow().UtcDateTime;
        link.RemovedByUserId = userId;
        await RecordAsync(link.GoalId, link.ExpectedEffectId, $"Nyckeltal {link.KpiId} från Kolada borttaget", ct);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>A link changes what the goal's or insats's page shows, so it is in their history.</summary>
    private async Task RecordAsync(int? goalId, int? effectId, string note, CancellationToken ct)
    {
        if (goalId is { } goal)
        {
            history.Record(HistoryEntityTypes.Goal, goal, ChangeAction.Updated, note);
        }
        else if (effectId is { } effect)
        {
            var initiative = await db.ExpectedEffects.Where(e => e.Id == effect).Select(e => e.InitiativeId).SingleAsync(ct);
            history.Record(HistoryEntityTypes.Initiative, initiative, ChangeAction.Updated, note);
        }
    }

    private async Task EnsureStateAsync(int organisationId, CancellationToken ct)
    {
        if (db.KoladaFetchStates.Local.All(s => s.OrganisationId != organisationId)
            && !await db.KoladaFetchStates.AnyAsync(s => s.OrganisationId == organisationId, ct))
        {
            db.KoladaFetchStates.Add(new KoladaFetchState { OrganisationId = organisationId });
        }
    }

    /// <summary>Sets the förvaltning's municipality code in Kolada (four digits) or clears it.</summary>
    public async Task<string?> SetMunicipalityAsync(int organisationId, string? code, CancellationToken ct)
    {
        var clean = string.IsNullOrWhiteSpace(code) ? null : code.Trim();
        if (clean is not null && !MunicipalityCode().IsMatch(clean))
        {
            return "Kommunkoden ska vara fyra siffror, till exempel 1380 för Halmstad.";
        }
        if (clean == Kolada.AllMunicipalities)
        {
            return "0000 är alla kommuners genomsnitt; ange kommunens egen kod.";
        }
        var organisation = await db.Organisations.SingleAsync(o => o.Id == organisationId, ct);
        organisation.KoladaMunicipalityId = clean;
        await EnsureStateAsync(organisationId, ct);
        await db.SaveChangesAsync(ct);
        return null;
    }

    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex MunicipalityCode();
}
