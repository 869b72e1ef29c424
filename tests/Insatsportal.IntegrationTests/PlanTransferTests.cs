using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using T = Insatsportal.Web.Features.PlanTransfer.PlanTemplate;

namespace Insatsportal.IntegrationTests;

/// <summary>Excel export and import of a plan through the real pages: upload form, preview, confirmation, status.</summary>
public partial class PlanTransferTests(PlanTransferTests.Factory app) : IClassFixture<PlanTransferTests.Factory>
{
    private const string Halmstad = "halmstad-utvecklingsplan-2020-2021";
    private static readonly string Insatser = T.Initiatives.Sheet.Name;

    /// <summary>The app, with the seeded Halmstad plan made richer on demand. Its import worker looks for jobs left
    /// by stopped instances every 200 ms instead of every 5 s.</summary>
    public class Factory : AppFactory
    {
        private bool _enriched;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("PlanTransfer:PollInterval", "00:00:00.2");
        }

        /// <summary>Gives the seeded Halmstad plan what its document lacks, so that the round trip covers every
        /// field: a named person responsible, an area, a partner, money, hours and an indicator with decimals.</summary>
        public async Task<int> HalmstadAsync()
        {
            var id = await WithDbAsync(db => db.Plans.Where(p => p.Key == Halmstad).Select(p => p.Id).SingleAsync());
            if (_enriched)
            {
                return id;
            }
            _enriched = true;
            await WithDbAsync(async db =>
            {
                var insats = await db.Initiatives.Include(i => i.Responsible).Include(i => i.Resources).Include(i => i.ExpectedEffects)
                    .SingleAsync(i => i.PlanId == id && i.Key == "underlag-undersokande");
                var official = await db.Users.SingleAsync(u => u.Email == DemoUsers.Official);
                insats.Responsible.Add(new ResponsibleEntry { SortOrder = 9, RoleTitle = "Kvalitetsutvecklare", UserId = official.Id, Parts = "2" });
                insats.Resources.Add(new Resource { SortOrder = 9, RefersTo = "1–2", Text = "Analysstöd", AmountKronor = 125_000, Hours = 320 });
                insats.ExpectedEffects.Add(new ExpectedEffect
                {
                    SortOrder = 9, Text = "Fler rektorer använder resultatprofilen.", IndicatorName = "Andel rektorer", IndicatorUnit = "%",
                    IndicatorBaseline = 42.5m, IndicatorTarget = 80m,
                });
                insats.AlternativeTitles = ["Underlag för analys", "Resultatprofiler"];
                var theme = new Theme { PlanId = id, Key = "kvalitet", Kind = ThemeKind.PriorityArea, Code = "1", Name = "Systematiskt kvalitetsarbete", SortOrder = 1 };
                db.Themes.Add(theme);
                insats.Themes.Add(new InitiativeTheme { Theme = theme });
                var organisation = await db.Plans.Where(p => p.Id == id).Select(p => p.OrganisationId).SingleAsync();
                var partner = await db.Partners.FirstOrDefaultAsync(p => p.OrganisationId == organisation);
                if (partner is null)
                {
                    partner = new Partner { OrganisationId = organisation, Key = "kultur", Name = "Kultur- och fritidsförvaltningen", Kind = PartnerKind.Administration };
                    db.Partners.Add(partner);
                }
                insats.Partners.Add(new InitiativePartner { Partner = partner });
                await db.SaveChangesAsync();
            });
            return id;
        }

    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);
        return browser;
    }

    private static async Task<byte[]> ExportAsync(HttpClient browser, int planId)
    {
        var response = await browser.GetAsync($"/planer/{S(planId)}/exportera");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Uploads through the real form, with its antiforgery token, as multipart form data.</summary>
    internal static async Task<HttpResponseMessage> UploadAsync(HttpClient browser, int planId, byte[] file, string fileName = "plan.xlsx")
    {
        var page = await browser.GetPageAsync($"/planer/{S(planId)}/importera");
        var form = (IHtmlFormElement)page.QuerySelector("main form.upload-form")!;
        Assert.Equal("multipart/form-data", form.GetAttribute("enctype"));
        var content = new MultipartFormDataContent
        {
            { new StringContent(((IHtmlInputElement)form.QuerySelector("input[name=__RequestVerificationToken]")!).Value), "__RequestVerificationToken" },
        };
        var fileContent = new ByteArrayContent(file);
        fileContent.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        content.Add(fileContent, "fil", fileName);
        return await browser.PostAsync(form.GetAttribute("action"), content);
    }

    private static async Task<IDocument> PreviewAsync(HttpClient browser, int planId, byte[] file)
    {
        var response = await UploadAsync(browser, planId, file);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Browser.ParseAsync(response);
    }

    /// <summary>Confirms the preview and follows the status page (it refreshes itself) until the import is done.</summary>
    private static async Task<IDocument> ConfirmAsync(HttpClient browser, IDocument preview, List<string>? progress = null)
    {
        var form = preview.QuerySelector("main form.confirm-form") ?? throw new InvalidOperationException("The preview offers no confirmation.");
        var response = await browser.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(Forms.Values(form).Append(
            new("__RequestVerificationToken", form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!))));
        Forms.AssertRedirect(response, "/planer/");
        var statusUrl = response.Headers.Location!.OriginalString;
        Assert.Contains("/importera/status?jobb=", statusUrl, StringComparison.Ordinal);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(5))
        {
            var page = await browser.GetPageAsync(statusUrl);
            progress?.Add(page.QuerySelector(".import-status strong")?.TextContent ?? "");
            if (page.QuerySelector("meta[http-equiv=refresh]") is null)
            {
                return page;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("The import did not finish.");
    }

    private Task<int> NewEmptyPlanAsync(string name) => app.WithDbAsync(async db =>
    {
        var organisation = await db.Plans.Where(p => p.Key == Halmstad).Select(p => p.OrganisationId).SingleAsync();
        var plan = new Plan
        {
            OrganisationId = organisation, Key = Web.Features.Shared.Keys.Slug(name), Name = name, Kind = PlanKind.DevelopmentPlan,
            Status = PlanStatus.Draft, PeriodStart = new DateOnly(2026, 1, 1), PeriodEnd = new DateOnly(2027, 12, 31),
        };
        db.Plans.Add(plan);
        await db.SaveChangesAsync();
        return plan.Id;
    });

    /// <summary>What the tables hold; Uploads is the uploaded workbooks still kept (a preview's or a running import's).</summary>
    private sealed record Counts(int Plans, int Goals, int Initiatives, int Activities, int Responsible, int Themes, long History, int Uploads);

    private Task<Counts> CountAsync() => app.WithDbAsync(async db => new Counts(
        await db.Plans.CountAsync(), await db.Goals.CountAsync(), await db.Initiatives.CountAsync(), await db.Activities.CountAsync(),
        await db.ResponsibleEntries.CountAsync(), await db.Themes.CountAsync(), await db.ChangeLog.LongCountAsync(),
        await db.PlanImports.CountAsync(u => u.Content != null)));

    /// <summary>Everything the template carries, per plan, without ids: goals, areas and every insats with every row, in order.</summary>
    private Task<List<string>> ProjectAsync(int planId) => app.WithDbAsync(async db =>
    {
        var goals = await db.Goals.AsNoTracking().Where(g => g.PlanId == planId && !g.IsArchived).OrderBy(g => g.SortOrder).ThenBy(g => g.Id)
            .Select(g => new { g.Id, g.Key, g.Title, g.ShortName, g.Description, g.SteeringGroupId }).ToListAsync();
        var themes = await db.Themes.AsNoTracking().Where(t => t.PlanId == planId).OrderBy(t => t.SortOrder)
            .Select(t => new { t.Id, t.Key, t.Kind, t.Code, t.Name }).ToListAsync();
        var initiatives = await db.Initiatives.AsNoTracking().Where(i => i.PlanId == planId && !i.IsArchived)
            .Include(i => i.Responsible).Include(i => i.Activities).Include(i => i.FollowUpPlan).Include(i => i.ExpectedEffects)
            .Include(i => i.Resources).Include(i => i.Partners).Include(i => i.TargetedUnits).Include(i => i.Themes)
            .AsSplitQuery().ToListAsync();
        var goalKey = goals.ToDictionary(g => g.Id, g => g.Key);
        var themeKey = themes.ToDictionary(t => t.Id, t => t.Key);
        var order = goals.Select((g, n) => (g.Id, n)).ToDictionary(x => x.Id, x => x.n);
        var rows = goals.Select(g => JsonSerializer.Serialize(new { Goal = g.Key, g.Title, g.ShortName, g.Description, g.SteeringGroupId }))
            .Concat(themes.Select(t => JsonSerializer.Serialize(new { Theme = t.Key, t.Kind, t.Code, t.Name })))
            .ToList();
        rows.AddRange(initiatives
            .OrderBy(i => i.GoalId is { } g ? order[g] : int.MaxValue).ThenBy(i => i.SortOrder).ThenBy(i => i.Id)
            .Select(i => JsonSerializer.Serialize(new
            {
                i.Key, Goal = i.GoalId is { } g ? goalKey[g] : null, i.Number, i.Title, i.AlternativeTitles, i.Background, i.Purpose,
                i.Objective, i.TargetGroup, i.Content, i.Status, i.StartDate, i.EndDate, i.Origin, i.HasAssignmentDescription,
                i.AssignmentDescriptionLocation,
                Responsible = i.Responsible.OrderBy(r => r.SortOrder).Select(r => new { r.RoleTitle, r.UserId, r.DepartmentId, r.GroupId, r.Parts }),
                Activities = i.Activities.OrderBy(a => a.Number).Select(a => new { a.Number, a.Text, a.Timing }),
                FollowUps = i.FollowUpPlan.OrderBy(f => f.SortOrder).Select(f => new { f.RefersTo, f.Method, f.Timing }),
                Effects = i.ExpectedEffects.OrderBy(e => e.SortOrder).Select(e => new
                {
                    e.RefersTo, e.Text, e.IndicatorName, e.IndicatorUnit, Baseline = e.IndicatorBaseline / 1.0000m, Target = e.IndicatorTarget / 1.0000m,
                }),
                Resources = i.Resources.OrderBy(r => r.SortOrder).Select(r => new { r.RefersTo, r.Text, r.AmountKronor, r.Hours }),
                Partners = i.Partners.Select(p => p.PartnerId).Order(),
                Units = i.TargetedUnits.Select(u => u.UnitId).Order(),
                Themes = i.Themes.Select(t => themeKey[t.ThemeId]).Order(),
            })));
        return rows;
    });
}
