namespace Insatsportal.Web.Features.PlanTransfer;

/// <summary>A column of the template: its Swedish header, and whether import needs it (informational columns
/// are written by the export for the reader and ignored by the import).</summary>
public sealed record TemplateColumn(string Header, bool Informational = false);

/// <summary>A sheet of the template with its columns in order.</summary>
public sealed record TemplateSheet(string Name, IReadOnlyList<TemplateColumn> Columns)
{
    public int IndexOf(string header) => Columns.ToList().FindIndex(c => c.Header == header);
}

/// <summary>
/// The plan workbook's template (docs/plan-template.md): sheet names and Swedish headers, shared by the export
/// and the import so that the two cannot drift apart. Import finds columns by header, not by position.
/// </summary>
public static class PlanTemplate
{
    public const string Instructions = "Instruktioner";

    public static class Goals
    {
        public const string Key = "Nyckel";
        public const string Title = "Titel";
        public const string ShortName = "Kortnamn";
        public const string Description = "Beskrivning";
        public const string SteeringGroup = "Styrgrupp";
        public static readonly TemplateSheet Sheet = new("Mål", [new(Key), new(Title), new(ShortName), new(Description), new(SteeringGroup)]);
    }

    public static class Themes
    {
        public const string Key = "Nyckel";
        public const string Kind = "Typ";
        public const string Code = "Kod";
        public const string Name = "Namn";
        public static readonly TemplateSheet Sheet = new("Områden", [new(Key), new(Kind), new(Code), new(Name)]);
    }

    public static class Initiatives
    {
        public const string Key = "Nyckel";
        public const string GoalKey = "Målnyckel";
        public const string GoalTitle = "Mål";
        public const string Number = "Nummer";
        public const string Title = "Titel";
        public const string AlternativeTitles = "Alternativa titlar";
        public const string Background = "Bakgrund";
        public const string Purpose = "Syfte";
        public const string Objective = "Insatsens mål";
        public const string TargetGroup = "Målgrupp";
        public const string Content = "Innehåll";
        public const string Status = "Status";
        public const string StartDate = "Startdatum";
        public const string EndDate = "Slutdatum";
        public const string Origin = "Ursprung";
        public const string AssignmentDescription = "Uppdragsbeskrivning";
        public const string AssignmentDescriptionLocation = "Uppdragsbeskrivningen finns";
        public const string Partners = "Samverkan";
        public const string Units = "Berörda enheter";
        public const string Themes = "Områden";
        public static readonly TemplateSheet Sheet = new("Insatser",
        [
            new(Key), new(GoalKey), new(GoalTitle, Informational: true), new(Number), new(Title), new(AlternativeTitles),
            new(Background), new(Purpose), new(Objective), new(TargetGroup), new(Content), new(Status), new(StartDate),
            new(EndDate), new(Origin), new(AssignmentDescription), new(AssignmentDescriptionLocation), new(Partners),
            new(Units), new(Themes),
        ]);
    }

    /// <summary>Every numbered-row sheet starts with the insats' key.</summary>
    public const string InitiativeKey = "Insatsnyckel";
    public const string RefersTo = "Avser";
    public const string Timing = "När";

    public static class Responsible
    {
        public const string Role = "Roll";
        public const string Email = "E-post";
        public const string Department = "Avdelning";
        public const string Group = "Grupp";
        public const string Parts = "För delar";
        public static readonly TemplateSheet Sheet = new("Ansvariga", [new(InitiativeKey), new(Role), new(Email), new(Department), new(Group), new(Parts)]);
    }

    public static class Activities
    {
        public const string Number = "Nr";
        public const string Text = "Aktivitet";
        public static readonly TemplateSheet Sheet = new("Aktiviteter", [new(InitiativeKey), new(Number), new(Text), new(Timing)]);
    }

    public static class FollowUps
    {
        public const string Method = "Uppföljning";
        public static readonly TemplateSheet Sheet = new("Uppföljning", [new(InitiativeKey), new(RefersTo), new(Method), new(Timing)]);
    }

    public static class Effects
    {
        public const string Text = "Förväntad effekt";
        public const string Indicator = "Indikator";
        public const string IndicatorUnit = "Indikatorns enhet";
        public const string Baseline = "Utgångsvärde";
        public const string Target = "Målvärde";
        public static readonly TemplateSheet Sheet = new("Förväntade effekter",
            [new(InitiativeKey), new(RefersTo), new(Text), new(Indicator), new(IndicatorUnit), new(Baseline), new(Target)]);
    }

    public static class Resources
    {
        public const string Text = "Resurs";
        public const string Amount = "Belopp (kr)";
        public const string Hours = "Timmar";
        public static readonly TemplateSheet Sheet = new("Resurser", [new(InitiativeKey), new(RefersTo), new(Text), new(Amount), new(Hours)]);
    }

    /// <summary>The data sheets in workbook order (after the instructions).</summary>
    public static readonly IReadOnlyList<TemplateSheet> DataSheets =
    [
        Initiatives.Sheet, Goals.Sheet, Themes.Sheet, Responsible.Sheet, Activities.Sheet, FollowUps.Sheet, Effects.Sheet, Resources.Sheet,
    ];

    /// <summary>Limits that keep one upload bounded (docs/plan-template.md).</summary>
    public const long MaxFileBytes = 5 * 1024 * 1024;
    public const int MaxInitiatives = 2000;
    public const int MaxRowsPerSheet = 20_000;
    public const int MaxGoalsOrThemes = 500;

    /// <summary>Keys are slugs so that they compare the same in SQLite and SQL Server (case-insensitive collation).</summary>
    public const string KeyPattern = "^[a-z0-9][a-z0-9._-]*$";

    /// <summary>Column letter for a 0-based index: 0 → A, 26 → AA.</summary>
    public static string ColumnLetter(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }
        return letters;
    }
}
