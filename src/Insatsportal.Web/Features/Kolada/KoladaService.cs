using System.Text.Json;
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

    /// <summary>What a fetch for the förvaltning asks Kolada for: the linked figures, the municipality and Riket,
    /// the units' ou ids, and the years of the linked plans (two years before each period for a starting point).</summary>
    public async Task<FetchRequest> RequestForAsync(int organisationId, CancellationToken ct)
    {
        var links = await db.KoladaLinks.AsNoTracking()
            .Where(l => l.OrganisationId == organisationId && l.RemovedAt == null)
            .Select(l => new
            {
                l.KpiId, l.ForMunicipality, l.ForUnits,
                Start = l.Goal != null ? l.Goal.Plan.PeriodStart : l.ExpectedEffect!.Initiative.Plan.PeriodStart,
                End = l.Goal != null ? l.Goal.Plan.PeriodEnd : l.ExpectedEffect!.Initiative.Plan.PeriodEnd,
            })
            .ToListAsync(ct);
        var municipality = await db.Organisations.Where(o => o.Id == organisationId).Select(o => o.KoladaMunicipalityId).SingleAsync(ct);
        var ous = links.Any(l => l.ForUnits)
            ? await db.Units.Where(u => u.OrganisationId == organisationId && u.KoladaOuId != null && u.ClosedOn == null)
                .Select(u => u.KoladaOuId!).Distinct().ToListAsync(ct)
            : [];
        var thisYear = clock.GetUtcNow().Year;
        var years = links.SelectMany(l => FigureYears.For(l.Start, l.End, thisYear)).Distinct().Order().ToList();
        return new FetchRequest(
            municipality,
            links.Where(l => l.ForMunicipality).Select(l => l.KpiId).Distinct().Order().ToList(),
            links.Where(l => l.ForUnits).Select(l => l.KpiId).Distinct().Order().ToList(),
            ous, years);
    }

    /// <summary>Fetches the förvaltning's values from Kolada. On failure nothing is written but the failure.</summary>
    public async Task<string?> FetchAsync(int organisationId, CancellationToken ct)
    {
        var request = await RequestForAsync(organisationId, ct);
        var items = new List<KoladaDataItem>();
        try
        {
            if (request.Years.Count > 0 && request.MunicipalityKpis.Count > 0 && request.Municipality is { } municipality)
            {
                items.AddRange(await client.MunicipalityDataAsync(
                    request.MunicipalityKpis, [municipality, Kolada.AllMunicipalities], request.Years, ct));
            }
            if (request.Years.Count > 0 && request.UnitKpis.Count > 0)
            {
                // Some ids at a time, so that 600 schools do not make a URL too long for Kolada's server.
                foreach (var chunk in request.Ous.Chunk(25))
                {
                    items.AddRange(await client.UnitDataAsync(request.UnitKpis, chunk, request.Years, ct));
                }
            }
        }
        catch (KoladaFetchException ex)
        {
            logger.LogWarning(ex, "Kolada fetch for organisation {OrganisationId} failed", organisationId);
            await RecordFailureAsync(organisationId, ex.Message, ct);
            return ex.Message;
        }
        await StoreAsync(organisationId, items, Kolada.FromKolada, ct);
        return null;
    }

    private async Task RecordFailureAsync(int organisationId, string message, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await EnsureStateAsync(organisationId, ct);
        await db.SaveChangesAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.KoladaFetchStates.Where(s => s.OrganisationId == organisationId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.LastFailureAt, now).SetProperty(x => x.LastFailure, Truncate(message, Data.Configurations.Lengths.Reason)), ct);
    }

    /// <summary>Reads an uploaded file in Kolada's data format (one answer page, or an array of pages) and stores
    /// its values. Returns a Swedish message when the file is too large or not such JSON; then nothing is stored.</summary>
    public async Task<(int Values, string? Error)> UploadAsync(int organisationId, Stream file, CancellationToken ct)
    {
        List<KoladaDataItem> items;
        try
        {
            await using var capped = new CappedStream(file, options.Value.MaxUploadBytes);
            using var document = await JsonDocument.ParseAsync(capped, new JsonDocumentOptions { MaxDepth = 16 }, ct);
            var pages = document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement.EnumerateArray().ToList()
                : [document.RootElement];
            items = [];
            foreach (var page in pages)
            {
                if (page.ValueKind != JsonValueKind.Object || !page.TryGetProperty("values", out var values)
                    || values.ValueKind != JsonValueKind.Array)
                {
                    return (0, "Filen har inte Koladas format: den ska ha en lista ”values” med nyckeltal, område, år och värden.");
                }
                items.AddRange(values.Deserialize<List<KoladaDataItem>>(KoladaJson.Options) ?? []);
            }
        }
        catch (CappedStream.TooLargeException)
        {
            return (0, $"Filen är för stor: högst {options.Value.MaxUploadBytes / (1024 * 1024)} MB.");
        }
        catch (JsonException)
        {
            return (0, "Filen är inte giltig JSON i Koladas format. Inga värden har ändrats.");
        }
        if (items.Any(i => string.IsNullOrWhiteSpace(i.Kpi) || (i.Municipality is null && i.Ou is null) || i.Period is < 1900 or > 2200))
        {
            return (0, "Varje post i filen ska ha ”kpi”, ”municipality” eller ”ou”, och ”period” (ett år). Inga värden har ändrats.");
        }
        return (await StoreAsync(organisationId, items, Kolada.FromUpload, ct), null);
    }

    /// <summary>Writes the values (insert or update by figure, area, year and gender) and marks the fetch a success.</summary>
    private async Task<int> StoreAsync(int organisationId, IReadOnlyList<KoladaDataItem> items, string source, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var incoming = new Dictionary<(string, KoladaAreaKind, string, int, string), KoladaGenderValue>();
        foreach (var item in items)
        {
            var (kind, area) = item.Ou is { Length: > 0 } ou ? (KoladaAreaKind.Unit, ou) : (KoladaAreaKind.Municipality, item.Municipality!);
            if (item.Kpi!.Length > Kolada.KpiIdLength || area.Length > Kolada.AreaIdLength)
            {
                continue;
            }
            foreach (var v in item.Values ?? [])
            {
                var gender = v.Gender is "K" or "M" ? v.Gender : "T";
                incoming[(item.Kpi, kind, area, item.Period, gender)] = v;
            }
        }
        var kpis = incoming.Keys.Select(k => k.Item1).Distinct().ToList();
        var areas = incoming.Keys.Select(k => k.Item3).Distinct().ToList();
        var existing = kpis.Count == 0
            ? []
            : await db.KoladaValues.Where(v => kpis.Contains(v.KpiId) && areas.Contains(v.AreaId)).ToListAsync(ct);
        var byKey = existing.ToDictionary(v => (v.KpiId, v.AreaKind, v.AreaId, v.Year, v.Gender));
        foreach (var ((kpi, kind, area, year, gender), v) in incoming)
        {
            if (!byKey.TryGetValue((kpi, kind, area, year, gender), out var row))
            {
                row = new KoladaValue { KpiId = kpi, AreaKind = kind, AreaId = area, Year = year, Gender = gender };
                db.KoladaValues.Add(row);
            }
            row.Value = v.Value;
            row.Status = string.IsNullOrWhiteSpace(v.Status) ? null : Truncate(v.Status.Trim(), 40);
            row.FetchedAt = now;
        }
        await EnsureStateAsync(organisationId, ct);
        await db.SaveChangesAsync(ct);
        await db.KoladaFetchStates.Where(s => s.OrganisationId == organisationId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.LastSuccessAt, now).SetProperty(x => x.LastSource, source), ct);
        return incoming.Count;
    }

    /// <summary>The daily job's claim: one UPDATE that only one instance can win for a förvaltning and a day.</summary>
    public async Task<bool> ClaimDailyAsync(int organisationId, CancellationToken ct)
    {
        await EnsureStateAsync(organisationId, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // Another instance added the row first; the claim below decides.
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var due = now - options.Value.FetchInterval;
        return await db.KoladaFetchStates
            .Where(s => s.OrganisationId == organisationId && (s.ClaimedAt == null || s.ClaimedAt <= due))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ClaimedAt, now), ct) == 1;
    }
}

public sealed record FetchRequest(
    string? Municipality, IReadOnlyList<string> MunicipalityKpis, IReadOnlyList<string> UnitKpis,
    IReadOnlyList<string> Ous, IReadOnlyList<int> Years);

/// <summary>The years a figure is shown and fetched for: two before the plan's period (a starting point) through
/// its end, no later than this year.</summary>
public static class FigureYears
{
    public static IEnumerable<int> For(DateOnly start, DateOnly end, int thisYear)
    {
        var last = Math.Min(end.Year, thisYear);
        var first = Math.Max(start.Year - 2, last - 14);
        return first > last ? [] : Enumerable.Range(first, last - first + 1);
    }
}

/// <summary>Counts bytes while they are read and stops past the bound, so an oversized upload is never held whole.</summary>
internal sealed class CappedStream(Stream inner, long max) : Stream
{
    public sealed class TooLargeException : Exception;

    private long _read;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        Count(n);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = inner.Read(buffer, offset, count);
        Count(n);
        return n;
    }

    private void Count(int n)
    {
        _read += n;
        if (_read > max)
        {
            throw new TooLargeException();
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
