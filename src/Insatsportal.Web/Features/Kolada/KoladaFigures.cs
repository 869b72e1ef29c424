using System.Linq.Expressions;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.Web.Features.Kolada;

/// <summary>One cell: a year's value, or none (Kolada had none, or it was never fetched), with Kolada's status.</summary>
public sealed record FigureCell(int Year, decimal? Value, string? Status, bool Fetched)
{
    /// <summary>"78,5"; "saknas" where Kolada sent no value; "–" where nothing has been fetched.</summary>
    public string Text => Value is { } v ? v.ToString("0.#", Shared.Display.Swedish) : Fetched ? "saknas" : "–";
}

/// <summary>A row of a figure's table: the municipality (per gender), Riket, or a school.</summary>
public sealed record FigureRow(string Label, string Gender, bool IsComparison, int? UnitId, IReadOnlyList<FigureCell> Cells)
{
    public decimal? Latest => Cells.LastOrDefault(c => c.Value is not null)?.Value;
}

public sealed record KoladaFigure(
    int LinkId, int? GoalId, int? EffectId, string KpiId, string Title, bool ForMunicipality, bool ForUnits,
    IReadOnlyList<int> Years, IReadOnlyList<FigureRow> Rows);

public sealed record FetchStatus(DateTime? LastSuccessAt, string? LastSource, DateTime? LastFailureAt, string? LastFailure)
{
    /// <summary>The last attempt failed (after the last success, or with none): the values shown are older.</summary>
    public bool LastFailed => LastFailureAt is { } f && (LastSuccessAt is not { } s || f > s);
}

/// <summary>The figures shown on a page, the fetch's state, and whether the user may link, fetch or upload.</summary>
public sealed record KoladaPanel(
    int OrganisationId, string? MunicipalityId, IReadOnlyList<KoladaFigure> Figures, FetchStatus Status, bool MayManage,
    string LinkAction, string Heading)
{
    public IEnumerable<KoladaFigure> ForGoal(int goalId) => Figures.Where(f => f.GoalId == goalId);
    public IEnumerable<KoladaFigure> ForEffect(int effectId) => Figures.Where(f => f.EffectId == effectId);
}

/// <summary>
/// Reads linked figures with their values for display: a fixed number of queries whatever the number of goals,
/// effects or schools (links, the municipality, units when a figure is per school, values, fetch state), so the
/// overview of a plan with 5 000 insatser costs the same as a goal page.
/// </summary>
public sealed class KoladaFigures(AppDbContext db, TimeProvider clock)
{
    /// <summary>The figures of the links <paramref name="which"/> selects (in the förvaltning, when given). With no
    /// link and <paramref name="statusWhenEmpty"/> false, that one query is all (the overview and the nämndunderlag
    /// of a plan without figures cost one command).</summary>
    public Task<(IReadOnlyList<KoladaFigure> Figures, FetchStatus Status, string? Municipality)> ForGoalsAsync(
        int? organisationId, Expression<Func<KoladaLink, bool>> which, IReadOnlyCollection<int>? onlyUnits, CancellationToken ct,
        bool statusWhenEmpty = true) =>
        LoadAsync(organisationId, which, onlyUnits, statusWhenEmpty, ct);

    private async Task<(IReadOnlyList<KoladaFigure>, FetchStatus, string?)> LoadAsync(
        int? organisationFilter, Expression<Func<KoladaLink, bool>> which, IReadOnlyCollection<int>? onlyUnits, bool statusWhenEmpty,
        CancellationToken ct)
    {
        var links = await db.KoladaLinks.AsNoTracking()
            .Where(l => (organisationFilter == null || l.OrganisationId == organisationFilter) && l.RemovedAt == null).Where(which)
            .OrderBy(l => l.KpiId).ThenBy(l => l.Id)
            .Select(l => new
            {
                l.Id, l.OrganisationId, l.GoalId, l.ExpectedEffectId, l.KpiId, l.Kpi.Title, l.Kpi.IsDivided, l.ForMunicipality, l.ForUnits,
                Start = l.Goal != null ? l.Goal.Plan.PeriodStart : l.ExpectedEffect!.Initiative.Plan.PeriodStart,
                End = l.Goal != null ? l.Goal.Plan.PeriodEnd : l.ExpectedEffect!.Initiative.Plan.PeriodEnd,
            })
            .ToListAsync(ct);
        if (links.Count == 0 && !statusWhenEmpty)
        {
            return ([], new FetchStatus(null, null, null, null), null);
        }
        if ((organisationFilter ?? links.FirstOrDefault()?.OrganisationId) is not { } organisationId)
        {
            return ([], new FetchStatus(null, null, null, null), null);
        }
        var state = await db.KoladaFetchStates.AsNoTracking().Where(s => s.OrganisationId == organisationId)
            .Select(s => new { s.LastSuccessAt, s.LastSource, s.LastFailureAt, s.LastFailure, s.Organisation.KoladaMunicipalityId })
            .SingleOrDefaultAsync(ct);
        var status = new FetchStatus(state?.LastSuccessAt, state?.LastSource, state?.LastFailureAt, state?.LastFailure);
        var municipality = state is null
            ? await db.Organisations.Where(o => o.Id == organisationId).Select(o => o.KoladaMunicipalityId).SingleOrDefaultAsync(ct)
            : state.KoladaMunicipalityId;
        if (links.Count == 0)
        {
            return ([], status, municipality);
        }
        var units = links.Any(l => l.ForUnits)
            ? await db.Units.AsNoTracking()
                .Where(u => u.OrganisationId == organisationId && u.KoladaOuId != null && u.ClosedOn == null)
                .Where(u => onlyUnits == null || onlyUnits.Contains(u.Id))
                .OrderBy(u => u.Name).Select(u => new { u.Id, u.Name, Ou = u.KoladaOuId! }).ToListAsync(ct)
            : [];
        var kpis = links.Select(l => l.KpiId).Distinct().ToList();
        var areas = units.Select(u => u.Ou).Append(Kolada.AllMunicipalities).ToList();
        if (municipality is not null)
        {
            areas.Add(municipality);
        }
        var values = await db.KoladaValues.AsNoTracking().Where(v => kpis.Contains(v.KpiId) && areas.Contains(v.AreaId))
            .Select(v => new { v.KpiId, v.AreaKind, v.AreaId, v.Year, v.Gender, v.Value, v.Status }).ToListAsync(ct);
        var byKey = values.ToDictionary(v => (v.KpiId, v.AreaKind, v.AreaId, v.Year, v.Gender));
        var thisYear = clock.GetUtcNow().Year;

        List<FigureCell> Cells(string kpi, KoladaAreaKind kind, string area, string gender, IReadOnlyList<int> years) =>
            years.Select(y => byKey.TryGetValue((kpi, kind, area, y, gender), out var v)
                ? new FigureCell(y, v.Value, v.Status, true) : new FigureCell(y, null, null, false)).ToList();

        var figures = new List<KoladaFigure>();
        foreach (var l in links)
        {
            var years = FigureYears.For(l.Start, l.End, thisYear).ToList();
            var rows = new List<FigureRow>();
            if (l.ForMunicipality && municipality is not null)
            {
                foreach (var gender in l.IsDivided ? new[] { "T", "K", "M" } : ["T"])
                {
                    rows.Add(new FigureRow(
                        $"Kommunen ({municipality}){(gender == "T" ? "" : ", " + Kolada.GenderName(gender).ToLowerInvariant())}",
                        gender, false, null, Cells(l.KpiId, KoladaAreaKind.Municipality, municipality, gender, years)));
                }
                rows.Add(new FigureRow("Alla kommuner, genomsnitt (Riket)", "T", true, null,
                    Cells(l.KpiId, KoladaAreaKind.Municipality, Kolada.AllMunicipalities, "T", years)));
            }
            if (l.ForUnits)
            {
                var schools = units.Select(u => new FigureRow(u.Name, "T", false, u.Id,
                    Cells(l.KpiId, KoladaAreaKind.Unit, u.Ou, "T", years))).ToList();
                rows.AddRange(onlyUnits is null && schools.Count > SchoolRowsAtMost ? SchoolSpread(schools, years) : schools);
            }
            figures.Add(new KoladaFigure(l.Id, l.GoalId, l.ExpectedEffectId, l.KpiId, l.Title, l.ForMunicipality, l.ForUnits, years, rows));
        }
        return (figures, status, municipality);
    }

    /// <summary>Above this many schools a figure's table shows their spread instead of a row per school: a
    /// förvaltning of 600 schools would otherwise put 600 rows per figure on the goal page, the overview and the
    /// nämndunderlag (the 500 KB page budget). Each school's own figure stands beside its reports.</summary>
    public const int SchoolRowsAtMost = 20;

    /// <summary>The schools' lowest, median and highest value per year, with how many schools had one.</summary>
    private static IEnumerable<FigureRow> SchoolSpread(List<FigureRow> schools, IReadOnlyList<int> years)
    {
        var perYear = years.Select((year, i) => (year, Values: schools.Select(s => s.Cells[i]).Where(c => c.Value is not null)
            .Select(c => c.Value!.Value).Order().ToList(), Fetched: schools.Any(s => s.Cells[i].Fetched))).ToList();
        FigureRow Row(string label, Func<List<decimal>, decimal> pick) => new(
            $"Skolorna ({Shared.Display.Count(schools.Count, "skola", "skolor")}), {label}", "T", true, null,
            perYear.Select(y => new FigureCell(y.year, y.Values.Count > 0 ? pick(y.Values) : null, null, y.Fetched)).ToList());
        yield return Row("lägsta", v => v[0]);
        yield return Row("median", v => v.Count % 2 == 1 ? v[v.Count / 2] : (v[(v.Count / 2) - 1] + v[v.Count / 2]) / 2);
        yield return Row("högsta", v => v[^1]);
    }
}

/// <summary>What the figures partial shows: some of a page's figures, the link form's action (null: no form), and
/// where "Hämta nu" returns to.</summary>
public sealed record KoladaSection(KoladaPanel Panel, IReadOnlyList<KoladaFigure> Figures, string? LinkAction, string ReturnUrl, string Label);

public sealed record EffectRef(int Id, int SortOrder, string Text);

/// <summary>The insats page's figures, per expected effect.</summary>
public sealed record KoladaEffects(KoladaPanel Panel, IReadOnlyList<EffectRef> Effects, int InitiativeId);
