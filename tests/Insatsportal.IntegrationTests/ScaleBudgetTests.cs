using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Data.Scale;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// Every page type on a small generated data set and on one ten times larger (tenfold in insatser, reports,
/// departments, units and users; more plans, rounds and goals per plan): the same number of SQL commands, so nothing
/// is queried per row, goal, department, unit or round, and HTML under the 500 KB budget on both, so a page's cost follows what it
/// shows, not the size of the förvaltning (issues 11 and 14, docs/performance.md). The large set
/// may make a page at most three times the size of the small one: a page that lists everything grows tenfold.
/// </summary>
[Trait("Category", "Scale")]
public sealed class ScaleBudgetTests(ScaleBudgetTests.Small small, ScaleBudgetTests.Large large)
    : IClassFixture<ScaleBudgetTests.Small>, IClassFixture<ScaleBudgetTests.Large>
{
    public const int MaxHtmlBytes = 500 * 1024;

    /// <summary>Ten times apart in departments, units, users, insatser and reports; more plans, rounds and goals too
    /// (2 and 5 goals: a page lists every goal of its plan, so the goals change the page's size, not its queries).</summary>
    public sealed class Small : ScaleAppFactory
    {
        protected override ScaleProfile Profile { get; } =
            new("test-small", Departments: 1, SchoolAreas: 2, Units: 6, Users: 40, Plans: 2, Initiatives: 40, Rounds: 2, Goals: 2);
    }

    public sealed class Large : ScaleAppFactory
    {
        protected override ScaleProfile Profile { get; } =
            new("test-large", Departments: 10, SchoolAreas: 20, Units: 60, Users: 400, Plans: 4, Initiatives: 400, Rounds: 3, Goals: 5);
    }

    public static TheoryData<string, string> Pages => new()
    {
        { DemoUsers.DirectorOfEducation, "/" },
        { DemoUsers.DirectorOfEducation, "/insatser" },
        { DemoUsers.DirectorOfEducation, "/insatser?q=l%C3%A4s" },
        { DemoUsers.DirectorOfEducation, "/insatser?plan={plan}&status=pagaende&sortering=titel" },
        { DemoUsers.DirectorOfEducation, "/insatser?plan={plan}&enhet={unit}&avdelning={department}" },
        { DemoUsers.DirectorOfEducation, "/insatser/{initiative}" },
        { DemoUsers.DirectorOfEducation, "/insatser/{initiative}/redigera" },
        { DemoUsers.DirectorOfEducation, "/insatser/{initiative}/historik" },
        { DemoUsers.DirectorOfEducation, "/planer" },
        { DemoUsers.DirectorOfEducation, "/planer/{plan}" },
        { DemoUsers.DirectorOfEducation, "/mal/{goal}" },
        { DemoUsers.DepartmentHead, "/mina-insatser" },
        { DemoUsers.DirectorOfEducation, "/att-gora" },
        { DemoUsers.DepartmentHead, "/att-gora" },
        { DemoUsers.Principal, "/att-gora" },
        { DemoUsers.DirectorOfEducation, "/rapporter/{report}" },
        { DemoUsers.DirectorOfEducation, "/omgangar" },
        { DemoUsers.DirectorOfEducation, "/omgangar/{openRound}" },
        { DemoUsers.DirectorOfEducation, "/omgangar/{closedRound}" },
        { DemoUsers.DirectorOfEducation, "/omgangar/{closedRound}/namndunderlag" },
        { DemoUsers.DirectorOfEducation, "/oversikt" },
        { DemoUsers.DirectorOfEducation, "/oversikt?plan={plan}&omgang={openRound}" },
        { DemoUsers.DirectorOfEducation, "/oversikt?plan={plan}&omgang={closedRound}&avdelning={department}" },
        { DemoUsers.DepartmentHead, "/oversikt?plan={plan}&omgang={openRound}" },
        { DemoUsers.Principal, "/oversikt?plan={plan}&omgang={openRound}" },
        { DemoUsers.DirectorOfEducation, "/oversikt/sedan-forra?plan={plan}&omgang={openRound}" },
        { DemoUsers.DirectorOfEducation, "/oversikt/insatser?plan={plan}&omgang={openRound}" },
        { DemoUsers.DirectorOfEducation, "/oversikt/rapporter?plan={plan}&omgang={openRound}" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_page_sends_the_same_sql_commands_on_ten_times_the_data_and_stays_under_the_size_budget(string user, string url)
    {
        var onSmall = await MeasureAsync(small, user, url);
        var onLarge = await MeasureAsync(large, user, url);

        Assert.True(onSmall.Bytes < MaxHtmlBytes, $"{url} as {user}: {onSmall.Bytes / 1024} KB on the small set");
        Assert.True(onLarge.Bytes < MaxHtmlBytes, $"{url} as {user}: {onLarge.Bytes / 1024} KB on the large set");
        // Ten times the data may not give ten times the page: what a page shows is aggregated, paged or folded.
        Assert.True(onLarge.Bytes <= 3 * onSmall.Bytes,
            $"{url} as {user}: {onSmall.Bytes / 1024} KB on the small set but {onLarge.Bytes / 1024} KB on the ten times larger one");
        Assert.True(onSmall.Commands == onLarge.Commands,
            $"{url} as {user}: {onSmall.Commands} SQL commands on the small set, {onLarge.Commands} on the ten times larger one:\n"
            + string.Join("\n---\n", onLarge.Texts));
    }

    [Fact]
    public void The_large_set_is_ten_times_the_small_one()
    {
        Assert.Equal(10 * small.Summary.Initiatives, large.Summary.Initiatives);
        Assert.Equal(10 * small.Summary.Units, large.Summary.Units);
        Assert.True(large.Summary.Reports > 5 * small.Summary.Reports, $"{small.Summary.Reports} and {large.Summary.Reports} reports");
    }

    private static async Task<(int Commands, long Bytes, IReadOnlyList<string> Texts)> MeasureAsync(ScaleAppFactory app, string user, string template)
    {
        var ids = app.Ids;
        var url = template.Replace("{plan}", $"{ids.Plan}").Replace("{goal}", $"{ids.Goal}")
            .Replace("{openRound}", $"{ids.OpenRound}").Replace("{closedRound}", $"{ids.ClosedRound}")
            .Replace("{initiative}", $"{ids.Initiative}").Replace("{report}", $"{ids.UnitReport}")
            .Replace("{department}", $"{ids.Department}").Replace("{unit}", $"{ids.Unit}");
        var browser = await app.SignedInAsync(user);
        // A first request fills what the app caches per scope; the second is the one every later user gets.
        (await browser.GetAsync(url)).EnsureSuccessStatusCode();
        app.Commands.Reset();
        var response = await browser.GetAsync(url);
        var html = await response.Content.ReadAsByteArrayAsync();
        var commands = app.Commands.Count;
        var texts = app.Commands.Texts;
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} as {user}: {(int)response.StatusCode}");
        return (commands, html.LongLength, texts);
    }
}
