using System.Globalization;
using Insatsportal.Web.Data.Configurations;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Initiatives;
using Insatsportal.Web.Features.Shared;
using T = Insatsportal.Web.Features.PlanTransfer.PlanTemplate;

namespace Insatsportal.Web.Features.PlanTransfer;

public sealed partial class PlanImportAnalyzer
{
    /// <summary>The Insatser sheet: one entry per insats, its own fields and the units and people it names.</summary>
    private sealed partial class Run
    {
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
    }
}
