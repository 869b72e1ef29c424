using System.Net;
using AngleSharp.Html.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>
/// The output cache (PageCachePolicy, docs/performance.md "Output cache"): a page is served again without being
/// rendered only while nothing it depends on has changed: the data (any write, by this app, another context or an
/// ExecuteUpdate), the user, the antiforgery cookie, the day; and a flash message always shows.
/// </summary>
public class OutputCacheTests(OutputCacheTests.Factory app) : IClassFixture<OutputCacheTests.Factory>
{
    /// <summary>The real app with its SQL commands counted and a clock the test moves (set to now: the demo rounds
    /// are seeded relative to today).</summary>
    public class Factory : CountingAppFactory
    {
        public TestClock Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }

        /// <summary>A context of its own, built as another instance of the app would (not from this app's services).</summary>
        public AppDbContext OtherInstanceContext() => Engine == TestEngine.PostgreSql
            ? new PostgreSqlAppDbContext(new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql(ConnectionString).Options)
            : new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(ConnectionString).Options);
    }

    private const string HalmstadPlan = "halmstad-utvecklingsplan-2020-2021";

    private Task<int> PlanIdAsync() => app.WithDbAsync(db => db.Plans.Where(p => p.Key == HalmstadPlan).Select(p => p.Id).SingleAsync());

    private Task<long> StampAsync() => app.WithDbAsync(db => db.DataVersions.Select(v => v.Stamp).SingleAsync());

    /// <summary>GETs the page and tells whether it came from the cache: only a kept page carries an Age header, and
    /// it is served with no SQL but the session's security-stamp lookup and the data-version read.</summary>
    private async Task<(IHtmlDocument Page, bool FromCache)> GetAsync(HttpClient client, string url)
    {
        app.Commands.Reset();
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} gave {(int)response.StatusCode}");
        var fromCache = response.Headers.Age is not null;

        if (fromCache)
        {
            Assert.All(app.Commands.Texts, sql => Assert.True(
                sql.Contains("DataVersions", StringComparison.Ordinal) || sql.Contains("AspNetUsers", StringComparison.Ordinal), sql));
        }
        return (await Browser.ParseAsync(response), fromCache);
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);
        return browser;
    }

    [Fact]
    public async Task A_second_get_of_a_page_is_served_from_the_cache_with_no_sql_but_the_session_and_the_version()
    {
        var director = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var url = $"/planer/{await PlanIdAsync()}?cache=andra";

        var (first, firstFromCache) = await GetAsync(director, url);
        var rendered = app.Commands.Count;
        var (second, secondFromCache) = await GetAsync(director, url);

        Assert.False(firstFromCache);
        Assert.True(secondFromCache);
        Assert.Contains(app.Commands.Texts, sql => sql.Contains("DataVersions", StringComparison.Ordinal));
        Assert.True(app.Commands.Count < rendered, $"{app.Commands.Count} commands from the cache against {rendered} rendered");
        Assert.Equal(first.QuerySelector("main")!.InnerHtml, second.QuerySelector("main")!.InnerHtml);
    }

    [Fact]
    public async Task An_edit_through_the_app_shows_on_the_next_get_and_its_flash_message_with_it()
    {
        var director = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var id = await PlanIdAsync();
        await GetAsync(director, $"/planer/{id}");
        Assert.True((await GetAsync(director, $"/planer/{id}")).FromCache);
        var form = await director.ReadFormAsync($"/planer/{id}/redigera");
        var name = form["Name"] + " (ändrad)";

        var response = await director.PostFormAsync($"/planer/{id}/redigera", form.With(("Name", name), ("command", "save")));

        Forms.AssertRedirect(response, $"/planer/{id}");
        var (after, fromCache) = await GetAsync(director, $"/planer/{id}");
        Assert.False(fromCache);
        Assert.Contains(name, after.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Planen är sparad.", after.QuerySelector("main .notice--success")?.TextContent.Trim());
        // The message is shown once: the next page is without it (and may come from the cache again).
        var (next, _) = await GetAsync(director, $"/planer/{id}");
        Assert.Null(next.QuerySelector("main .notice--success"));
        Assert.Contains(name, next.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flash_message_shows_on_a_kept_page_when_nothing_was_written()
    {
        var director = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var id = await PlanIdAsync();
        await GetAsync(director, $"/planer/{id}");
        Assert.True((await GetAsync(director, $"/planer/{id}")).FromCache);
        var form = await director.ReadFormAsync($"/planer/{id}/redigera");
        var stamp = await StampAsync();

        // Saved unchanged: nothing is written, so the data version and the kept page stay; the message must show anyway.
        var response = await director.PostFormAsync($"/planer/{id}/redigera", form.With(("command", "save")));

        Forms.AssertRedirect(response, $"/planer/{id}");
        Assert.Equal(stamp, await StampAsync());
        var (after, fromCache) = await GetAsync(director, $"/planer/{id}");
        Assert.False(fromCache);
        Assert.Equal("Planen är sparad.", after.QuerySelector("main .notice--success")?.TextContent.Trim());
    }

    [Fact]
    public async Task A_write_by_another_instance_through_its_own_context_shows_on_the_next_get()
    {
        var director = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var id = await PlanIdAsync();
        var url = $"/planer/{id}?cache=annan";
        await GetAsync(director, url);
        Assert.True((await GetAsync(director, url)).FromCache);

        await using (var other = app.OtherInstanceContext())
        {
            var plan = await other.Plans.SingleAsync(p => p.Id == id);
            plan.Name += " (från en annan instans)";
            await other.SaveChangesAsync();
        }

        var (after, fromCache) = await GetAsync(director, url);
        Assert.False(fromCache);
        Assert.Contains("(från en annan instans)", after.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_through_ExecuteUpdate_shows_on_the_next_get()
    {
        var director = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var id = await PlanIdAsync();
        var url = $"/planer/{id}?cache=executeupdate";
        await GetAsync(director, url);
        Assert.True((await GetAsync(director, url)).FromCache);

        await using (var other = app.OtherInstanceContext())
        {
            await other.Plans.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, p => p.Name + " (massuppdaterad)"));
        }

        var (after, fromCache) = await GetAsync(director, url);
        Assert.False(fromCache);
        Assert.Contains("(massuppdaterad)", after.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_kind_of_write_renews_the_data_version_and_a_save_with_nothing_to_write_does_not()
    {
        var id = await PlanIdAsync();
        var stamps = new List<long> { await StampAsync() };
        await using (var other = app.OtherInstanceContext())
        {
            var plan = await other.Plans.SingleAsync(p => p.Id == id);
            await other.SaveChangesAsync();
            Assert.Equal(stamps[^1], await StampAsync());

            plan.Description = "Ändrad genom SaveChanges.";
            await other.SaveChangesAsync();
            stamps.Add(await StampAsync());

            await other.Plans.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Description, "Ändrad genom ExecuteUpdate."));
            stamps.Add(await StampAsync());

            // Inside a transaction the renewal is part of it: rolled back with the write.
            await using (var transaction = await other.Database.BeginTransactionAsync())
            {
                await other.Plans.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Description, "Återkallad."));
                await transaction.RollbackAsync();
            }
            Assert.Equal(stamps[^1], await StampAsync());

            // An update that matches no row writes nothing.
            await other.Plans.Where(p => p.Id == -1).ExecuteUpdateAsync(s => s.SetProperty(p => p.Description, "Ingen."));
            Assert.Equal(stamps[^1], await StampAsync());
        }
        Assert.Equal(stamps.Count, stamps.Distinct().Count());
    }

    [Fact]
    public async Task Two_users_on_the_same_url_never_see_each_others_page()
    {
        var director = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var rektor = await SignedInAsync(DemoUsers.Principal);
        const string url = "/att-gora?cache=tva";

        var (directorsPage, _) = await GetAsync(director, url);
        var (rektorsPage, rektorFromCache) = await GetAsync(rektor, url);
        var (directorsAgain, directorFromCache) = await GetAsync(director, url);
        var (rektorsAgain, rektorAgainFromCache) = await GetAsync(rektor, url);

        Assert.False(rektorFromCache);
        Assert.True(directorFromCache);
        Assert.True(rektorAgainFromCache);
        // The rektor writes reports; the förvaltningschef reviews them. Each is served the page made for them.
        Assert.NotEqual(directorsPage.QuerySelector("main")!.InnerHtml, rektorsPage.QuerySelector("main")!.InnerHtml);
        Assert.Equal(directorsPage.QuerySelector("main")!.InnerHtml, directorsAgain.QuerySelector("main")!.InnerHtml);
        Assert.Equal(rektorsPage.QuerySelector("main")!.InnerHtml, rektorsAgain.QuerySelector("main")!.InnerHtml);
        Assert.Contains("Karin Holm", directorsAgain.QuerySelector("header")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Karin Holm", rektorsAgain.QuerySelector("header")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_user_with_another_antiforgery_cookie_gets_a_page_of_its_own_whose_form_posts()
    {
        var cookies = new CookieContainerHandler();
        var first = app.CreateDefaultClient(new Uri("https://localhost"), cookies);
        await first.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var url = $"/planer/{await PlanIdAsync()}?cache=antiforgery";
        var firstToken = (await GetAsync(first, url)).Page.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement;
        Assert.True((await GetAsync(first, url)).FromCache);

        // The same session without the antiforgery cookie, as a browser whose cookie was cleared or another tab's
        // fresh one: the page it gets must carry a token for its own new cookie, not the kept page's.
        var session = cookies.Container.GetAllCookies().Single(c => c.Name.EndsWith("insatsportal", StringComparison.Ordinal));
        var otherCookies = new CookieContainerHandler();
        otherCookies.Container.Add(new Uri("https://localhost"), new Cookie(session.Name, session.Value, "/") { Secure = true, HttpOnly = true });
        var second = app.CreateDefaultClient(new Uri("https://localhost"), otherCookies);
        var (page, fromCache) = await GetAsync(second, url);
        var secondToken = (IHtmlInputElement)page.QuerySelector("input[name=__RequestVerificationToken]")!;

        Assert.False(fromCache);
        Assert.NotEqual(firstToken!.Value, secondToken.Value);
        var signOut = await second.PostAsync("/logga-ut", new FormUrlEncodedContent([new("__RequestVerificationToken", secondToken.Value)]));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
    }

    [Fact]
    public async Task At_midnight_in_Sweden_the_page_is_rendered_again()
    {
        // Ten minutes to midnight in Sweden (not in UTC): the same session, cookie and data on both sides of it.
        var sweden = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
        var local = TimeZoneInfo.ConvertTime(app.Clock.Now, sweden);
        var evening = local.Date.AddHours(23).AddMinutes(50);
        if (evening <= local.DateTime)
        {
            evening = evening.AddDays(1);
        }
        app.Clock.Now = new DateTimeOffset(evening, sweden.GetUtcOffset(evening)).ToUniversalTime();
        var director = await SignedInAsync(DemoUsers.DirectorOfEducation);
        const string url = "/att-gora?cache=midnatt";
        await GetAsync(director, url);
        Assert.True((await GetAsync(director, url)).FromCache);

        app.Clock.Advance(TimeSpan.FromMinutes(20));

        Assert.False((await GetAsync(director, url)).FromCache);
        // The answer that renewed the session's cookie was not kept; the next one is, and is served after it.
        await GetAsync(director, url);
        Assert.True((await GetAsync(director, url)).FromCache);
    }

    [Fact]
    public async Task Sign_in_and_account_pages_are_never_kept()
    {
        var director = await SignedInAsync(DemoUsers.DirectorOfEducation);
        await GetAsync(director, "/konto/byt-losenord");
        var (_, fromCache) = await GetAsync(director, "/konto/byt-losenord");
        Assert.False(fromCache);
    }
}

/// <summary>The same over a real PostgreSQL server: the version's row, its renewal in SaveChanges and after
/// ExecuteUpdate, and its read, in that engine's SQL.</summary>
public sealed class PostgreSqlOutputCacheTests(PostgreSqlOutputCacheTests.PostgreSqlFactory app)
    : OutputCacheTests(app), IClassFixture<PostgreSqlOutputCacheTests.PostgreSqlFactory>
{
    public sealed class PostgreSqlFactory : Factory
    {
        public override TestEngine Engine => TestEngine.PostgreSql;
    }
}
