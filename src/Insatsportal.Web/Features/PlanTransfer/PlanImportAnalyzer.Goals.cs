using Insatsportal.Web.Data.Configurations;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.History;
using Insatsportal.Web.Features.Initiatives;
using Insatsportal.Web.Features.Shared;
using T = Insatsportal.Web.Features.PlanTransfer.PlanTemplate;

namespace Insatsportal.Web.Features.PlanTransfer;

public sealed partial class PlanImportAnalyzer
{
    /// <summary>The Områden and Mål sheets: each row created, changed or unchanged against the plan.</summary>
    private sealed partial class Run
    {
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
    }
}
