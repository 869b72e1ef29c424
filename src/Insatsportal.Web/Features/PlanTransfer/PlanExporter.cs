using System.Globalization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using T = Insatsportal.Web.Features.PlanTransfer.PlanTemplate;

namespace Insatsportal.Web.Features.PlanTransfer;

/// <summary>The förvaltning's people and organisation as the template names them (by name, e-mail, code).</summary>
public sealed record OrganisationDirectory(
    IReadOnlyList<(int Id, string Name, bool Closed)> Departments,
    IReadOnlyList<(int Id, string Name, bool Archived)> Groups,
    IReadOnlyList<(string Id, string Email, bool Active)> Users,
    IReadOnlyList<(int Id, string Name)> Partners,
    IReadOnlyList<(int Id, string Name, string? Code, bool Closed)> Units)
{
    public static async Task<OrganisationDirectory> LoadAsync(AppDbContext db, int organisationId, CancellationToken ct)
    {
        var departments = await db.Departments.AsNoTracking().Where(d => d.OrganisationId == organisationId)
            .OrderBy(d => d.Id).Select(d => new { d.Id, d.Name, Closed = d.ClosedOn != null }).ToListAsync(ct);
        var groups = await db.Groups.AsNoTracking().Where(g => g.OrganisationId == organisationId)
            .OrderBy(g => g.Id).Select(g => new { g.Id, g.Name, g.IsArchived }).ToListAsync(ct);
        var users = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId && u.Email != null)
            .OrderBy(u => u.Email).Select(u => new { u.Id, u.Email, u.IsActive }).ToListAsync(ct);
        var partners = await db.Partners.AsNoTracking().Where(p => p.OrganisationId == organisationId)
            .OrderBy(p => p.Id).Select(p => new { p.Id, p.Name }).ToListAsync(ct);
        var units = await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId)
            .OrderBy(u => u.Id).Select(u => new { u.Id, u.Name, u.SchoolUnitCode, Closed = u.ClosedOn != null }).ToListAsync(ct);
        return new OrganisationDirectory(
            departments.Select(d => (d.Id, d.Name, d.Closed)).ToList(),
            groups.Select(g => (g.Id, g.Name, g.IsArchived)).ToList(),
            users.Select(u => (u.Id, u.Email!, u.IsActive)).ToList(),
            partners.Select(p => (p.Id, p.Name)).ToList(),
            units.Select(u => (u.Id, u.Name, u.SchoolUnitCode, u.Closed)).ToList());
    }

    // Looked up once per row of an export (a plan of 1 200 insatser names thousands of units and people), so by
    // dictionary rather than by scanning the förvaltning's 600 units and 3 000 users each time.
    private Dictionary<int, string>? _departments, _groups, _partners, _units;
    private Dictionary<string, string>? _users;

    public string DepartmentName(int? id) => id is { } d && (_departments ??= Departments.ToDictionary(x => x.Id, x => x.Name)).TryGetValue(d, out var name) ? name : "";
    public string GroupName(int? id) => id is { } g && (_groups ??= Groups.ToDictionary(x => x.Id, x => x.Name)).TryGetValue(g, out var name) ? name : "";
    public string UserEmail(string? id) => id is not null && (_users ??= Users.ToDictionary(x => x.Id, x => x.Email, StringComparer.Ordinal)).TryGetValue(id, out var email) ? email : "";
    public string PartnerName(int id) => (_partners ??= Partners.ToDictionary(x => x.Id, x => x.Name)).TryGetValue(id, out var name) ? name : "";

    /// <summary>"Vallåsskolan (90001234)": the name for the reader, the school unit code for an exact match.</summary>
    public string UnitLabel(int id) => (_units ??= Units.ToDictionary(u => u.Id, u => u.Code is null ? u.Name : $"{u.Name} ({u.Code})")).TryGetValue(id, out var label) ? label : "";
}

/// <summary>Writes a plan into the template (docs/plan-template.md). Archived goals and insatser are left out:
/// the workbook is the live plan.</summary>
public sealed class PlanExporter(AppDbContext db, TimeProvider clock)
{
    /// <summary>The file's name and the workbook, written by the caller into a stream (a temporary file for a download).</summary>
    public sealed record Export(string FileName, WorkbookWriter Workbook);

    /// <summary>The plan's goals, themes and live insatser with every row, for export and for the import's comparison.</summary>
    public static async Task<(List<Goal> Goals, List<Theme> Themes, List<Initiative> Initiatives)> LoadPlanAsync(
        AppDbContext db, int planId, bool includeArchived, CancellationToken ct)
    {
        var goals = await db.Goals.AsNoTracking().Where(g => g.PlanId == planId && (includeArchived || !g.IsArchived))
            .OrderBy(g => g.SortOrder).ThenBy(g => g.Id).ToListAsync(ct);
        var themes = await db.Themes.AsNoTracking().Where(t => t.PlanId == planId).OrderBy(t => t.SortOrder).ThenBy(t => t.Id).ToListAsync(ct);
        var initiatives = await db.Initiatives.AsNoTracking().Where(i => i.PlanId == planId && (includeArchived || !i.IsArchived))
            .Include(i => i.Responsible).Include(i => i.Activities).Include(i => i.FollowUpPlan).Include(i => i.ExpectedEffects)
            .Include(i => i.Resources).Include(i => i.Partners).Include(i => i.TargetedUnits).Include(i => i.Themes)
            .AsSplitQuery()
            .ToListAsync(ct);
        var goalOrder = goals.Select((g, n) => (g.Id, n)).ToDictionary(x => x.Id, x => x.n);
        initiatives = initiatives
            .OrderBy(i => i.GoalId is { } g && goalOrder.TryGetValue(g, out var n) ? n : int.MaxValue)
            .ThenBy(i => i.SortOrder).ThenBy(i => i.Id).ToList();
        return (goals, themes, initiatives);
    }

    public async Task<Export?> ExportAsync(int planId, CancellationToken ct)
    {
        var plan = await db.Plans.AsNoTracking().Where(p => p.Id == planId)
            .Select(p => new { p.Key, p.Name, p.OrganisationId, Organisation = p.Organisation.Name, p.PeriodStart, p.PeriodEnd })
            .SingleOrDefaultAsync(ct);
        if (plan is null)
        {
            return null;
        }
        var (goals, themes, initiatives) = await LoadPlanAsync(db, planId, includeArchived: false, ct);
        var directory = await OrganisationDirectory.LoadAsync(db, plan.OrganisationId, ct);
        var goalById = goals.ToDictionary(g => g.Id);
        var themeKey = themes.ToDictionary(t => t.Id, t => t.Key);
        static string Lines(IEnumerable<string> values) => string.Join("\n", values.Where(v => v.Length > 0));
        static OutCell Num(decimal? value) => value is null ? default : new OutCell(Number: value);

        var writer = new WorkbookWriter();
        writer.AddText(T.Instructions, Instructions(plan.Name, plan.Organisation, plan.PeriodStart, plan.PeriodEnd, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
        writer.AddTable(T.Initiatives.Sheet.Name, Headers(T.Initiatives.Sheet),
            [28, 14, 30, 9, 40, 30, 50, 40, 40, 30, 50, 12, 12, 12, 25, 14, 25, 30, 35, 20],
            initiatives.Select(i => (IReadOnlyList<OutCell>)
            [
                i.Key,
                i.GoalId is { } g && goalById.TryGetValue(g, out var goal) ? goal.Key : null,
                i.GoalId is { } g2 && goalById.TryGetValue(g2, out var goal2) ? goal2.Title : "Övergripande insats",
                i.Number, i.Title, Lines(i.AlternativeTitles), i.Background, i.Purpose, i.Objective, i.TargetGroup, i.Content,
                i.Status.Name(),
                new OutCell(Date: i.StartDate), new OutCell(Date: i.EndDate),
                i.Origin,
                i.HasAssignmentDescription switch { true => "Ja", false => "Nej", null => null },
                i.AssignmentDescriptionLocation,
                Lines(i.Partners.Select(p => directory.PartnerName(p.PartnerId)).Order(StringComparer.Ordinal)),
                Lines(i.TargetedUnits.Select(u => directory.UnitLabel(u.UnitId)).Order(StringComparer.Ordinal)),
                Lines(i.Themes.Select(t => themeKey.GetValueOrDefault(t.ThemeId) ?? "").Order(StringComparer.Ordinal)),
            ]).ToList());
        writer.AddTable(T.Goals.Sheet.Name, Headers(T.Goals.Sheet), [20, 60, 30, 50, 30],
            goals.Select(g => (IReadOnlyList<OutCell>)[g.Key, g.Title, g.ShortName, g.Description, directory.GroupName(g.SteeringGroupId)]).ToList());
        writer.AddTable(T.Themes.Sheet.Name, Headers(T.Themes.Sheet), [20, 20, 10, 50],
            themes.Select(t => (IReadOnlyList<OutCell>)[t.Key, t.Kind.Name(), t.Code, t.Name]).ToList());
        writer.AddTable(T.Responsible.Sheet.Name, Headers(T.Responsible.Sheet), [28, 35, 35, 30, 30, 10],
            initiatives.SelectMany(i => i.Responsible.OrderBy(r => r.SortOrder).Select(r => (IReadOnlyList<OutCell>)
                [i.Key, r.RoleTitle, directory.UserEmail(r.UserId), directory.DepartmentName(r.DepartmentId), directory.GroupName(r.GroupId), r.Parts])).ToList());
        writer.AddTable(T.Activities.Sheet.Name, Headers(T.Activities.Sheet), [28, 6, 70, 25],
            initiatives.SelectMany(i => i.Activities.OrderBy(a => a.Number).Select(a => (IReadOnlyList<OutCell>)
                [i.Key, new OutCell(Number: a.Number), a.Text, a.Timing])).ToList());
        writer.AddTable(T.FollowUps.Sheet.Name, Headers(T.FollowUps.Sheet), [28, 8, 70, 25],
            initiatives.SelectMany(i => i.FollowUpPlan.OrderBy(f => f.SortOrder).Select(f => (IReadOnlyList<OutCell>)
                [i.Key, f.RefersTo, f.Method, f.Timing])).ToList());
        writer.AddTable(T.Effects.Sheet.Name, Headers(T.Effects.Sheet), [28, 8, 60, 30, 14, 12, 12],
            initiatives.SelectMany(i => i.ExpectedEffects.OrderBy(e => e.SortOrder).Select(e => (IReadOnlyList<OutCell>)
                [i.Key, e.RefersTo, e.Text, e.IndicatorName, e.IndicatorUnit, Num(e.IndicatorBaseline), Num(e.IndicatorTarget)])).ToList());
        writer.AddTable(T.Resources.Sheet.Name, Headers(T.Resources.Sheet), [28, 8, 60, 14, 10],
            initiatives.SelectMany(i => i.Resources.OrderBy(r => r.SortOrder).Select(r => (IReadOnlyList<OutCell>)
                [i.Key, r.RefersTo, r.Text, Num(r.AmountKronor), Num(r.Hours)])).ToList());
        return new Export($"{plan.Key}.xlsx", writer);
    }

    private static string[] Headers(TemplateSheet sheet) => sheet.Columns.Select(c => c.Header).ToArray();

    private static IEnumerable<string> Instructions(string plan, string organisation, DateOnly from, DateOnly to, DateOnly today) =>
    [
        $"{plan} – {organisation}, {Display.Date(from)} – {Display.Date(to)}",
        $"Exporterad från Insatsportal {today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}. Mallen beskrivs i docs/plan-template.md.",
        "",
        "Så här används arbetsboken",
        "• En rad på bladet Insatser är en insats. Kolumnen Nyckel känns igen vid import: en rad vars nyckel redan finns i planen ändrar den insatsen, en ny nyckel skapar en ny insats. Ändra inte nycklarna.",
        "• Nycklar skrivs med små bokstäver a–z, siffror, punkt, bindestreck och understreck (till exempel lasframjande-1) och ska vara unika i planen.",
        "• Bladen Ansvariga, Aktiviteter, Uppföljning, Förväntade effekter och Resurser har en rad per rad i insatsen, kopplad med kolumnen Insatsnyckel. Ordningen på raderna är ordningen i insatsen.",
        "• För en insats som finns på bladet Insatser ersätter filens rader insatsens rader: tar du bort en aktivitet i filen tas den bort ur insatsen.",
        "• Målnyckel pekar på bladet Mål (eller ett mål som redan finns i planen). Tom målnyckel betyder övergripande insats. Kolumnen Mål visar bara målets titel och läses inte vid import.",
        "• Status är en av: Planerad, Pågående, Avslutad, Pausad, Avbruten. Uppdragsbeskrivning är Ja, Nej eller tom (ej angivet).",
        "• Datum skrivs som datum (till exempel 2020-08-01). Belopp anges i hela kronor.",
        "• Samverkan, Berörda enheter, Områden och Alternativa titlar har ett värde per rad i cellen (Alt+Retur). Samverkan och enheter kan också skiljas med semikolon.",
        "• Enheter anges med namn, skolenhetskod eller båda: Vallåsskolan (90001234). Ansvariga personer anges med e-postadress, avdelningar och grupper med namn.",
        "• Avser och För delar hänvisar till aktiviteternas nummer: 1, 1–2 eller 1, 3.",
        "• Importen tar aldrig bort eller arkiverar något: mål och insatser som saknas i filen lämnas orörda.",
        "",
        "Import: Planer → planen → Importera från Excel. Du ser först vad som skapas och ändras, rad för rad, och bekräftar sedan. Ingenting sparas förrän du bekräftar.",
    ];
}
