using System.Text.Json;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Kolada;

/// <summary>The figures' values: fetched from Kolada or uploaded as a file, written only once a whole answer has been read.</summary>
public sealed partial class KoladaService
{
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
