using System.Globalization;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.Shared;

namespace Insatsportal.Web.Features.FollowUps;

/// <summary>
/// The filters of a round page (<c>/omgangar/{id}</c>) as GET parameters with Swedish names, so that a filtered
/// list can be shared as a link. Parsed by hand like <c>/insatser</c>: a value cut short or typed by someone gives a
/// Swedish note, never a 500.
/// </summary>
public sealed record RoundReportQuery
{
    public const int PageSize = 50;
    public const int MaxTermLength = 200;

    public ReportState? State { get; init; }
    public int? Goal { get; init; }
    public int? Department { get; init; }
    public int? Unit { get; init; }
    public int? Initiative { get; init; }
    public string? Q { get; init; }
    public int Page { get; init; } = 1;
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>URL values for the states, without å ä ö so that links stay readable.</summary>
    public static readonly IReadOnlyList<(string Value, ReportState State)> StateValues =
    [
        ("ej-paborjad", ReportState.NotStarted),
        ("utkast", ReportState.Draft),
        ("inskickad", ReportState.Submitted),
        ("atersand", ReportState.Returned),
        ("godkand", ReportState.Approved),
        ("forsenad", ReportState.Overdue),
    ];

    public static string StateValue(ReportState state) => StateValues.First(s => s.State == state).Value;

    public bool IsFiltered => State is not null || Goal is not null || Department is not null || Unit is not null || Initiative is not null || Q is not null;

    public static RoundReportQuery Parse(IQueryCollection query)
    {
        var problems = new List<string>();
        int? Id(string name, string label) => QueryValues.Id(query, name, label, problems);

        ReportState? state = null;
        var stateRaw = query["lage"].ToString().Trim();
        if (stateRaw.Length > 0)
        {
            var match = StateValues.FirstOrDefault(s => string.Equals(s.Value, stateRaw, StringComparison.OrdinalIgnoreCase));
            if (match.Value is null)
            {
                problems.Add($"Läget ”{Shorten(stateRaw)}” finns inte och ignorerades.");
            }
            else
            {
                state = match.State;
            }
        }

        var q = query["q"].ToString().Trim();
        if (q.Length > MaxTermLength)
        {
            q = q[..MaxTermLength];
            problems.Add($"Söktexten var för lång och har kortats till {MaxTermLength} tecken.");
        }

        var page = 1;
        var pageRaw = query["sida"].ToString().Trim();
        if (pageRaw.Length > 0 && !(int.TryParse(pageRaw, NumberStyles.None, CultureInfo.InvariantCulture, out page) && page > 0))
        {
            page = 1;
            problems.Add($"Sidan ”{Shorten(pageRaw)}” finns inte; sida 1 visas.");
        }

        return new RoundReportQuery
        {
            State = state,
            Goal = Id("mal", "Målet"),
            Department = Id("avdelning", "Avdelningen"),
            Unit = Id("enhet", "Enheten"),
            Initiative = Id("insats", "Insatsen"),
            Q = q.Length == 0 ? null : q,
            Page = page,
            Problems = problems,
        };
    }

    /// <summary>This filter as the route values of a link to the round page (<see cref="FollowUpRoutes.Round"/>), on
    /// another page or with another state; the filters become the query string in this order.</summary>
    public RouteValueDictionary RouteValues(int roundId, int page, ReportState? state = null, bool keepState = true)
    {
        var query = new RouteValueDictionary { ["id"] = roundId };
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                query.Add(name, Convert.ToString(value, CultureInfo.InvariantCulture)!);
            }
        }
        var chosen = keepState ? State : state;
        Add("lage", chosen is { } s ? StateValue(s) : null);
        Add("mal", Goal);
        Add("avdelning", Department);
        Add("enhet", Unit);
        Add("insats", Initiative);
        Add("q", Q);
        Add("sida", page > 1 ? page : null);
        return query;
    }

    /// <summary>LIKE patterns for the free text: SQLite's LIKE ignores case for A–Z only, so the text is also tried
    /// in lower case and with a capital first letter (how Swedish titles are written).</summary>
    public IReadOnlyList<string> Patterns()
    {
        if (Q is null)
        {
            return [];
        }
        var swedish = Display.Swedish.TextInfo;
        var lower = swedish.ToLower(Q);
        var capital = lower.Length == 0 ? lower : swedish.ToUpper(lower[..1]) + lower[1..];
        return new[] { Q, lower, capital, swedish.ToUpper(Q) }.Distinct(StringComparer.Ordinal)
            .Select(v => "%" + v.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%")
            .ToList();
    }

    private static string Shorten(string value) => QueryValues.Shorten(value);
}
