using System.Globalization;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Html;

namespace Insatsportal.Web.Features.Shared;

/// <summary>Swedish names for the model's enums and values, in one place for every view.</summary>
public static class Display
{
    public static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public static string Name(this InitiativeStatus status) => status switch
    {
        InitiativeStatus.Planned => "Planerad",
        InitiativeStatus.Ongoing => "Pågående",
        InitiativeStatus.Completed => "Avslutad",
        InitiativeStatus.Paused => "Pausad",
        InitiativeStatus.Cancelled => "Avbruten",
    };

    public static string Name(this PlanStatus status) => status switch
    {
        PlanStatus.Draft => "Utkast",
        PlanStatus.Adopted => "Fastställd",
        PlanStatus.Closed => "Avslutad",
    };

    public static string Name(this PlanKind kind) => kind switch
    {
        PlanKind.DevelopmentPlan => "Utvecklingsplan",
        PlanKind.OperationalPlan => "Verksamhetsplan",
        PlanKind.ActionPlan => "Åtgärdsplan",
        PlanKind.Directive => "Redovisning av uppdrag",
        PlanKind.FollowUp => "Uppföljning",
    };

    public static string Name(this FollowUpOccasionKind kind) => kind switch
    {
        FollowUpOccasionKind.InterimReport => "Delårsrapport",
        FollowUpOccasionKind.AnnualReport => "Verksamhetsberättelse",
        FollowUpOccasionKind.StatusAssessment => "Lägesbedömning",
        FollowUpOccasionKind.QualityReport => "Kvalitetsredovisning",
        FollowUpOccasionKind.Other => "Annan uppföljning",
    };

    public static string Name(this ThemeKind kind) => kind switch
    {
        ThemeKind.PriorityArea => "Prioriterat område",
        ThemeKind.Heading => "Område",
    };

    public static string Name(this GroupKind kind) => kind switch
    {
        GroupKind.SteeringGroup => "Styrgrupp",
        GroupKind.WorkingGroup => "Lär- och arbetsgrupp",
        GroupKind.ManagementGroup => "Ledningsgrupp",
        GroupKind.Other => "Grupp",
    };

    public static string Name(this UnitType type) => type switch
    {
        UnitType.Preschool => "Förskola",
        UnitType.PreschoolClass => "Förskoleklass",
        UnitType.CompulsorySchool => "Grundskola",
        UnitType.AdaptedCompulsorySchool => "Anpassad grundskola",
        UnitType.UpperSecondarySchool => "Gymnasieskola",
        UnitType.AdaptedUpperSecondarySchool => "Anpassad gymnasieskola",
        UnitType.AdultEducation => "Vuxenutbildning",
        UnitType.LeisureTimeCentre => "Fritidshem",
        UnitType.Other => "Annan enhet",
    };

    public static string Name(this PartnerKind kind) => kind switch
    {
        PartnerKind.Board => "Nämnd",
        PartnerKind.Administration => "Förvaltning",
        PartnerKind.Company => "Bolag",
        PartnerKind.Other => "Extern part",
    };

    /// <summary>CSS modifier for a status badge; the badge always carries the status as text too.</summary>
    public static string CssClass(this InitiativeStatus status) => status switch
    {
        InitiativeStatus.Planned => "status-planned",
        InitiativeStatus.Ongoing => "status-ongoing",
        InitiativeStatus.Completed => "status-completed",
        InitiativeStatus.Paused => "status-paused",
        InitiativeStatus.Cancelled => "status-cancelled",
    };

    public static string Name(this ChangeAction action) => action switch
    {
        ChangeAction.Created => "Skapad",
        ChangeAction.Updated => "Ändrad",
        ChangeAction.Archived => "Arkiverad",
        ChangeAction.Restored => "Återställd",
        ChangeAction.Copied => "Kopierad",
        ChangeAction.CarriedOver => "Förd över till ny plan",
    };

    public static string Name(this ReportStatus status) => status switch
    {
        ReportStatus.NotStarted => "Ej påbörjad",
        ReportStatus.Draft => "Utkast",
        ReportStatus.Submitted => "Inskickad",
        ReportStatus.Returned => "Återsänd",
        ReportStatus.Approved => "Godkänd",
    };

    public static string Name(this ReportState state) => state switch
    {
        ReportState.NotStarted => "Ej påbörjad",
        ReportState.Draft => "Utkast",
        ReportState.Submitted => "Inskickad",
        ReportState.Returned => "Återsänd",
        ReportState.Approved => "Godkänd",
        ReportState.Overdue => "Försenad",
    };

    public static string CssClass(this ReportState state) => state switch
    {
        ReportState.NotStarted => "state-notstarted",
        ReportState.Draft => "state-draft",
        ReportState.Submitted => "state-submitted",
        ReportState.Returned => "state-returned",
        ReportState.Approved => "state-approved",
        ReportState.Overdue => "state-overdue",
    };

    public static string Name(this ImplementationStatus status) => status switch
    {
        ImplementationStatus.Done => "Genomförd",
        ImplementationStatus.OnTrack => "Pågår enligt plan",
        ImplementationStatus.Delayed => "Försenad",
        ImplementationStatus.NotStarted => "Ej påbörjad",
        ImplementationStatus.Cancelled => "Inställd",
    };

    public static string Name(this EffectJudgement judgement) => judgement switch
    {
        EffectJudgement.Visible => "Synlig",
        EffectJudgement.PartlyVisible => "Delvis synlig",
        EffectJudgement.NotYetVisible => "Ännu inte synlig",
        EffectJudgement.CannotBeAssessed => "Kan inte bedömas",
    };

    public static string Name(this EvidenceType type) => type switch
    {
        EvidenceType.Indicator => "Indikator",
        EvidenceType.Survey => "Enkät",
        EvidenceType.Observation => "Observation",
        EvidenceType.Interview => "Intervju",
        EvidenceType.Results => "Resultat",
        EvidenceType.Other => "Annat",
    };

    public static string Name(this RoundStatus status) => status switch
    {
        RoundStatus.Open => "Öppen",
        RoundStatus.Closed => "Stängd",
    };

    /// <summary>
    /// A count with its noun, singular for one: "1 insats", "2 insatser", "1 ny insats", "5 000 rapporter"
    /// (digits grouped as Swedes write them). Every count shown with a noun goes through here.
    /// </summary>
    public static string Count(long n, string one, string many) =>
        n.ToString("N0", Swedish) + " " + (n == 1 ? one : many);

    /// <summary>A UTC time shown in Swedish local time (Europe/Stockholm).</summary>
    public static string Timestamp(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, Stockholm).ToString("yyyy-MM-dd HH:mm", Swedish);

    /// <summary>
    /// A UTC time as a <c>&lt;time&gt;</c> element: Swedish local time to read, and in <c>datetime</c> the UTC instant
    /// to whole seconds ("2026-12-02T14:37:02Z"). The round-trip format "O" carries seven fraction digits, which the
    /// HTML standard's valid global date and time string does not allow (at most three); seconds are enough here.
    /// </summary>
    public static IHtmlContent Time(DateTime utc) => new HtmlString(
        $"<time datetime=\"{MachineTime(utc)}\">{Timestamp(utc)}</time>");

    /// <summary>The <c>datetime</c> value of <see cref="Time"/>: a valid HTML global date and time, UTC, whole seconds.</summary>
    public static string MachineTime(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    public static string Date(DateOnly? date) => date?.ToString("d MMMM yyyy", Swedish) ?? "–";

    public static string Period(DateOnly from, DateOnly to) =>
        from.Year == to.Year ? from.Year.ToString(Swedish) : $"{from.Year}–{to.Year}";

    public static string Period(DateOnly? from, DateOnly? to) => (from, to) switch
    {
        (null, null) => "–",
        ({ } f, null) => $"från {Date(f)}",
        (null, { } t) => $"till {Date(t)}",
        ({ } f, { } t) => $"{Date(f)} – {Date(t)}",
    };

    public static string Refers(string? refersTo) => string.IsNullOrWhiteSpace(refersTo) ? "" : refersTo + ".";
}
