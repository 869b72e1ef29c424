using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.History;
using Insatsportal.Web.Features.Shared;

namespace Insatsportal.Web.Features.Initiatives;

public sealed partial class InitiativeCommands
{
    /// <summary>The insats as the user reads it, field by field, for history and conflict display.</summary>
    public static Snapshot Snap(Initiative i, InitiativeFormOptions o)
    {
        var s = new Snapshot()
            .Add("Mål", i.GoalId is null ? "Övergripande insats" : o.NameOf(o.Goals, i.GoalId))
            .Add("Nummer", i.Number)
            .Add("Titel", i.Title)
            .Add("Alternativa titlar", string.Join("; ", i.AlternativeTitles))
            .Add("Bakgrund", i.Background)
            .Add("Syfte", i.Purpose)
            .Add("Insatsens mål", i.Objective)
            .Add("Målgrupp", i.TargetGroup)
            .Add("Innehåll", i.Content)
            .Add("Status", i.Status.Name())
            .Add("Start", i.StartDate?.ToString("yyyy-MM-dd", Display.Swedish))
            .Add("Slut", i.EndDate?.ToString("yyyy-MM-dd", Display.Swedish))
            .Add("Ursprung", i.Origin)
            .Add("Uppdragsbeskrivning", i.HasAssignmentDescription switch { true => "Ja", false => "Nej", null => null })
            .Add("Var uppdragsbeskrivningen finns", i.AssignmentDescriptionLocation);
        foreach (var (r, n) in i.Responsible.OrderBy(r => r.SortOrder).Select((r, n) => (r, n + 1)))
        {
            var tied = new[]
                {
                    r.UserId is null ? "" : o.Users.FirstOrDefault(u => u.Value == r.UserId)?.Text ?? "",
                    o.NameOf(o.Departments, r.DepartmentId),
                    o.NameOf(o.Groups, r.GroupId),
                }
                .Where(x => x.Length > 0);
            s.Add($"Ansvarig {n}", $"{r.RoleTitle}{(r.Parts is null ? "" : $" (för {r.Parts}.)")}{string.Concat(tied.Select(t => " – " + t))}");
        }
        foreach (var a in i.Activities.OrderBy(a => a.Number))
        {
            s.Add($"Aktivitet {a.Number}", a.Text).Add($"Aktivitet {a.Number} – när", a.Timing);
        }
        foreach (var (f, n) in i.FollowUpPlan.OrderBy(f => f.SortOrder).Select((f, n) => (f, n + 1)))
        {
            s.Add($"Uppföljning {n}", Prefixed(f.RefersTo, f.Method)).Add($"Uppföljning {n} – när", f.Timing);
        }
        foreach (var (e, n) in i.ExpectedEffects.OrderBy(e => e.SortOrder).Select((e, n) => (e, n + 1)))
        {
            s.Add($"Förväntad effekt {n}", Prefixed(e.RefersTo, e.Text));
            s.Add($"Förväntad effekt {n} – indikator", e.IndicatorName is null ? null
                : $"{e.IndicatorName}{(e.IndicatorUnit is null ? "" : $" ({e.IndicatorUnit})")}, utgångsvärde {e.IndicatorBaseline?.ToString(Display.Swedish) ?? "–"}, målvärde {e.IndicatorTarget?.ToString(Display.Swedish) ?? "–"}");
        }
        foreach (var (r, n) in i.Resources.OrderBy(r => r.SortOrder).Select((r, n) => (r, n + 1)))
        {
            s.Add($"Resurs {n}", Prefixed(r.RefersTo, r.Text))
                .Add($"Resurs {n} – kronor", r.AmountKronor?.ToString("N0", Display.Swedish))
                .Add($"Resurs {n} – timmar", r.Hours?.ToString(Display.Swedish));
        }
        return s
            .Add("Samverkan", string.Join(", ", i.Partners.Select(p => o.NameOf(o.Partners, p.PartnerId)).Order(StringComparer.Ordinal)))
            .Add("Berörda enheter", string.Join(", ", i.TargetedUnits.Select(u => o.NameOf(o.Units, u.UnitId)).Order(StringComparer.Ordinal)))
            .Add("Områden", string.Join(", ", i.Themes.Select(t => o.NameOf(o.Themes, t.ThemeId)).Order(StringComparer.Ordinal)));
    }

    private static string Prefixed(string? refersTo, string text) => refersTo is null ? text : $"{refersTo}. {text}";
}
