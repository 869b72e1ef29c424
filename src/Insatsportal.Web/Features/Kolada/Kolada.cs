namespace Insatsportal.Web.Features.Kolada;

/// <summary>Fixed facts about Kolada and who may manage its figures here (docs/kolada.md).</summary>
public static class Kolada
{
    public const int KpiIdLength = 20;
    public const int AreaIdLength = 20;

    /// <summary>Kolada's "municipality" for the average of all municipalities (Riket), the comparison value.</summary>
    public const string AllMunicipalities = "0000";

    /// <summary>The attribution Kolada's licence asks for, shown wherever a figure is.</summary>
    public const string Attribution = "Källa: Kolada (RKA), CC BY 4.0";

    public const string FromKolada = "Hämtat från Kolada";
    public const string FromUpload = "Uppladdad fil";

    public static string GenderName(string gender) => gender switch
    {
        "K" => "Kvinnor/flickor",
        "M" => "Män/pojkar",
        _ => "Totalt",
    };
}

/// <summary>"Kolada" in configuration.</summary>
public sealed class KoladaOptions
{
    public const string Section = "Kolada";

    public string BaseUrl { get; set; } = "https://api.kolada.se/v2";

    /// <summary>Off: the daily job does nothing (tests fetch on demand).</summary>
    public bool DailyFetchEnabled { get; set; } = true;

    /// <summary>How long a förvaltning's values stay fresh before the daily job fetches them again.</summary>
    public TimeSpan FetchInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the job looks for a förvaltning due for a fetch.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Pages followed through next_page in one answer, so a looping next_page cannot run for ever.</summary>
    public int MaxPages { get; set; } = 200;

    /// <summary>An uploaded JSON file is read up to this many bytes, counted while it is read.</summary>
    public long MaxUploadBytes { get; set; } = 20L * 1024 * 1024;
}
