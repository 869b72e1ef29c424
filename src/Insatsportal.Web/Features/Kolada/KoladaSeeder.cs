using System.Text.Json;
using System.Text.Json.Serialization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Data.Seeding;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Kolada;

/// <summary>
/// The demo's Kolada figures (seeds/demo/kolada): the Halmstad förvaltning's municipality code, two catalogue
/// entries, links from two of the seeded plan's goals, and made-up values in Kolada's own JSON format. Like every
/// seed it only adds what is missing: a value already in the database (from a real fetch) is never overwritten.
/// </summary>
public sealed class KoladaSeeder(AppDbContext db, TimeProvider clock)
{
    private sealed record LinksSeed(string? Note, string Organisation, string Municipality, List<KpiSeed> Kpis, List<LinkSeed> Links);

    private sealed record KpiSeed(string Id, string Title, [property: JsonPropertyName("is_divided_by_gender")] int IsDividedByGender);

    private sealed record LinkSeed(string Plan, string Goal, string Kpi);

    public async Task SeedAsync(string folder, CancellationToken ct)
    {
        var linksPath = Path.Combine(folder, "demo", "kolada", "links.json");
        var dataPath = Path.Combine(folder, "demo", "kolada", "data.json");
        if (!File.Exists(linksPath) || !File.Exists(dataPath))
        {
            return;
        }
        var seed = JsonSerializer.Deserialize<LinksSeed>(await File.ReadAllTextAsync(linksPath, ct), Seeder.Json)!;
        var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Key == seed.Organisation, ct);
        if (organisation is null)
        {
            return;
        }
        organisation.KoladaMunicipalityId ??= seed.Municipality;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var kpi in seed.Kpis)
        {
            if (!await db.KoladaKpis.AnyAsync(k => k.Id == kpi.Id, ct))
            {
                db.KoladaKpis.Add(new KoladaKpi { Id = kpi.Id, Title = kpi.Title, IsDivided = kpi.IsDividedByGender != 0, UpdatedAt = now });
            }
        }
        foreach (var link in seed.Links)
        {
            var goal = await db.Goals.Where(g => g.Plan.Key == link.Plan && g.Key == link.Goal).Select(g => (int?)g.Id).SingleOrDefaultAsync(ct);
            if (goal is { } goalId && !await db.KoladaLinks.AnyAsync(l => l.GoalId == goalId && l.KpiId == link.Kpi, ct))
            {
                db.KoladaLinks.Add(new KoladaLink
                {
                    OrganisationId = organisation.Id, GoalId = goalId, KpiId = link.Kpi, ForMunicipality = true, CreatedAt = now,
                });
            }
        }
        using (var document = JsonDocument.Parse(await File.ReadAllTextAsync(dataPath, ct)))
        {
            var items = document.RootElement.GetProperty("values").Deserialize<List<KoladaDataItem>>(KoladaJson.Options) ?? [];
            var existing = (await db.KoladaValues.Select(v => new { v.KpiId, v.AreaId, v.Year, v.Gender }).ToListAsync(ct))
                .Select(v => (v.KpiId, v.AreaId, v.Year, v.Gender)).ToHashSet();
            foreach (var item in items)
            {
                foreach (var v in item.Values ?? [])
                {
                    var gender = v.Gender ?? "T";
                    if (existing.Add((item.Kpi!, item.Municipality!, item.Period, gender)))
                    {
                        db.KoladaValues.Add(new KoladaValue
                        {
                            KpiId = item.Kpi!, AreaKind = KoladaAreaKind.Municipality, AreaId = item.Municipality!, Year = item.Period,
                            Gender = gender, Value = v.Value, Status = string.IsNullOrEmpty(v.Status) ? null : v.Status, FetchedAt = now,
                        });
                    }
                }
            }
        }
        if (!await db.KoladaFetchStates.AnyAsync(s => s.OrganisationId == organisation.Id, ct))
        {
            db.KoladaFetchStates.Add(new KoladaFetchState
            {
                OrganisationId = organisation.Id, LastSuccessAt = now, LastSource = "Exempelfil med påhittade värden (seeds/demo/kolada)",
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
