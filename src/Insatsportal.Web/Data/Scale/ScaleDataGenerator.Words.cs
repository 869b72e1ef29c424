using Insatsportal.Web.Domain;

namespace Insatsportal.Web.Data.Scale;

/// <summary>The words the generated data is made of: plausible Swedish school-development language, so that
/// search, sorting (å, ä, ö) and page sizes behave as they do with real plans.</summary>
public sealed partial class ScaleDataGenerator
{
    private static readonly string[] Places =
    [
        "Norr", "Söder", "Öster", "Väster", "Centrum", "Älvsjö", "Årsta", "Hägersten", "Skärholmen", "Farsta",
        "Vällingby", "Spånga", "Kista", "Rinkeby", "Bromma", "Enskede", "Skarpnäck", "Östermalm", "Kungsholmen", "Norrmalm",
    ];

    private static readonly string[] UnitStems =
    [
        "Ekbacke", "Björk", "Lind", "Ängs", "Sjö", "Berg", "Äppel", "Åker", "Gran", "Hassel", "Rönn", "Vide",
        "Solgård", "Strand", "Kvarn", "Tallbacke", "Lönn", "Fjäll", "Myr", "Dal", "Hag", "Bäck", "Kull", "Näs",
    ];

    private static readonly (string Suffix, UnitType Type)[] UnitKinds =
    [
        ("skolan", UnitType.CompulsorySchool), ("skolan", UnitType.CompulsorySchool), ("skolan", UnitType.CompulsorySchool),
        ("s förskola", UnitType.Preschool), ("s förskola", UnitType.Preschool),
        ("skolans fritidshem", UnitType.LeisureTimeCentre), ("gymnasiet", UnitType.UpperSecondarySchool),
        ("s anpassade grundskola", UnitType.AdaptedCompulsorySchool),
    ];

    private static readonly string[] DepartmentNames =
    [
        "Grundskoleavdelningen Nord", "Grundskoleavdelningen Syd", "Förskoleavdelningen Väst", "Förskoleavdelningen Öst",
        "Gymnasieavdelningen", "Avdelningen för anpassad skola", "Grundskoleavdelningen Centrum", "Förskoleavdelningen Centrum",
    ];

    private static readonly string[] FirstNames =
    [
        "Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Eva", "Per", "Kristina", "Mikael", "Lena", "Anders",
        "Sara", "Åsa", "Björn", "Märta", "Örjan", "Elin", "Oskar", "Ingrid", "Jonas", "Sofia", "Ali", "Fatima",
    ];

    private static readonly string[] LastNames =
    [
        "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
        "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg", "Åberg",
        "Öberg", "Ström", "Sandberg", "Forsberg", "Lindqvist", "Engström", "Hassan", "Mohammed", "Berg", "Holm",
        "Lund", "Ek", "Wallin", "Björk", "Nyström", "Lundgren", "Söderberg", "Håkansson", "Sjöberg", "Dahl",
        "Axelsson", "Hedlund", "Falk", "Sundberg", "Blom", "Lindholm", "Månsson", "Hellström", "Bergström", "Norberg",
        "Ali", "Sjögren", "Isaksson", "Ahmed", "Fredriksson", "Mattsson", "Lundin", "Lind", "Strand", "Kjellberg",
        "Nordin", "Borg", "Ekström", "Göransson", "Söderström", "Östlund", "Åström", "Hedberg", "Edlund", "Malm",
        "Holmgren", "Eklund", "Lindgren", "Magnusson", "Nordström", "Berglund", "Bergman", "Lundberg", "Lundqvist",
        "Mårtensson", "Jakobsson", "Samuelsson", "Hermansson", "Nyberg", "Fransson", "Sundström", "Ivarsson", "Claesson",
        "Löfgren", "Hägglund", "Abrahamsson", "Martinsson", "Danielsson", "Viklund", "Sjöström", "Wikström", "Backman",
        "Åkesson", "Lindström", "Öhman", "Ekberg", "Björklund", "Eliasson", "Nordqvist", "Persdotter", "Hjalmarsson",
        "Sandström", "Westerberg", "Ottosson", "Wiklund", "Blomqvist", "Törnqvist", "Engberg", "Hedström", "Sundqvist",
        "Lindahl", "Jonasson", "Lindblom", "Nordlund", "Åkerlund", "Östberg", "Grahn", "Melin", "Ekholm", "Larsdotter",
        "Palm", "Rosén", "Sjödin", "Wahlberg", "Ljung", "Norén",
    ];

    private static readonly string[] OfficialTitles =
        ["Kvalitetsutvecklare", "Utvecklingsledare", "Controller", "Verksamhetsutvecklare", "Utredare", "Specialpedagog"];

    private static readonly string[] PlanNames =
    [
        "Utvecklingsplan", "Verksamhetsplan", "Handlingsplan för ökad måluppfyllelse", "Plan för trygghet och studiero",
        "Digitaliseringsplan", "Kompetensförsörjningsplan", "Plan för likvärdig förskola", "Åtgärdsplan efter lägesbedömning",
        "Plan för språkutveckling", "Handlingsplan för närvaro",
    ];

    private static readonly string[] Themes = ["Undervisning", "Trygghet och studiero", "Likvärdighet", "Kompetensförsörjning"];

    private static readonly (string Title, string Short)[] GoalTitles =
    [
        ("Alla barn och elever ges förutsättningar att nå målen", "Ökad måluppfyllelse"),
        ("Undervisningen utvecklas på vetenskaplig grund", "En utvecklad undervisning"),
        ("Barn och elever känner sig trygga och har studiero", "Trygghet och studiero"),
        ("Verksamheten attraherar och behåller kompetent personal", "Kompetensförsörjning"),
        ("Resurserna fördelas likvärdigt efter behov", "Likvärdighet"),
    ];

    private static readonly (string Title, string Area, string Background, string Indicator)[] Topics =
    [
        ("Läsa, skriva, räkna", "läs- och skrivutveckling", "Kartläggningen i årskurs 1 visade att var femte elev inte når kravnivån.", "Andel elever som når kravnivån i läsning"),
        ("Läslyftet i förskolan", "språkutveckling", "Förskolorna behöver ett gemensamt arbetssätt kring högläsning.", "Andel förskolor med läsmiljö"),
        ("Matematiklyftet", "matematik", "Resultaten på nationella prov i matematik har sjunkit två år i rad.", "Andel elever med lägst E i matematik"),
        ("Digital kompetens", "digitalisering", "Lärarnas digitala kompetens varierar mellan skolorna.", "Andel lärare med genomförd utbildning"),
        ("Trygghet och studiero", "trygghet", "Elevenkäten visar att färre elever känner sig trygga på rasterna.", "Andel elever som känner sig trygga"),
        ("Ökad närvaro", "närvaro", "Den problematiska frånvaron har ökat sedan pandemin.", "Andel elever med närvaro över 90 %"),
        ("Språkutvecklande arbetssätt", "språkutveckling", "Nyanlända elever behöver stöd i alla ämnen.", "Andel nyanlända som når målen"),
        ("Kollegialt lärande", "kollegialt lärande", "Lärarna efterfrågar tid för gemensam planering och analys.", "Andel arbetslag med lärgrupp"),
        ("Utomhuspedagogik", "utomhusmiljö", "Gårdarna används lite i undervisningen.", "Andel enheter med utemiljöplan"),
        ("Elevhälsans förebyggande arbete", "elevhälsa", "Elevhälsan arbetar mest åtgärdande.", "Andel elever med tidiga insatser"),
        ("Övergångar mellan skolformer", "övergångar", "Information om barnens behov försvinner vid övergångar.", "Andel övergångar med överlämning"),
        ("Ämnesövergripande arbete", "ämnesövergripande arbete", "Eleverna ser sällan sambanden mellan ämnena.", "Andel elever som upplever sammanhang"),
    ];

    private static readonly string[] Verbs =
        ["i alla skolor", "för yngre elever", "i förskolan", "med stöd av forskning", "genom lärgrupper", "i årskurs 7–9", "för nyanlända", "i fritidshemmet"];

    private static readonly string[] ActivityTexts =
    [
        "Kartläggning av nuläget", "Kompetensutveckling för lärare", "Handledning av förstelärare", "Gemensam planeringsdag",
        "Lärgrupper med stöd av FoU", "Uppföljning i ledningsgruppen", "Nätverk för rektorer", "Analys av resultat",
    ];

    private static readonly string[] Timings = ["vt 2025", "ht 2025", "vt 2026", "ht 2026", "löpande", "augusti", "januari–mars", "2025–2026"];

    private static readonly string[] FollowUpMethods =
        ["Enkät till elever och personal", "Resultatdialog med rektorer", "Analys av betygsdata", "Lägesbedömning i styrgruppen"];

    private static readonly string[] EffectTexts =
        ["Fler elever når målen", "Ökad trygghet", "Högre kvalitet i undervisningen", "Bättre samverkan mellan enheter", "Ökad likvärdighet"];

    private static readonly string[] Origins = ["KF:s budget", "Lägesbedömning", "Nämndens mål", "Skolinspektionens tillsyn", "Kvalitetsrapport"];

    private static readonly string[] RoundNames = ["Delårsrapport", "Verksamhetsberättelse", "Lägesbedömning"];

    private static readonly ImplementationStatus[] Implementations =
    [
        ImplementationStatus.Done, ImplementationStatus.OnTrack, ImplementationStatus.OnTrack, ImplementationStatus.OnTrack,
        ImplementationStatus.Delayed, ImplementationStatus.NotStarted, ImplementationStatus.Cancelled,
    ];

    private static readonly string[] Comments =
    [
        "Genomfört enligt plan.", "Försenat på grund av personalbrist.", "Påbörjat under hösten.",
        "Lärgrupperna har kommit igång på alla enheter.", "Behöver mer tid i arbetslagen.",
    ];

    private static readonly string[] Assessments =
    [
        "Insatsen har gett tydlig effekt i undervisningen.", "Effekten syns ännu inte i resultaten.",
        "Delvis genomförd; effekten följs upp nästa läsår.", "Arbetet har stärkt samarbetet mellan enheterna.",
    ];

    private static string DepartmentName(int n) =>
        n <= DepartmentNames.Length ? DepartmentNames[n - 1] : $"Skolavdelning {n}";

    /// <summary>Unique plausible names: a stem and a place, then a kind ("Björkskolan Årsta", "Ängs förskola Norr").</summary>
    private static (string Name, UnitType Type) UnitName(int n)
    {
        var (suffix, type) = UnitKinds[n % UnitKinds.Length];
        var stem = UnitStems[n / UnitKinds.Length % UnitStems.Length];
        var place = Places[n / (UnitKinds.Length * UnitStems.Length) % Places.Length];
        return ($"{stem}{suffix} {place}", type);
    }
}
