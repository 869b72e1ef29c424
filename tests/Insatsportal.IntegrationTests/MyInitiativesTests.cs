using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>/mina-insatser for each kind of user, on the seeded plans and demo targeting.</summary>
public sealed class MyInitiativesTests(MyInitiativesTests.Factory app) : IClassFixture<MyInitiativesTests.Factory>
{
    /// <summary>Names the tjänsteperson on one insats and archives one of Kvalitetsavdelningen's, once.</summary>
    public sealed class Factory : AppFactory
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private bool _ready;

        public async Task EnsureDataAsync()
        {
            await _lock.WaitAsync();
            try
            {
                if (_ready)
                {
                    return;
                }
                await WithDbAsync(async db =>
                {
                    var official = await db.Users.SingleAsync(u => u.Email == DemoUsers.Official);
                    var personal = await db.Initiatives.Include(i => i.Responsible).SingleAsync(i => i.Key == "operativ-kompetensforsorjning");
                    personal.Responsible[0].UserId = official.Id;
                    var archived = await db.Initiatives.SingleAsync(i => i.Key == "barn-och-elevhalsa");
                    archived.IsArchived = true;
                    archived.ArchivedAt = DateTime.UtcNow;
                    await db.SaveChangesAsync();
                });
                _ready = true;
            }
            finally
            {
                _lock.Release();
            }
        }
    }

    private async Task<IHtmlDocument> MinePageAsync(string email)
    {
        await app.EnsureDataAsync();
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);
        return await browser.GetPageAsync("/mina-insatser");
    }

    private static IElement Section(IHtmlDocument page, string heading) =>
        page.QuerySelectorAll("section.mine-group").Single(s => s.QuerySelector("h2")!.TextContent.StartsWith(heading, StringComparison.Ordinal));

    private static List<string> Titles(IElement section) =>
        section.QuerySelectorAll("tbody tr th a").Select(a => a.TextContent.Trim()).ToList();

    [Fact]
    public async Task A_tjansteperson_sees_the_insatser_kvalitetsavdelningen_answers_for()
    {
        var page = await MinePageAsync(DemoUsers.Official);

        var department = Titles(Section(page, "Din avdelning är ansvarig"));

        Assert.Equal(
            ["Underlag som stödjer ett undersökande av utbildningens kvalitet",
             "Ett systematiskt kvalitetsarbete som fokuserar undervisningens kvalitet"],
            department);
    }

    [Fact]
    public async Task An_insats_naming_the_user_is_listed_under_du_ar_ansvarig()
    {
        var page = await MinePageAsync(DemoUsers.Official);

        Assert.Equal(["Operativa insatser för kompetensförsörjning"], Titles(Section(page, "Du är ansvarig")));
    }

    [Fact]
    public async Task Archived_insatser_are_not_on_the_list()
    {
        var page = await MinePageAsync(DemoUsers.DepartmentHead);

        Assert.DoesNotContain("Riktning och gränssnitt för barn- och elevhälsa", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, Titles(Section(page, "Din avdelning är ansvarig")).Count);
    }

    [Fact]
    public async Task A_rektor_sees_the_insatser_that_target_vallasskolan_or_its_fritidshem()
    {
        var page = await MinePageAsync(DemoUsers.Principal);

        var targeted = Titles(Section(page, "Riktas till din enhet"));

        Assert.Equal(
            ["Skolutvecklingsprocess för utvecklad undervisning i matematik",
             "Utvecklad undervisning i svenska som andraspråk",
             "Tillgängliga lärmiljöer",
             "Barn- och elevhearings"],
            targeted);
        Assert.All(Section(page, "Riktas till din enhet").QuerySelectorAll("td.units"),
            td => Assert.Contains("Vallåsskolan", td.TextContent, StringComparison.Ordinal));
        Assert.Single(page.QuerySelectorAll("section.mine-group"));
    }

    [Fact]
    public async Task A_user_with_nothing_of_their_own_gets_a_swedish_empty_state()
    {
        var page = await MinePageAsync(DemoUsers.Administrator);

        Assert.Empty(page.QuerySelectorAll("table"));
        Assert.Contains("Du har inga insatser just nu.", page.QuerySelector(".empty-state")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mina_insatser_is_in_the_main_menu_between_insatser_and_grupper()
    {
        var page = await MinePageAsync(DemoUsers.Official);

        var menu = page.QuerySelectorAll("nav .main-nav a").Select(a => a.GetAttribute("href")).ToList();

        Assert.Equal(["/", "/planer", "/insatser", "/mina-insatser", "/oversikt", "/omgangar", "/att-gora", "/grupper"], menu);
        Assert.Equal("Mina insatser", page.QuerySelector("nav .main-nav a[href='/mina-insatser']")!.TextContent);
        Assert.Equal("page", page.QuerySelector("nav .main-nav a[href='/mina-insatser']")!.GetAttribute("aria-current"));
        Assert.Equal("false", page.QuerySelector("nav .main-nav a[href='/insatser']")!.GetAttribute("aria-current"));
    }
}
