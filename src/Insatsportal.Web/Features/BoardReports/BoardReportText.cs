using System.Globalization;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Shared;

namespace Insatsportal.Web.Features.BoardReports;

/// <summary>The words the three forms share, so the page, the Word document and the workbook say the same thing.</summary>
internal static class BoardReportText
{
    public const string Eyebrow = "Underlag till nämnden";
    public const string NotAnswered = "Ingen inskickad bedömning";

    public static string Title(BoardReport r) => $"Nämndunderlag {r.RoundName}";

    public static string DateLine(BoardReport r) => r.IsPreliminary
        ? $"Preliminärt underlag: omgången är öppen och rapporterna kan ändras. Läget är det som gäller {Display.Date(r.AsOf)}."
        : $"Omgången stängdes {Display.Date(r.AsOf)}. Underlaget visar rapporterna som de var då.";

    public const string AnswersNote = "Bedömningarna visas för rapporter som är inskickade eller godkända; för övriga anges bara läget.";

    public static string Overview(BoardReportSummary s) =>
        $"{Display.Count(s.Initiatives, "insats", "insatser")} följs upp i omgången med {Display.Count(s.Reports, "rapport", "rapporter")}. {s.Answered} av dem ({s.AnsweredPercent} procent) är inskickade eller godkända.";

    public static string StatusLine(BoardReportSummary s) =>
        "Insatser: " + string.Join(", ", Enum.GetValues<InitiativeStatus>().Where(x => s.ByStatus[x] > 0)
            .Select(x => $"{s.ByStatus[x]} {x.Name().ToLower(Display.Swedish)}")) + ".";

    /// <summary>What "Ej bedömd" counts, under the summary's effect table.</summary>
    public const string EffectsNote =
        "Förväntade effekter: de insatsrapporter som är inskickade eller godkända bedömer varje förväntad effekt. Ej bedömd är en effekt vars rapport inte är inskickad ännu eller som lämnats utan bedömning.";

    /// <summary>"Förväntade effekter: 12, varav synlig 3, delvis synlig 2, ännu inte synlig 4, kan inte bedömas 0, ej bedömd 3."</summary>
    public static string EffectsLine(BoardReportEffects e) => e.Total == 0
        ? "Inga förväntade effekter att bedöma i omgången."
        : $"Förväntade effekter: {e.Total}, varav " + string.Join(", ", e.Parts.Select(p => $"{p.Name.ToLower(Display.Swedish)} {p.Count}")) + ".";

    public static string NotAnsweredLine(ReportState state) => $"{NotAnswered}: rapporten är {state.Name().ToLower(Display.Swedish)}.";

    public static string Evidence(BoardReportEffect e)
    {
        var parts = new List<string>();
        if (e.EvidenceType is { } type)
        {
            parts.Add(type.Name() + ":");
        }
        if (!string.IsNullOrWhiteSpace(e.Evidence))
        {
            parts.Add(e.Evidence);
        }
        if (e.MeasuredValue is { } value)
        {
            parts.Add($"({e.IndicatorName ?? "Mätvärde"}: {value.ToString("0.##", Display.Swedish)}{(e.IndicatorUnit is null ? "" : " " + e.IndicatorUnit)})");
        }
        return parts.Count == 0 ? "–" : string.Join(' ', parts);
    }

    public static string Judgement(BoardReportEffect e) => e.Judgement?.Name() ?? "Ej bedömd";

    public static string Implementation(ImplementationStatus? status) => status?.Name() ?? "Ej angivet";

    public static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
