using System.Globalization;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Shared;
using Microsoft.AspNetCore.Http.Extensions;

namespace Insatsportal.Web.Features.Initiatives;

public enum InitiativeSort
{
    Plan,
    Title,
    Status,
    Updated,
}

/// <summary>
/// The filters of <c>/insatser</c>, read from GET parameters with Swedish names so that a search can be shared
/// as a link. Values are parsed by hand rather than by model binding: a link typed or cut short by someone
/// must never give a 500, only a Swedish note that the value was ignored.
/// </summary>
public sealed record InitiativeSearchQuery
{
    public const int PageSize = 25;
    public const int MaxTermLength = 200;
    public const int MaxWords = 6;

    public string? Q { get; init; }

    /// <summary>The förvaltning whose plans are searched; with neither this nor <see cref="AllOrganisations"/>
    /// the user's own (see <see cref="InitiativeSearch.SearchAsync"/>).</summary>
    public int? Organisation { get; init; }
    public bool AllOrganisations { get; init; }
    public int? Plan { get; init; }
    public int? Goal { get; init; }
    public IReadOnlyList<InitiativeStatus> Statuses { get; init; } = [];
    public int? Department { get; init; }
    public string? Person { get; init; }
    public int? Unit { get; init; }
    public int? Theme { get; init; }
    public bool IncludeArchived { get; init; }
    public InitiativeSort Sort { get; init; } = InitiativeSort.Plan;
    public bool Descending { get; init; }
    public int Page { get; init; } = 1;

    /// <summary>Swedish notes about values that were ignored.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>URL values for status; the Swedish names without å ä ö so that links stay readable.</summary>
    public static readonly IReadOnlyList<(string Value, InitiativeStatus Status)> StatusValues =
    [
        ("planerad", InitiativeStatus.Planned),
        ("pagaende", InitiativeStatus.Ongoing),
        ("pausad", InitiativeStatus.Paused),
        ("avslutad", InitiativeStatus.Completed),
        ("avbruten", InitiativeStatus.Cancelled),
    ];

    /// <summary>The sort choices as the form offers them: URL value and Swedish label.</summary>
    public static readonly IReadOnlyList<(string Value, string Label)> SortValues =
    [
        ("plan", "Plan och ordning i planen"),
        ("plan-fallande", "Plan, omvänd ordning"),
        ("titel", "Titel A–Ö"),
        ("titel-fallande", "Titel Ö–A"),
        ("status", "Status (planerad först)"),
        ("status-fallande", "Status (avbruten först)"),
        ("andrad-fallande", "Senast ändrad först"),
        ("andrad", "Senast ändrad sist"),
    ];

    /// <summary>The URL value of the "Alla förvaltningar" choice.</summary>
    public const string AllOrganisationsValue = "alla";

    public string SortValue => Sort switch
    {
        InitiativeSort.Plan => "plan",
        InitiativeSort.Title => "titel",
        InitiativeSort.Status => "status",
        InitiativeSort.Updated => "andrad",
    } + (Descending ? "-fallande" : "");

    public static string StatusValue(InitiativeStatus status) => StatusValues.First(s => s.Status == status).Value;

    public static InitiativeSearchQuery Parse(IQueryCollection query)
    {
        var problems = new List<string>();

        int? Id(string name, string label) => QueryValues.Id(query, name, label, problems);

        var q = query["q"].ToString().Trim();
        if (q.Length > MaxTermLength)
        {
            q = q[..MaxTermLength];
            problems.Add($"Söktexten var för lång och har kortats till {MaxTermLength} tecken.");
        }

        var statuses = new List<InitiativeStatus>();
        foreach (var raw in query["status"])
        {
            var value = (raw ?? "").Trim();
            if (value.Length == 0)
            {
                continue;
            }
            var match = StatusValues.FirstOrDefault(s => string.Equals(s.Value, value, StringComparison.OrdinalIgnoreCase));
            if (match.Value is null)
            {
                problems.Add($"Statusen ”{Shorten(value)}” finns inte och ignorerades.");
            }
            else if (!statuses.Contains(match.Status))
            {
                statuses.Add(match.Status);
            }
        }

        var sort = InitiativeSort.Plan;
        var descending = false;
        var sortRaw = query["sortering"].ToString().Trim();
        if (sortRaw.Length > 0)
        {
            descending = sortRaw.EndsWith("-fallande", StringComparison.OrdinalIgnoreCase);
            var key = descending ? sortRaw[..^"-fallande".Length] : sortRaw;
            InitiativeSort? parsed = key.ToLowerInvariant() switch
            {
                "plan" => InitiativeSort.Plan,
                "titel" => InitiativeSort.Title,
                "status" => InitiativeSort.Status,
                "andrad" => InitiativeSort.Updated,
                _ => null,
            };
            if (parsed is { } s)
            {
                sort = s;
            }
            else
            {
                descending = false;
                problems.Add($"Sorteringen ”{Shorten(sortRaw)}” finns inte; insatserna sorteras efter plan.");
            }
        }

        var archivedRaw = query["arkiverade"].ToString().Trim();
        var includeArchived = archivedRaw.ToLowerInvariant() switch
        {
            "" or "false" or "nej" or "0" => false,
            "true" or "ja" or "on" or "1" => true,
            _ => Problem(problems, $"Värdet ”{Shorten(archivedRaw)}” för arkiverade förstods inte; arkiverade insatser visas inte."),
        };

        var page = 1;
        var pageRaw = query["sida"].ToString().Trim();
        if (pageRaw.Length > 0 && !(int.TryParse(pageRaw, NumberStyles.None, CultureInfo.InvariantCulture, out page) && page > 0))
        {
            page = 1;
            problems.Add($"Sidan ”{Shorten(pageRaw)}” finns inte; sida 1 visas.");
        }

        var organisationRaw = query["forvaltning"].ToString().Trim();
        var allOrganisations = string.Equals(organisationRaw, AllOrganisationsValue, StringComparison.OrdinalIgnoreCase);

        var person = query["person"].ToString().Trim();
        if (person.Length > 450)
        {
            person = "";
            problems.Add("Personen finns inte och ignorerades.");
        }

        return new InitiativeSearchQuery
        {
            Q = q.Length == 0 ? null : q,
            Organisation = allOrganisations ? null : Id("forvaltning", "Förvaltningen"),
            AllOrganisations = allOrganisations,
            Plan = Id("plan", "Planen"),
            Goal = Id("mal", "Målet"),
            Statuses = statuses,
            Department = Id("avdelning", "Avdelningen"),
            Person = person.Length == 0 ? null : person,
            Unit = Id("enhet", "Enheten"),
            Theme = Id("tema", "Området"),
            IncludeArchived = includeArchived,
            Sort = sort,
            Descending = descending,
            Page = page,
            Problems = problems,
        };
    }

    /// <summary>This search as a link to <paramref name="path"/> (the search page's, generated from its route), on
    /// another page: what the pager and shared links use.</summary>
    public string Link(string path, int page)
    {
        var query = new QueryBuilder();
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                query.Add(name, Convert.ToString(value, CultureInfo.InvariantCulture)!);
            }
        }
        Add("q", Q);
        Add("forvaltning", AllOrganisations ? AllOrganisationsValue : Organisation);
        Add("plan", Plan);
        Add("mal", Goal);
        foreach (var status in Statuses)
        {
            Add("status", StatusValue(status));
        }
        Add("avdelning", Department);
        Add("person", Person);
        Add("enhet", Unit);
        Add("tema", Theme);
        Add("arkiverade", IncludeArchived ? "true" : null);
        Add("sortering", Sort == InitiativeSort.Plan && !Descending ? null : SortValue);
        Add("sida", page > 1 ? page : null);
        return path + query.ToQueryString();
    }

    /// <summary>The words of the free text, each as the LIKE patterns that find it (see <see cref="InitiativeSearch"/>).</summary>
    public IReadOnlyList<IReadOnlyList<string>> WordPatterns() =>
        (Q ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(MaxWords)
            .Select(word => (IReadOnlyList<string>)CaseVariants(word).Select(v => "%" + EscapeLike(v) + "%").ToList())
            .ToList();

    /// <summary>
    /// The free text as an SQLite FTS5 query: every word a quoted prefix ("läs" finds "Läsa", "läsning"), all of
    /// them required. Quoting makes every character text (FTS5 doubles a quote inside quotes), so nothing the
    /// user types is query syntax; a word without letters or digits ("%") has no token and finds nothing.
    /// </summary>
    public string? FullTextQuery()
    {
        // Control characters separate words: a NUL would end the query string inside its quotes for SQLite.
        var text = new string((Q ?? "").Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(MaxWords)
            .Select(word => "\"" + word.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"*")
            .ToList();
        return words.Count == 0 ? null : string.Join(" AND ", words);
    }

    /// <summary>
    /// The free text for PostgreSQL, with the same rules as the SQLite full-text index: per word a regular
    /// expression for <c>~*</c> (case ignored for every letter under the column's ICU collation) that finds the
    /// word as the beginning of a word. A word is split as FTS5's unicode61 tokenizer splits it, at anything but
    /// letters and digits, and its parts must follow each other with only such characters between them ("IT-stöd"
    /// finds "IT stöd" and "it-stödet"); every part but the last is a whole word. The parts are letters and digits
    /// only, so nothing typed is regular-expression syntax. A word without letters or digits is null: it finds
    /// nothing, as on SQLite.
    /// </summary>
    public IReadOnlyList<string?> WordRegexes()
    {
        const string separator = "[^[:alnum:]]";
        var text = new string((Q ?? "").Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(MaxWords)
            .Select(word =>
            {
                var parts = new string(word.Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray())
                    .Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return parts.Length == 0 ? null : $"(^|{separator})" + string.Join(separator + "+", parts);
            })
            .ToList();
    }

    /// <summary>
    /// LIKE in SQLite ignores case for A–Z only, so "åtgärd" would not find "Åtgärd". The word is therefore
    /// also searched with its non-ASCII letters in upper case and with a capital first letter, which covers
    /// the way Swedish words are written in running text and headings. A text mixing cases inside a word
    /// ("ÅtgÄrd") is not found; docs/insats-search.md says so.
    /// </summary>
    public static IReadOnlyList<string> CaseVariants(string word)
    {
        var swedish = Display.Swedish.TextInfo;
        var lower = swedish.ToLower(word);
        if (lower.All(char.IsAscii))
        {
            return [word];
        }
        var upper = new string(lower.Select(c => char.IsAscii(c) ? c : swedish.ToUpper(c)).ToArray());
        var capital = swedish.ToUpper(lower[0]) + lower[1..];
        return new[] { lower, upper, capital }.Distinct(StringComparer.Ordinal).ToList();
    }

    public const string LikeEscape = @"\";

    public static string EscapeLike(string value) => value
        .Replace(@"\", @"\\", StringComparison.Ordinal)
        .Replace("%", @"\%", StringComparison.Ordinal)
        .Replace("_", @"\_", StringComparison.Ordinal);

    private static string Shorten(string value) => QueryValues.Shorten(value);

    private static bool Problem(List<string> problems, string message)
    {
        problems.Add(message);
        return false;
    }
}
