using System.Globalization;
using Insatsportal.Web.Data.Configurations;
using Insatsportal.Web.Features.Initiatives;
using Insatsportal.Web.Features.Shared;
using T = Insatsportal.Web.Features.PlanTransfer.PlanTemplate;

namespace Insatsportal.Web.Features.PlanTransfer;

public sealed partial class PlanImportAnalyzer
{
    /// <summary>The numbered-row sheets (ansvariga, aktiviteter, uppföljning, effekter, resurser, samverkan).</summary>
    private sealed partial class Run
    {
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
    }
}
