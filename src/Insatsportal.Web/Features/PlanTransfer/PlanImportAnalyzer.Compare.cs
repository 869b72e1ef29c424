using System.Globalization;
using Insatsportal.Web.Authorization;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.History;
using Insatsportal.Web.Features.Initiatives;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using T = Insatsportal.Web.Features.PlanTransfer.PlanTemplate;

namespace Insatsportal.Web.Features.PlanTransfer;

public sealed partial class PlanImportAnalyzer
{
    /// <summary>The comparer: every read insats against the plan's, and the right to write it.</summary>
    private sealed partial class Run
    {
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
