using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Data.Configurations;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Initiatives;
using Insatsportal.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using T = Insatsportal.Web.Features.PlanTransfer.PlanTemplate;

namespace Insatsportal.Web.Features.PlanTransfer;

/// <summary>
/// Reads a workbook in the template and works out, without writing anything, what importing it into a plan
/// would do: every goal, area and insats created, changed (field by field, old → new, in the words of the
/// insats' history) or unchanged, and every problem by sheet, row and column. Rows are matched to the plan by
/// their key. The insats form's own rules (<see cref="InitiativeCommands.Validate"/>) and the authorization
/// handlers decide row by row, so an import can do nothing the user could not do in the forms.
/// </summary>
public sealed partial class PlanImportAnalyzer(AppDbContext db, IAuthorizationService authorization)
{
    private readonly AppDbContext _db = db;
    private readonly IAuthorizationService _authorization = authorization;
    private static readonly string InitiativesSheet = T.Initiatives.Sheet.Name;

    /// <summary>A digest of the plan's goals, areas and insatser (their concurrency tokens, renewed on every save):
    /// when it differs from the preview's, someone changed the plan in between.</summary>
    public static async Task<string> FingerprintAsync(AppDbContext db, int planId, CancellationToken ct)
    {
        var plan = await db.Plans.Where(p => p.Id == planId).Select(p => p.ConcurrencyToken).SingleAsync(ct);
        var goals = await db.Goals.Where(g => g.PlanId == planId).OrderBy(g => g.Id).Select(g => new { g.Id, g.ConcurrencyToken }).ToListAsync(ct);
        var initiatives = await db.Initiatives.Where(i => i.PlanId == planId).OrderBy(i => i.Id).Select(i => new { i.Id, i.ConcurrencyToken }).ToListAsync(ct);
        var themes = await db.Themes.Where(t => t.PlanId == planId).OrderBy(t => t.Id)
            .Select(t => new { t.Id, t.Key, t.Kind, t.Code, t.Name, t.SortOrder }).ToListAsync(ct);
        var text = new StringBuilder().Append(plan).Append('|');
        foreach (var g in goals)
        {
            text.Append(CultureInfo.InvariantCulture, $"g{g.Id}:{g.ConcurrencyToken};");
        }
        foreach (var i in initiatives)
        {
            text.Append(CultureInfo.InvariantCulture, $"i{i.Id}:{i.ConcurrencyToken};");
        }
        foreach (var t in themes)
        {
            text.Append(CultureInfo.InvariantCulture, $"t{t.Id}:{t.Key}:{t.Kind}:{t.Code}:{t.Name}:{t.SortOrder};");
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public async Task<ImportAnalysis> AnalyseAsync(int planId, ClaimsPrincipal user, byte[] bytes, CancellationToken ct)
    {
        var analysis = new ImportAnalysis { Fingerprint = await FingerprintAsync(_db, planId, ct) };
        if (bytes.Length > T.MaxFileBytes)
        {
            analysis.FileError = TooLarge;
            return analysis;
        }
        IReadOnlyList<InSheet> sheets;
        try
        {
            sheets = WorkbookReader.Read(bytes);
        }
        catch (UnreadableWorkbookException e)
        {
            analysis.FileError = e.Message;
            return analysis;
        }
        if (Open(sheets, analysis) is not { } cursors || !WithinLimits(cursors, analysis))
        {
            return analysis;
        }
        await new Run(this, planId, user, analysis, cursors).AnalyseAsync(ct);
        return analysis;
    }

    public static readonly string TooLarge =
        $"Filen är större än {(T.MaxFileBytes / 1024 / 1024).ToString(CultureInfo.InvariantCulture)} MB. Dela upp planen i flera filer eller ta bort bilder och annat som inte hör till mallen.";

    /// <summary>Finds the template's sheets and columns by name; any missing sheet or column stops the analysis,
    /// since every later message would follow from it.</summary>
    private static Dictionary<string, SheetCursor>? Open(IReadOnlyList<InSheet> sheets, ImportAnalysis analysis)
    {
        var byName = sheets.GroupBy(s => s.Name.Trim(), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var cursors = new Dictionary<string, SheetCursor>();
        foreach (var template in T.DataSheets)
        {
            if (!byName.TryGetValue(template.Name, out var sheet))
            {
                analysis.Problem(template.Name, null, null,
                    $"Arbetsboken saknar bladet ”{template.Name}”. Utgå från en exporterad plan (Exportera till Excel på planens sida); mallen beskrivs på bladet Instruktioner.");
                continue;
            }
            var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var (index, header) in sheet.Headers.OrderBy(h => h.Key))
            {
                if (!columns.TryAdd(header, index))
                {
                    analysis.Problem(template.Name, 1, $"{header} ({T.ColumnLetter(index)})", $"Kolumnen ”{header}” finns två gånger. Varje rubrik får bara finnas en gång.");
                }
                else if (template.Columns.All(c => !c.Header.Equals(header, StringComparison.OrdinalIgnoreCase)))
                {
                    analysis.Notices.Add($"Kolumnen ”{header}” ({T.ColumnLetter(index)}) på bladet {template.Name} finns inte i mallen och läses inte.");
                }
            }
            foreach (var column in template.Columns.Where(c => !c.Informational && !columns.ContainsKey(c.Header)))
            {
                analysis.Problem(template.Name, 1, column.Header, $"Kolumnen ”{column.Header}” saknas. Rubrikerna ska stå på bladets första rad, som i en exporterad plan.");
            }
            cursors[template.Name] = new SheetCursor(template, sheet, columns, analysis);
        }
        return analysis.Problems.Count == 0 ? cursors : null;
    }

    private static bool WithinLimits(Dictionary<string, SheetCursor> cursors, ImportAnalysis analysis)
    {
        void Check(string sheet, int max, string what)
        {
            var count = cursors[sheet].Rows.Count;
            if (count > max)
            {
                analysis.Problem(sheet, null, null,
                    $"Bladet har {count.ToString("N0", Display.Swedish)} rader med {what}; högst {max.ToString("N0", Display.Swedish)} kan importeras åt gången. Dela upp filen.");
            }
        }
        Check(InitiativesSheet, T.MaxInitiatives, "insatser");
        Check(T.Goals.Sheet.Name, T.MaxGoalsOrThemes, "mål");
        Check(T.Themes.Sheet.Name, T.MaxGoalsOrThemes, "områden");
        foreach (var sheet in new[] { T.Responsible.Sheet, T.Activities.Sheet, T.FollowUps.Sheet, T.Effects.Sheet, T.Resources.Sheet })
        {
            Check(sheet.Name, T.MaxRowsPerSheet, "rader");
        }
        return analysis.Problems.Count == 0;
    }

    [GeneratedRegex(T.KeyPattern)]
    private static partial Regex KeyFormat();

    [GeneratedRegex(@"^(?<name>.*?)\s*\((?<code>[0-9]{4,12})\)$")]
    private static partial Regex UnitWithCode();

    /// <summary>An insats row while the file is read: its form, and what is known about it so far.</summary>
    private sealed class Entry(int row, string key, InitiativeForm form, Initiative? existing)
    {
        public int Row { get; } = row;
        public string Key { get; } = key;
        public InitiativeForm Form { get; } = form;
        public Initiative? Existing { get; } = existing;

        /// <summary>A problem in one of the insats' own rows: the form's rules are then not run again.</summary>
        public bool HasProblems { get; set; }

        /// <summary>Problems that only matter if the insats is written (a closed unit it already targets is fine).</summary>
        public List<ImportProblem> IfWritten { get; } = [];
    }

    /// <summary>One analysis: the plan's state, the förvaltning's directory and the file, read in order.</summary>
    private sealed partial class Run(PlanImportAnalyzer owner, int planId, ClaimsPrincipal user, ImportAnalysis analysis, Dictionary<string, SheetCursor> sheets)
    {
        private int _organisationId;
        private OrganisationDirectory _directory = null!;
        private InitiativeFormOptions _options = null!;
        private bool _mayEditPlan;
        private readonly Dictionary<string, int> _goalIds = new(StringComparer.Ordinal);
        private readonly HashSet<string> _archivedGoals = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _themeIds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
        private int _nextTempId = -1;

        public async Task AnalyseAsync(CancellationToken ct)
        {
            var db = owner._db;
            _organisationId = await db.Plans.Where(p => p.Id == planId).Select(p => p.OrganisationId).SingleAsync(ct);
            var (goals, themes, initiatives) = await PlanExporter.LoadPlanAsync(db, planId, includeArchived: true, ct);
            _directory = await OrganisationDirectory.LoadAsync(db, _organisationId, ct);
            _options = (await InitiativeFormOptions.LoadAsync(db, planId, ct))!;
            _mayEditPlan = (await owner._authorization.AuthorizeAsync(user, new PlanContentResource(_organisationId), Operations.Edit)).Succeeded;

            foreach (var g in goals)
            {
                if (g.IsArchived)
                {
                    _archivedGoals.Add(g.Key);
                }
                else
                {
                    _goalIds[g.Key] = g.Id;
                }
            }
            foreach (var t in themes)
            {
                _themeIds[t.Key] = t.Id;
            }

            ReadThemes(themes);
            ReadGoals(goals);
            ReadInitiatives(initiatives.ToDictionary(i => i.Key, StringComparer.Ordinal));
            ReadRows();
            await CompareAsync(ct);
            if (sheets[InitiativesSheet].Rows.Count == 0 && sheets[T.Goals.Sheet.Name].Rows.Count == 0)
            {
                analysis.Notices.Add("Filen innehåller inga mål och inga insatser.");
            }
        }

        private string? Key(SheetCursor sheet, InRow row, string header, Dictionary<string, int> seen)
        {
            var key = sheet.Required(row, header, Lengths.Key, "Ange en nyckel. Nyckeln känns igen vid nästa import; en exporterad plan har redan nycklar.");
            if (key is null)
            {
                return null;
            }
            if (!KeyFormat().IsMatch(key))
            {
                sheet.Problem(row, header, $"Nyckeln ”{SheetCursor.Clip(key)}” får bara innehålla små bokstäver a–z, siffror, punkt, bindestreck och understreck, till exempel lasframjande-1.");
                return null;
            }
            if (seen.TryGetValue(key, out var first))
            {
                sheet.Problem(row, header, $"Nyckeln ”{key}” finns redan på rad {first.ToString(CultureInfo.InvariantCulture)}. Varje nyckel får bara finnas en gång på bladet.");
                return null;
            }
            seen[key] = row.Number;
            return key;
        }
    }
}
