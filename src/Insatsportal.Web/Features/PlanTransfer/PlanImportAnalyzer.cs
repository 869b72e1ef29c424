using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Data;
using Insatsportal.Web.Data.Configurations;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.History;
using Insatsportal.Web.Features.Initiatives;
using Insatsportal.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
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
    private sealed class Run(PlanImportAnalyzer owner, int planId, ClaimsPrincipal user, ImportAnalysis analysis, Dictionary<string, SheetCursor> sheets)
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

        private void ReadThemes(List<Theme> existing)
        {
            var sheet = sheets[T.Themes.Sheet.Name];
            var byKey = existing.ToDictionary(t => t.Key, StringComparer.Ordinal);
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in sheet.Rows)
            {
                var key = Key(sheet, row, T.Themes.Key, seen);
                var kindText = sheet.Required(row, T.Themes.Kind, 40, "Ange typ: Prioriterat område eller Område.");
                ThemeKind? kind = kindText is null ? null
                    : Enum.GetValues<ThemeKind>().Where(k => k.Name().Equals(kindText, StringComparison.OrdinalIgnoreCase)).Select(k => (ThemeKind?)k).FirstOrDefault();
                if (kindText is not null && kind is null)
                {
                    sheet.Problem(row, T.Themes.Kind, $"Okänd typ ”{SheetCursor.Clip(kindText)}”. Tillåtna värden: Prioriterat område, Område.");
                }
                var code = sheet.Text(row, T.Themes.Code, 20);
                var name = sheet.Required(row, T.Themes.Name, Lengths.Name, "Ange områdets namn.");
                if (key is null || kind is null || name is null)
                {
                    continue;
                }
                var old = byKey.GetValueOrDefault(key);
                var wish = new ThemeWish(row.Number, key, kind.Value, code, name, old?.Id, old?.Id ?? _nextTempId--);
                _themeIds[key] = wish.TempId;
                analysis.Themes.Add(wish);
                var changes = old is null ? [] : Snapshot.Differences(
                    new Snapshot().Add("Typ", old.Kind.Name()).Add("Kod", old.Code).Add("Namn", old.Name),
                    new Snapshot().Add("Typ", wish.Kind.Name()).Add("Kod", wish.Code).Add("Namn", wish.Name));
                AddItem(sheet, row, key, name, old is null, changes);
                if (old is null || changes.Count > 0)
                {
                    RequirePlanRight(sheet, row, "områden");
                }
            }
            _options = _options with
            {
                Themes = [.. _options.Themes, .. analysis.Themes.Where(t => t.ExistingId is null)
                    .Select(t => new Option(Id(t.TempId), t.Code is null ? t.Name : $"{t.Code} {t.Name}"))],
            };
        }

        private void ReadGoals(List<Goal> existing)
        {
            var sheet = sheets[T.Goals.Sheet.Name];
            var byKey = existing.ToDictionary(g => g.Key, StringComparer.Ordinal);
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in sheet.Rows)
            {
                var key = Key(sheet, row, T.Goals.Key, seen);
                var title = sheet.Required(row, T.Goals.Title, Lengths.Title, "Ange målets titel.");
                var shortName = sheet.Text(row, T.Goals.ShortName, Lengths.Name);
                var description = sheet.Text(row, T.Goals.Description, Lengths.Text);
                var groupName = sheet.Text(row, T.Goals.SteeringGroup, Lengths.Name);
                var old = key is null ? null : byKey.GetValueOrDefault(key);
                int? groupId = null;
                if (groupName is not null)
                {
                    var group = _directory.Groups.Where(g => g.Name.Equals(groupName, StringComparison.OrdinalIgnoreCase)).ToList();
                    if (group.Count == 0)
                    {
                        sheet.Problem(row, T.Goals.SteeringGroup, $"Det finns ingen grupp som heter ”{SheetCursor.Clip(groupName)}” i förvaltningen.");
                    }
                    else if (group[0].Archived && old?.SteeringGroupId != group[0].Id)
                    {
                        sheet.Problem(row, T.Goals.SteeringGroup, $"Gruppen ”{groupName}” är arkiverad och kan inte bli styrgrupp.");
                    }
                    else
                    {
                        groupId = group[0].Id;
                    }
                }
                if (old is { IsArchived: true })
                {
                    sheet.Problem(row, T.Goals.Key, $"Målet med nyckeln ”{key}” är arkiverat. Återställ det på planens sida innan du importerar, eller ge raden en ny nyckel.");
                    continue;
                }
                if (key is null || title is null)
                {
                    continue;
                }
                var wish = new GoalWish(row.Number, key, title, shortName, description, groupId, old?.Id, old?.Id ?? _nextTempId--);
                _goalIds[key] = wish.TempId;
                analysis.Goals.Add(wish);
                var changes = old is null ? [] : Snapshot.Differences(GoalSnapshot(old.Title, old.ShortName, old.Description, old.SteeringGroupId),
                    GoalSnapshot(title, shortName, description, groupId));
                AddItem(sheet, row, key, title, old is null, changes);
                if (old is null || changes.Count > 0)
                {
                    RequirePlanRight(sheet, row, "mål");
                }
            }
            _options = _options with
            {
                Goals = [.. _options.Goals, .. analysis.Goals.Where(g => g.ExistingId is null).Select(g => new Option(Id(g.TempId), g.ShortName ?? g.Title))],
            };
        }

        public Snapshot GoalSnapshot(string title, string? shortName, string? description, int? groupId) => new Snapshot()
            .Add("Titel", title).Add("Kortnamn", shortName).Add("Beskrivning", description).Add("Styrgrupp", _directory.GroupName(groupId));

        private void RequirePlanRight(SheetCursor sheet, InRow row, string what)
        {
            if (!_mayEditPlan)
            {
                sheet.Problem(row, T.Goals.Key,
                    $"Du får inte skapa eller ändra {what} i planen; det gör förvaltningschefen och avdelningscheferna. Låt raden stå som i den exporterade planen.");
            }
        }

        private void AddItem(SheetCursor sheet, InRow row, string key, string title, bool created, IReadOnlyList<(string Field, string? Old, string? New)> changes) =>
            analysis.Items.Add(new ImportItem(sheet.Name, row.Number, key, title,
                created ? ImportChange.Created : changes.Count > 0 ? ImportChange.Changed : ImportChange.Unchanged,
                changes.Select(c => new FieldChange(c.Field, c.Old, c.New)).ToList()));

        private void ReadInitiatives(Dictionary<string, Initiative> existing)
        {
            var sheet = sheets[InitiativesSheet];
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in sheet.Rows)
            {
                var problems = analysis.Problems.Count;
                var key = Key(sheet, row, T.Initiatives.Key, seen);
                var old = key is null ? null : existing.GetValueOrDefault(key);
                var form = new InitiativeForm
                {
                    Number = sheet.Text(row, T.Initiatives.Number, 20),
                    Title = sheet.Required(row, T.Initiatives.Title, Lengths.Title, "Ange insatsens titel."),
                    AlternativeTitles = sheet.Text(row, T.Initiatives.AlternativeTitles, Lengths.Text),
                    Background = sheet.Text(row, T.Initiatives.Background, Lengths.LongText),
                    Purpose = sheet.Text(row, T.Initiatives.Purpose, Lengths.LongText),
                    Objective = sheet.Text(row, T.Initiatives.Objective, Lengths.LongText),
                    TargetGroup = sheet.Text(row, T.Initiatives.TargetGroup, Lengths.Text),
                    Content = sheet.Text(row, T.Initiatives.Content, Lengths.LongText),
                    StartDate = sheet.Date(row, T.Initiatives.StartDate),
                    EndDate = sheet.Date(row, T.Initiatives.EndDate),
                    Origin = sheet.Text(row, T.Initiatives.Origin, Lengths.Name),
                    AssignmentDescriptionLocation = sheet.Text(row, T.Initiatives.AssignmentDescriptionLocation, Lengths.Title),
                };
                var entry = new Entry(row.Number, key ?? "", form, old);

                if (sheet.Text(row, T.Initiatives.GoalKey, Lengths.Key) is { } goalKey)
                {
                    if (_goalIds.TryGetValue(goalKey, out var goalId))
                    {
                        form.GoalId = goalId;
                    }
                    else if (_archivedGoals.Contains(goalKey))
                    {
                        sheet.Problem(row, T.Initiatives.GoalKey, $"Målet ”{goalKey}” är arkiverat. Återställ målet eller välj ett annat.");
                    }
                    else
                    {
                        sheet.Problem(row, T.Initiatives.GoalKey, $"Det finns inget mål med nyckeln ”{SheetCursor.Clip(goalKey)}” på bladet Mål eller i planen. Lämna tomt för en övergripande insats.");
                    }
                }

                var status = sheet.Required(row, T.Initiatives.Status, 40, "Ange status: Planerad, Pågående, Avslutad, Pausad eller Avbruten.");
                if (status is not null)
                {
                    form.Status = Enum.GetValues<InitiativeStatus>().Where(s => s.Name().Equals(status, StringComparison.OrdinalIgnoreCase))
                        .Select(s => (InitiativeStatus?)s).FirstOrDefault();
                    if (form.Status is null)
                    {
                        sheet.Problem(row, T.Initiatives.Status, $"Okänd status ”{SheetCursor.Clip(status)}”. Tillåtna värden: Planerad, Pågående, Avslutad, Pausad, Avbruten.");
                    }
                }
                if (form.StartDate is { } start && form.EndDate is { } end && end < start)
                {
                    sheet.Problem(row, T.Initiatives.EndDate,
                        $"Slutdatum {end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} är före startdatum {start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.");
                }
                switch (sheet.Text(row, T.Initiatives.AssignmentDescription, 40)?.ToLowerInvariant())
                {
                    case null:
                        break;
                    case "ja":
                        form.HasAssignmentDescription = "ja";
                        break;
                    case "nej":
                        form.HasAssignmentDescription = "nej";
                        break;
                    case var other:
                        sheet.Problem(row, T.Initiatives.AssignmentDescription, $"Skriv Ja eller Nej, eller lämna tomt om det inte är angivet (inte ”{SheetCursor.Clip(other)}”).");
                        break;
                }
                foreach (var name in sheet.List(row, T.Initiatives.Partners, semicolons: true))
                {
                    var partner = _directory.Partners.Where(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(p => (int?)p.Id).FirstOrDefault();
                    if (partner is null)
                    {
                        sheet.Problem(row, T.Initiatives.Partners, $"Det finns ingen samverkanspart som heter ”{SheetCursor.Clip(name)}” i förvaltningen.");
                    }
                    else
                    {
                        form.PartnerIds.Add(partner.Value);
                    }
                }
                foreach (var label in sheet.List(row, T.Initiatives.Units, semicolons: true))
                {
                    if (ResolveUnit(sheet, row, label, entry) is { } unit)
                    {
                        form.UnitIds.Add(unit);
                    }
                }
                foreach (var value in sheet.List(row, T.Initiatives.Themes, semicolons: true))
                {
                    if (_themeIds.TryGetValue(value, out var theme))
                    {
                        form.ThemeIds.Add(theme);
                    }
                    else
                    {
                        sheet.Problem(row, T.Initiatives.Themes, $"Det finns inget område med nyckeln ”{SheetCursor.Clip(value)}” på bladet Områden eller i planen.");
                    }
                }
                if (old is { IsArchived: true })
                {
                    sheet.Problem(row, T.Initiatives.Key, $"Insatsen med nyckeln ”{key}” är arkiverad. Återställ den på insatsens sida innan du importerar, eller ge raden en ny nyckel.");
                }
                entry.HasProblems = analysis.Problems.Count > problems;
                if (key is not null)
                {
                    _entries[key] = entry;
                }
            }
        }

        private int? ResolveUnit(SheetCursor sheet, InRow row, string label, Entry entry)
        {
            var match = UnitWithCode().Match(label);
            var code = match.Success ? match.Groups["code"].Value : label.All(char.IsAsciiDigit) ? label : null;
            var candidates = code is not null
                ? _directory.Units.Where(u => u.Code == code).ToList()
                : _directory.Units.Where(u => u.Name.Equals(label, StringComparison.OrdinalIgnoreCase)).ToList();
            if (candidates.Count == 0)
            {
                sheet.Problem(row, T.Initiatives.Units, code is not null
                    ? $"Det finns ingen enhet med skolenhetskoden {code} i förvaltningen."
                    : $"Det finns ingen enhet som heter ”{SheetCursor.Clip(label)}” i förvaltningen. Ange enhetens namn eller skolenhetskod.");
                return null;
            }
            if (candidates.Count > 1)
            {
                sheet.Problem(row, T.Initiatives.Units, $"Flera enheter heter ”{SheetCursor.Clip(label)}”. Ange skolenhetskoden, till exempel {label} (12345678).");
                return null;
            }
            var unit = candidates[0];
            if (unit.Closed && entry.Existing?.TargetedUnits.Any(t => t.UnitId == unit.Id) != true)
            {
                entry.IfWritten.Add(new(sheet.Name, row.Number, sheet.Column(T.Initiatives.Units), $"Enheten ”{unit.Name}” är stängd och kan inte bli berörd enhet."));
            }
            return unit.Id;
        }

        /// <summary>The numbered-row sheets; each row joins its insats by key, in the order the rows stand.</summary>
        private void ReadRows()
        {
            var references = new List<(SheetCursor Sheet, InRow Row, string Header, Entry Entry, string Text)>();

            Entry? EntryOf(SheetCursor sheet, InRow row)
            {
                var key = sheet.Required(row, T.InitiativeKey, Lengths.Key, "Ange nyckeln till insatsen raden hör till.");
                if (key is null)
                {
                    return null;
                }
                if (!_entries.TryGetValue(key, out var entry))
                {
                    sheet.Problem(row, T.InitiativeKey, $"Det finns ingen insats med nyckeln ”{SheetCursor.Clip(key)}” på bladet Insatser.");
                }
                return entry;
            }

            void Each(TemplateSheet template, Action<SheetCursor, InRow, Entry> read)
            {
                var sheet = sheets[template.Name];
                foreach (var row in sheet.Rows)
                {
                    var problems = analysis.Problems.Count;
                    var entry = EntryOf(sheet, row);
                    if (entry is not null)
                    {
                        read(sheet, row, entry);
                        entry.HasProblems |= analysis.Problems.Count > problems;
                    }
                }
            }

            void Reference(SheetCursor sheet, InRow row, string header, Entry entry)
            {
                if (sheet.Text(row, header, 40) is { } text)
                {
                    references.Add((sheet, row, header, entry, text));
                }
            }

            Each(T.Activities.Sheet, (sheet, row, entry) =>
            {
                var position = entry.Form.Activities.Count + 1;
                if (sheet.Whole(row, T.Activities.Number, 1, 1000) is { } number && number != position)
                {
                    sheet.Problem(row, T.Activities.Number,
                        $"Nr ska vara {position.ToString(CultureInfo.InvariantCulture)}: en insats aktiviteter numreras 1, 2, 3 … i den ordning raderna står.");
                }
                entry.Form.Activities.Add(new ActivityRow
                {
                    Text = sheet.Required(row, T.Activities.Text, Lengths.Text, "Beskriv aktiviteten."),
                    Timing = sheet.Text(row, T.Timing, Lengths.Phrase),
                });
            });
            Each(T.Responsible.Sheet, (sheet, row, entry) =>
            {
                var responsible = new ResponsibleRow
                {
                    RoleTitle = sheet.Required(row, T.Responsible.Role, Lengths.Name, "Ange rollen, till exempel Avdelningschef Kvalitet."),
                    Parts = sheet.Text(row, T.Responsible.Parts, 40),
                };
                var old = entry.Existing?.Responsible ?? [];
                if (sheet.Text(row, T.Responsible.Email, 256) is { } email)
                {
                    var found = _directory.Users.FirstOrDefault(u => u.Email.Equals(email, StringComparison.OrdinalIgnoreCase));
                    if (found.Id is null)
                    {
                        sheet.Problem(row, T.Responsible.Email, $"Det finns ingen användare med e-postadressen ”{SheetCursor.Clip(email)}” i förvaltningen.");
                    }
                    else
                    {
                        responsible.UserId = found.Id;
                        if (!found.Active && old.All(r => r.UserId != found.Id))
                        {
                            entry.IfWritten.Add(new(sheet.Name, row.Number, sheet.Column(T.Responsible.Email), $"Användaren {email} är inaktiverad och kan inte bli ansvarig."));
                        }
                    }
                }
                if (sheet.Text(row, T.Responsible.Department, Lengths.Name) is { } departmentName)
                {
                    var found = _directory.Departments.FirstOrDefault(d => d.Name.Equals(departmentName, StringComparison.OrdinalIgnoreCase));
                    if (found.Name is null)
                    {
                        sheet.Problem(row, T.Responsible.Department, $"Det finns ingen avdelning som heter ”{SheetCursor.Clip(departmentName)}” i förvaltningen.");
                    }
                    else
                    {
                        responsible.DepartmentId = found.Id;
                        if (found.Closed && old.All(r => r.DepartmentId != found.Id))
                        {
                            entry.IfWritten.Add(new(sheet.Name, row.Number, sheet.Column(T.Responsible.Department), $"Avdelningen ”{found.Name}” är nedlagd och kan inte bli ansvarig."));
                        }
                    }
                }
                if (sheet.Text(row, T.Responsible.Group, Lengths.Name) is { } groupName)
                {
                    var found = _directory.Groups.FirstOrDefault(g => g.Name.Equals(groupName, StringComparison.OrdinalIgnoreCase));
                    if (found.Name is null)
                    {
                        sheet.Problem(row, T.Responsible.Group, $"Det finns ingen grupp som heter ”{SheetCursor.Clip(groupName)}” i förvaltningen.");
                    }
                    else
                    {
                        responsible.GroupId = found.Id;
                        if (found.Archived && old.All(r => r.GroupId != found.Id))
                        {
                            entry.IfWritten.Add(new(sheet.Name, row.Number, sheet.Column(T.Responsible.Group), $"Gruppen ”{found.Name}” är arkiverad och kan inte bli ansvarig."));
                        }
                    }
                }
                Reference(sheet, row, T.Responsible.Parts, entry);
                entry.Form.Responsible.Add(responsible);
            });
            Each(T.FollowUps.Sheet, (sheet, row, entry) =>
            {
                Reference(sheet, row, T.RefersTo, entry);
                entry.Form.FollowUps.Add(new FollowUpRow
                {
                    RefersTo = sheet.Text(row, T.RefersTo, 40),
                    Method = sheet.Required(row, T.FollowUps.Method, Lengths.Text, "Beskriv hur insatsen följs upp."),
                    Timing = sheet.Text(row, T.Timing, Lengths.Phrase),
                });
            });
            Each(T.Effects.Sheet, (sheet, row, entry) =>
            {
                Reference(sheet, row, T.RefersTo, entry);
                var effect = new EffectRow
                {
                    RefersTo = sheet.Text(row, T.RefersTo, 40),
                    Text = sheet.Required(row, T.Effects.Text, Lengths.Text, "Beskriv den förväntade effekten."),
                    IndicatorName = sheet.Text(row, T.Effects.Indicator, Lengths.Name),
                    IndicatorUnit = sheet.Text(row, T.Effects.IndicatorUnit, 40),
                    Baseline = sheet.Number(row, T.Effects.Baseline, -1_000_000_000m, 1_000_000_000m),
                    Target = sheet.Number(row, T.Effects.Target, -1_000_000_000m, 1_000_000_000m),
                };
                if (effect.IndicatorName is null && (effect.IndicatorUnit is not null || effect.Baseline is not null || effect.Target is not null))
                {
                    sheet.Problem(row, T.Effects.Indicator, "Ange indikatorns namn när enhet, utgångsvärde eller målvärde är ifyllt.");
                }
                entry.Form.Effects.Add(effect);
            });
            Each(T.Resources.Sheet, (sheet, row, entry) =>
            {
                Reference(sheet, row, T.RefersTo, entry);
                entry.Form.Resources.Add(new ResourceRow
                {
                    RefersTo = sheet.Text(row, T.RefersTo, 40),
                    Text = sheet.Required(row, T.Resources.Text, Lengths.Text, "Beskriv resursen."),
                    AmountKronor = sheet.Whole(row, T.Resources.Amount, 0, 1_000_000_000_000),
                    Hours = (int?)sheet.Whole(row, T.Resources.Hours, 0, 1_000_000),
                });
            });

            foreach (var (sheet, row, header, entry, text) in references)
            {
                var count = entry.Form.Activities.Count;
                if (!PartReferences.TryParse(text, out var numbers))
                {
                    sheet.Problem(row, header, $"Skriv vilka aktiviteter raden avser som nummer, till exempel 1, 1–2 eller 1, 3 (inte ”{SheetCursor.Clip(text)}”).");
                    entry.HasProblems = true;
                }
                else if (numbers.FirstOrDefault(n => n < 1 || n > count) is var missing and not 0)
                {
                    sheet.Problem(row, header, $"Raden avser aktivitet {missing.ToString(CultureInfo.InvariantCulture)}, men insatsen har {Display.Count(count, "aktivitet", "aktiviteter")} på bladet Aktiviteter.");
                    entry.HasProblems = true;
                }
            }
        }

        /// <summary>Compares each insats with the plan's, field by field as its history shows it, and checks
        /// that the user may write each one that changes.</summary>
        private async Task CompareAsync(CancellationToken ct)
        {
            var sheet = sheets[InitiativesSheet];
            var scope = user.Scope();
            foreach (var entry in _entries.Values.OrderBy(e => e.Row))
            {
                var form = entry.Form;
                var row = sheet.Rows.First(r => r.Number == entry.Row);
                if (form.Title is null || form.Status is null)
                {
                    continue;
                }
                if (entry.Existing is { } old)
                {
                    KeepScale(form, old);
                }
                var wanted = new Initiative { Key = entry.Key, Title = "" };
                InitiativeCommands.Apply(form, wanted);
                var changes = entry.Existing is null ? []
                    : Snapshot.Differences(InitiativeCommands.Snap(entry.Existing, _options), InitiativeCommands.Snap(wanted, _options));
                AddItem(sheet, row, entry.Key, wanted.Title, entry.Existing is null, changes);
                analysis.Initiatives.Add(new InitiativeWish(entry.Row, entry.Key, form, entry.Existing?.Id));
                if (entry.Existing is not null && changes.Count == 0)
                {
                    continue;
                }

                var departments = form.Responsible.Where(r => r.DepartmentId is not null).Select(r => r.DepartmentId!.Value).ToList();
                var refused = false;
                if (entry.Existing is { } current)
                {
                    var owners = current.Responsible.Where(r => r.DepartmentId is not null).Select(r => r.DepartmentId!.Value).ToList();
                    if (!(await owner._authorization.AuthorizeAsync(user, new InitiativeResource(_organisationId, owners), Operations.Edit)).Succeeded)
                    {
                        sheet.Problem(row, T.Initiatives.Key, $"Du får inte ändra insatsen ”{SheetCursor.Clip(current.Title)}”: ingen av dina avdelningar är ansvarig för den.");
                        refused = true;
                    }
                }
                if (!refused && !(await owner._authorization.AuthorizeAsync(user, new InitiativeResource(_organisationId, departments),
                        entry.Existing is null ? Operations.Create : Operations.Edit)).Succeeded)
                {
                    sheet.Problem(row, T.Initiatives.Key,
                        "Insatsen måste ha minst en ansvarig från din avdelning på bladet Ansvariga; annars får du inte skapa eller ändra den.");
                    refused = true;
                }
                analysis.Problems.AddRange(entry.IfWritten);
                if (refused || entry.HasProblems || entry.IfWritten.Count > 0)
                {
                    continue;
                }
                // The form's own rules as a last check: what the import writes, the form would have accepted.
                var errors = new ModelStateDictionary();
                // As in the form, an insats that has no responsible may stay without one (see ResponsibleOptional).
                var options = _options with { ResponsibleOptional = entry.Existing is { Responsible.Count: 0 } };
                InitiativeCommands.Validate(form, options, scope, errors);
                foreach (var message in errors.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Distinct())
                {
                    sheet.Problem(row, null, message);
                }
            }
        }

        /// <summary>12.0 and 12 are the same indicator value; keep the stored one so the comparison sees no change.</summary>
        private static void KeepScale(InitiativeForm form, Initiative old)
        {
            var effects = old.ExpectedEffects.OrderBy(e => e.SortOrder).ToList();
            for (var n = 0; n < Math.Min(effects.Count, form.Effects.Count); n++)
            {
                if (form.Effects[n].Baseline == effects[n].IndicatorBaseline)
                {
                    form.Effects[n].Baseline = effects[n].IndicatorBaseline;
                }
                if (form.Effects[n].Target == effects[n].IndicatorTarget)
                {
                    form.Effects[n].Target = effects[n].IndicatorTarget;
                }
            }
        }

        private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
    }
}
