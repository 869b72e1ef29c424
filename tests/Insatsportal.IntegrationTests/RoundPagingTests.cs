using System.Globalization;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.FollowUps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// The round page and Att göra at a size where they must page: a round of 240 reports (60 insatser, each targeting
/// three units) beside a round of 8, to show that the page holds 50 rows, that its filters live in the URL, and that
/// the number of SQL commands does not follow the number of reports.
/// </summary>
public sealed class RoundPagingTests(RoundPagingTests.Factory app, ITestOutputHelper output) : IClassFixture<RoundPagingTests.Factory>
{
    public sealed class Factory : CountingAppFactory
    {
        private (int Small, int Large)? _rounds;
        private readonly SemaphoreSlim _lock = new(1, 1);

        /// <summary>Two plans in the demo förvaltning with an open round each: 2 insatser (8 reports) and 60 (240).</summary>
        public async Task<(int Small, int Large)> RoundsAsync()
        {
            await _lock.WaitAsync();
            try
            {
                return _rounds ??= await WithDbAsync(async db =>
                {
                    var organisation = await db.Organisations.Where(o => o.Key == "halmstad-buf").Select(o => o.Id).SingleAsync();
                    var units = await db.Units.Where(u => u.OrganisationId == organisation).OrderBy(u => u.Id).Select(u => u.Id).Take(3).ToListAsync();
                    var department = await db.Departments.Where(d => d.OrganisationId == organisation).OrderBy(d => d.Id).Select(d => d.Id).FirstAsync();
                    Plan NewPlan(string key, int initiatives)
                    {
                        var plan = new Plan
                        {
                            OrganisationId = organisation, Key = key, Name = $"Sidplan {key}", Status = PlanStatus.Adopted,
                            PeriodStart = new DateOnly(2026, 1, 1), PeriodEnd = new DateOnly(2099, 12, 31),
                        };
                        plan.Goals.Add(new Goal { Key = "a", Title = "Mål A", SortOrder = 1 });
                        plan.Goals.Add(new Goal { Key = "b", Title = "Mål B", SortOrder = 2 });
                        for (var n = 0; n < initiatives; n++)
                        {
                            var initiative = new Initiative
                            {
                                Key = $"i{n}", Title = n % 10 == 7 ? $"Läsfrämjande insats {n}" : $"Insats {n}", SortOrder = n, Goal = plan.Goals[n % 2],
                                Responsible = [new ResponsibleEntry { RoleTitle = "Ansvarig", DepartmentId = department }],
                            };
                            initiative.TargetedUnits.AddRange(units.Select(u => new InitiativeUnit { UnitId = u }));
                            plan.Initiatives.Add(initiative);
                        }
                        return plan;
                    }
                    var plans = new[] { NewPlan("sidor-liten", 2), NewPlan("sidor-stor", 60) };
                    db.Plans.AddRange(plans);
                    await db.SaveChangesAsync();
                    using var scope = Services.CreateScope();
                    var commands = scope.ServiceProvider.GetRequiredService<RoundCommands>();
                    var ids = new List<int>();
                    foreach (var plan in plans)
                    {
                        ids.Add((await commands.OpenAsync(plan.Id, $"Sidomgång {plan.Key}", FollowUpOccasionKind.InterimReport,
                            new DateOnly(2026, 1, 1), new DateOnly(2099, 6, 30), null, default)).Id);
                    }
                    // Half of each round is submitted, oldest first by report id, so both rounds have something to review.
                    foreach (var id in ids)
                    {
                        var reports = await db.FollowUpReports.Where(r => r.RoundId == id).OrderBy(r => r.Id).ToListAsync();
                        foreach (var (report, n) in reports.Select((r, n) => (r, n)).Where(x => x.n % 2 == 0))
                        {
                            report.Status = ReportStatus.Submitted;
                            report.SubmittedAt = new DateTime(2026, 2, 1, 8, 0, 0, DateTimeKind.Utc).AddMinutes(n);
                        }
                    }
                    await db.SaveChangesAsync();
                    return (ids[0], ids[1]);
                });
            }
            finally
            {
                _lock.Release();
            }
        }
    }

    private async Task<HttpClient> DirectorAsync()
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);
        return browser;
    }

    [Fact]
    public async Task The_round_page_counts_every_state_and_shows_fifty_reports_a_page_with_a_pager()
    {
        var (_, large) = await app.RoundsAsync();
        var browser = await DirectorAsync();

        var first = await browser.GetPageAsync($"/omgangar/{S(large)}");

        Assert.Equal(50, first.QuerySelectorAll("table.round-reports tbody tr").Length);
        Assert.Equal("240 rapporter, sida 1 av 5.", first.QuerySelector("#antal")!.TextContent);
        var counts = first.QuerySelectorAll("table.summary tbody td a").Select(a => int.Parse(a.ChildNodes[0].TextContent, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(240, counts[^1]);
        Assert.Equal(240, counts[..^1].Sum());
        Assert.Equal(120, counts[(int)ReportState.Submitted]);
        var pager = first.QuerySelector("nav.pager[aria-label=Sidor]")!;
        Assert.Equal($"/omgangar/{S(large)}?sida=2", pager.QuerySelector("a[rel=next]")!.GetAttribute("href"));

        var last = await browser.GetPageAsync($"/omgangar/{S(large)}?sida=5");
        Assert.Equal(40, last.QuerySelectorAll("table.round-reports tbody tr").Length);
        Assert.Null(last.QuerySelector("nav.pager a[rel=next]"));
        // A page beyond the last shows the last; the insats-level report comes before its units.
        var beyond = await browser.GetPageAsync($"/omgangar/{S(large)}?sida=99");
        Assert.Equal("240 rapporter, sida 5 av 5.", beyond.QuerySelector("#antal")!.TextContent);
        var rows = first.QuerySelectorAll("table.round-reports tbody tr").Take(4).Select(tr => tr.QuerySelectorAll("td")[0].TextContent).ToList();
        Assert.StartsWith("Ansvarig", rows[0], StringComparison.Ordinal);
        Assert.All(rows.Skip(1), r => Assert.DoesNotContain("Ansvarig", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_round_pages_filters_live_in_the_url_and_the_pager_keeps_them()
    {
        var (_, large) = await app.RoundsAsync();
        var unit = await app.WithDbAsync(db => db.FollowUpReports.Where(r => r.RoundId == large && r.UnitId != null).Select(r => r.UnitId!.Value).MinAsync());
        var browser = await DirectorAsync();

        var submitted = await browser.GetPageAsync($"/omgangar/{S(large)}?lage=inskickad");
        Assert.Equal("120 rapporter, sida 1 av 3.", submitted.QuerySelector("#antal")!.TextContent);
        Assert.All(submitted.QuerySelectorAll("table.round-reports tbody tr"), tr => Assert.Equal("Inskickad", tr.QuerySelector(".badge")!.TextContent));
        Assert.Equal($"/omgangar/{S(large)}?lage=inskickad&sida=2", submitted.QuerySelector("nav.pager a[rel=next]")!.GetAttribute("href"));
        Assert.Equal("selected", submitted.QuerySelector("#lage option[value=inskickad]")!.GetAttribute("selected"));

        // Free text on the insats title, whatever the case of å, ä, ö: six insatser × four reports.
        var text = await browser.GetPageAsync($"/omgangar/{S(large)}?q={Uri.EscapeDataString("LÄSFRÄMJANDE")}");
        Assert.Equal("24 rapporter.", text.QuerySelector("#antal")!.TextContent);
        Assert.All(text.QuerySelectorAll("table.round-reports tbody th"), th => Assert.StartsWith("Läsfrämjande", th.TextContent, StringComparison.Ordinal));

        var byUnit = await browser.GetPageAsync($"/omgangar/{S(large)}?enhet={S(unit)}&lage=inskickad");
        var expected = await app.WithDbAsync(db => db.FollowUpReports.CountAsync(r => r.RoundId == large && r.UnitId == unit && r.Status == ReportStatus.Submitted));
        Assert.Equal($"{S(expected)} rapporter.", byUnit.QuerySelector("#antal")!.TextContent);

        var wrong = await browser.GetPageAsync($"/omgangar/{S(large)}?lage=okand&sida=noll");
        Assert.Contains("Läget ”okand” finns inte", wrong.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("240 rapporter, sida 1 av 5.", wrong.QuerySelector("#antal")!.TextContent);
    }

    [Fact]
    public async Task A_principal_filters_only_among_their_own_units()
    {
        var (_, large) = await app.RoundsAsync();
        var rektor = app.CreateBrowser();
        await rektor.SignInAsAsync(DemoUsers.Principal);
        var own = await app.WithDbAsync(db => db.UserUnits.Where(u => u.User.Email == DemoUsers.Principal).Select(u => u.Unit.Name).ToListAsync());

        var page = await rektor.GetPageAsync($"/omgangar/{S(large)}");

        Assert.Equal(own.Order(StringComparer.Ordinal), page.QuerySelectorAll("#enhet option:not([value=''])").Select(o => o.TextContent).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_round_page_sends_the_same_number_of_sql_commands_for_8_reports_and_for_240_and_stays_small()
    {
        var (small, large) = await app.RoundsAsync();
        var browser = await DirectorAsync();

        foreach (var filter in new[] { "", "?lage=inskickad", "?q=insats&sida=2" })
        {
            await browser.GetPageAsync($"/omgangar/{S(small)}{filter}"); // warm up
            app.Commands.Reset();
            await browser.GetPageAsync($"/omgangar/{S(small)}{filter}".Uncached());
            var forSmall = app.Commands.Count;
            app.Commands.Reset();
            var response = await browser.GetAsync($"/omgangar/{S(large)}{filter}");
            var forLarge = app.Commands.Count;
            var bytes = (await response.Content.ReadAsByteArrayAsync()).Length;
            output.WriteLine($"/omgangar/{{id}}{filter}: {forSmall} SQL commands for 8 reports, {forLarge} for 240; {bytes} bytes");

            Assert.True(forSmall == forLarge, $"{filter}: {forSmall} commands for 8 reports, {forLarge} for 240:\n{string.Join("\n---\n", app.Commands.Texts)}");
            Assert.InRange(bytes, 1, 100_000);
        }
    }

    [Fact]
    public async Task Att_gora_shows_leadership_what_waits_for_review_first_paged_and_counted_per_round()
    {
        await app.RoundsAsync();
        var waiting = await app.WithDbAsync(db => db.FollowUpReports.CountAsync(r => r.Round.Plan.Organisation.Key == "halmstad-buf"
            && r.Status == ReportStatus.Submitted && (r.Round.Status == RoundStatus.Open || r.ReopenedAfterClose)));
        var browser = await DirectorAsync();

        var page = await browser.GetPageAsync("/att-gora");

        var headings = page.QuerySelectorAll("main h2").Select(h => h.TextContent).ToList();
        Assert.Equal(["Rapporter att granska", "Rapporter att lämna"], headings);
        Assert.Equal(50, page.QuerySelectorAll("table.review tbody tr").Length);
        Assert.StartsWith($"{S(waiting)} rapporter att granska", page.QuerySelector("p.result-count")!.TextContent, StringComparison.Ordinal);
        var perRound = page.QuerySelectorAll("table.todo-rounds tbody tr")
            .ToDictionary(tr => tr.QuerySelector("th")!.TextContent, tr => tr.QuerySelectorAll("td")[1].TextContent.Trim());
        Assert.StartsWith("120", perRound["Sidomgång sidor-stor"], StringComparison.Ordinal);
        Assert.StartsWith("4", perRound["Sidomgång sidor-liten"], StringComparison.Ordinal);
        Assert.Equal("/att-gora?sida=2#granska", page.QuerySelector("nav.pager a[rel=next]")!.GetAttribute("href"));

        var second = await browser.GetPageAsync("/att-gora?sida=2");
        var firstIds = page.QuerySelectorAll("table.review tbody a").Select(a => a.GetAttribute("href")).ToHashSet();
        Assert.NotEmpty(second.QuerySelectorAll("table.review tbody a"));
        Assert.DoesNotContain(second.QuerySelectorAll("table.review tbody a"), a => firstIds.Contains(a.GetAttribute("href")));
    }

    [Fact]
    public async Task The_printable_underlag_summarises_the_whole_round_and_shows_twenty_insatser_a_page()
    {
        var (_, large) = await app.RoundsAsync();
        var browser = await DirectorAsync();

        var first = await browser.GetPageAsync($"/omgangar/{S(large)}/namndunderlag");

        Assert.Equal(20, first.QuerySelectorAll("section.br-initiative").Length);
        var total = first.QuerySelectorAll(".br-summary table:not(.br-effects-summary) tfoot td").Select(td => td.TextContent).ToList();
        Assert.Equal("60", total[0]);
        Assert.Equal("240", total[^3]);
        Assert.Equal(2, first.QuerySelectorAll(".br-summary table:not(.br-effects-summary) tbody tr").Length);
        // Mål A's 30 insatser fill page 1 and half of page 2; the contents link Mål B to the page it starts on.
        Assert.Equal([$"#mal-1", $"/omgangar/{S(large)}/namndunderlag?sida=2#mal-2"],
            first.QuerySelectorAll(".br-toc > ol > li > a").Skip(1).Select(a => a.GetAttribute("href")));
        Assert.Equal($"/omgangar/{S(large)}/namndunderlag?sida=2", first.QuerySelector("nav.pager a[rel=next]")!.GetAttribute("href"));

        var second = await browser.GetPageAsync($"/omgangar/{S(large)}/namndunderlag?sida=2");
        Assert.Equal(["Mål 1: Mål A", "Mål 2: Mål B"], second.QuerySelectorAll("section.br-goal > h2").Select(h => h.TextContent));
        Assert.Contains("Fortsättning från", second.QuerySelector("section.br-goal")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(20, second.QuerySelectorAll("section.br-initiative").Length);
        Assert.Equal(3, second.QuerySelector("section.br-initiative table.br-units")!.QuerySelectorAll("tbody tr").Length);
    }
}
