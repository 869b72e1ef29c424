using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>/insatser through real HTTP on the seeded plans, plus a few rows of its own (see <see cref="Factory"/>).</summary>
public sealed partial class InitiativeSearchTests(InitiativeSearchTests.Factory app) : IClassFixture<InitiativeSearchTests.Factory>
{
    private const string Mathematics = "Skolutvecklingsprocess för utvecklad undervisning i matematik";

    /// <summary>Archives one insats, names the tjänsteperson on another and adds drafts, once for the class.</summary>
    public sealed class Factory : CountingAppFactory
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private bool _ready;

        public const string ArchivedTitle = "Bryta skolsegregationen";
        public const string PersonalTitle = "Ledarförsörjning";
        public const string OtherDraftTitle = "Hemlig stockholmsinsats i utkast";
        public const string OwnDraftTitle = "Utkastinsats för Vallåsskolan";

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
                    var archived = await db.Initiatives.SingleAsync(i => i.Key == "bryta-skolsegregationen");
                    archived.IsArchived = true;
                    archived.ArchivedAt = DateTime.UtcNow;
                    archived.ArchivedReason = "Test";

                    var official = await db.Users.SingleAsync(u => u.Email == DemoUsers.Official);
                    var personal = await db.Initiatives.Include(i => i.Responsible).SingleAsync(i => i.Key == "ledarforsorjning");
                    personal.Responsible[0].UserId = official.Id;

                    var stockholm = await db.Organisations.SingleAsync(o => o.Key == "stockholm-utbf");
                    var halmstad = await db.Organisations.SingleAsync(o => o.Key == "halmstad-buf");
                    var vallas = await db.Units.SingleAsync(u => u.Key == "vallasskolan");
                    var otherDraft = new Plan { Organisation = stockholm, Key = "sok-sthlm-utkast", Name = "Stockholms hemliga utkast", Status = PlanStatus.Draft, PeriodStart = new(2027, 1, 1), PeriodEnd = new(2027, 12, 31) };
                    var ownDraft = new Plan { Organisation = halmstad, Key = "sok-halmstad-utkast", Name = "Halmstads utkast 2027", Status = PlanStatus.Draft, PeriodStart = new(2027, 1, 1), PeriodEnd = new(2027, 12, 31) };
                    db.AddRange(
                        new Initiative { Plan = otherDraft, Key = "hemlig", Title = OtherDraftTitle, Status = InitiativeStatus.Planned },
                        new Initiative
                        {
                            Plan = ownDraft, Key = "vallas", Title = OwnDraftTitle, Status = InitiativeStatus.Planned,
                            TargetedUnits = [new InitiativeUnit { Unit = vallas }],
                        });
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

    private async Task<HttpClient> SignedInAsync(string email)
    {
        await app.EnsureDataAsync();
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);
        return browser;
    }

    private static List<IElement> Rows(IHtmlDocument page) => page.QuerySelectorAll("table.initiative-table tbody tr").ToList();

    private static List<string> Titles(IHtmlDocument page) =>
        Rows(page).Select(r => r.QuerySelector("th a")!.TextContent.Trim()).ToList();

    private static int Total(IHtmlDocument page) =>
        int.Parse(page.QuerySelector("p.result-count")!.TextContent.Split(' ')[0], CultureInfo.InvariantCulture);

    private static string? SelectedValue(IHtmlDocument page, string name) =>
        page.QuerySelector($"select[name={name}] option[selected]")?.GetAttribute("value");

    private static IEnumerable<string> Options(IHtmlDocument page, string name) =>
        page.QuerySelectorAll($"select[name={name}] option").Select(o => o.TextContent.Trim());

    /// <summary>What the förvaltningschef in Halmstad may read (with "Alla förvaltningar"): every non-draft plan and
    /// Halmstad's drafts.</summary>
    private static IQueryable<Initiative> DirectorReads(IQueryable<Initiative> all) =>
        all.Where(i => !i.IsArchived && (i.Plan.Status != PlanStatus.Draft || i.Plan.Organisation.Key == "halmstad-buf"));
}
