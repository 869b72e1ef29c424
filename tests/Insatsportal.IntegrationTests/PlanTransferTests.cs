using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using T = Insatsportal.Web.Features.PlanTransfer.PlanTemplate;

namespace Insatsportal.IntegrationTests;

/// <summary>Excel export and import of a plan through the real pages: upload form, preview, confirmation, status.</summary>
public class PlanTransferTests(PlanTransferTests.Factory app) : IClassFixture<PlanTransferTests.Factory>
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

    [Fact]
    public async Task Exporting_the_Halmstad_plan_and_importing_it_into_an_empty_plan_reproduces_every_goal_insats_and_row()
    {
        var halmstad = await app.HalmstadAsync();
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var file = await ExportAsync(browser, halmstad);
        var target = await NewEmptyPlanAsync("Tom plan för rundresa");
        var historyBefore = await app.WithDbAsync(db => db.ChangeLog.LongCountAsync());

        var preview = await PreviewAsync(browser, target, file);
        Assert.Null(preview.QuerySelector(".error-summary"));
        var expected = await ProjectAsync(halmstad);
        var initiatives = await app.WithDbAsync(db => db.Initiatives.CountAsync(i => i.PlanId == halmstad && !i.IsArchived));
        Assert.Equal(initiatives, preview.QuerySelectorAll($"table[data-sheet={Insatser}] tr.change-created").Length);
        Assert.Equal(4, preview.QuerySelectorAll($"table[data-sheet={T.Goals.Sheet.Name}] tr.change-created").Length);
        // The preview wrote nothing.
        Assert.Equal(0, await app.WithDbAsync(db => db.Initiatives.CountAsync(i => i.PlanId == target)));
        Assert.Equal(historyBefore, await app.WithDbAsync(db => db.ChangeLog.LongCountAsync()));

        var status = await ConfirmAsync(browser, preview);
        Assert.Contains($"{initiatives} insatser skapade", status.QuerySelector(".notice--success")!.TextContent, StringComparison.Ordinal);

        var actual = await ProjectAsync(target);
        Assert.Equal(expected.Count, actual.Count);
        for (var n = 0; n < expected.Count; n++)
        {
            Assert.Equal(expected[n], actual[n]);
        }
        // Each created insats has its history: created (from the file) and every field.
        var created = await app.WithDbAsync(db => db.ChangeLog.Where(c => c.EntityType == HistoryEntityTypes.Initiative && c.Action == ChangeAction.Created
            && db.Initiatives.Any(i => i.Id == c.EntityId && i.PlanId == target)).Select(c => new { c.NewValue, c.UserName }).ToListAsync());
        Assert.Equal(initiatives, created.Count);
        Assert.All(created, c => Assert.Equal(("Importerad från Excel (plan.xlsx)", "Karin Holm"), (c.NewValue, c.UserName)));
    }

    /// <summary>The export prints as a handful of pages (A4, one page wide, the header row on every page); the round
    /// trip above proves the import reads a file with that print setup.</summary>
    [Fact]
    public async Task The_exported_plan_prints_on_A4_fitted_to_the_page_width_with_its_header_row_on_every_page()
    {
        var halmstad = await app.HalmstadAsync();
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var sheets = SheetPrintSetups.Read(await ExportAsync(browser, halmstad));

        Assert.Equal(T.Initiatives.Sheet.Name, sheets[1].Sheet);
        Assert.All(sheets, sheet =>
        {
            Assert.True(sheet.FitToPage, $"{sheet.Sheet}: sheetPr/pageSetUpPr fitToPage");
            Assert.Equal(("9", "1", "0"), (sheet.PaperSize, sheet.FitToWidth, sheet.FitToHeight));
            Assert.Equal(sheet.ColumnWidths > 95 ? "landscape" : "portrait", sheet.Orientation);
        });
        // Every table sheet repeats its header row; the instructions (prose, no header) have none.
        Assert.Null(sheets[0].PrintTitles);
        Assert.All(sheets.Skip(1), sheet => Assert.Equal($"'{sheet.Sheet}'!$1:$1", sheet.PrintTitles));
        Assert.Equal("landscape", sheets[1].Orientation);
    }

    [Fact]
    public async Task Reimporting_an_exported_plan_into_it_changes_nothing_and_says_inga_andringar()
    {
        var halmstad = await app.HalmstadAsync();
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var file = await ExportAsync(browser, halmstad);
        var before = await CountAsync();
        var tokens = await app.WithDbAsync(db => db.Initiatives.Where(i => i.PlanId == halmstad).OrderBy(i => i.Id).Select(i => i.ConcurrencyToken).ToListAsync());

        var preview = await PreviewAsync(browser, halmstad, file);

        Assert.Contains("Inga ändringar", preview.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Null(preview.QuerySelector("main form.confirm-form"));
        Assert.Empty(preview.QuerySelectorAll("table.import-preview tr.change-changed, table.import-preview tr.change-created"));
        Assert.Equal(tokens.Count, preview.QuerySelectorAll($"table[data-sheet={Insatser}] tr.change-unchanged").Length);
        Assert.Equal(before, await CountAsync());
        Assert.Equal(tokens, await app.WithDbAsync(db => db.Initiatives.Where(i => i.PlanId == halmstad).OrderBy(i => i.Id).Select(i => i.ConcurrencyToken).ToListAsync()));
    }

    [Fact]
    public async Task A_confirmed_import_writes_the_changed_fields_with_history_and_the_same_file_again_changes_nothing()
    {
        await app.HalmstadAsync();
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var copy = await NewEmptyPlanAsync("Kopia för ändringar");
        var original = await ExportAsync(browser, await app.HalmstadAsync());
        await ConfirmAsync(browser, await PreviewAsync(browser, copy, original));

        var book = TestWorkbook.Read(await ExportAsync(browser, copy))
            .Set(Insatser, "underlag-undersokande", T.Initiatives.Title, "Underlag för undersökande arbete")
            .Set(Insatser, "underlag-undersokande", T.Initiatives.Status, "Pausad")
            .Add(Insatser, (T.Initiatives.Key, "ny-insats"), (T.Initiatives.GoalKey, "mal-1"), (T.Initiatives.Title, "En helt ny insats"), (T.Initiatives.Status, "Planerad"))
            .Add(T.Responsible.Sheet.Name, (T.InitiativeKey, "ny-insats"), (T.Responsible.Role, "Avdelningschef Kvalitet"), (T.Responsible.Department, "Kvalitetsavdelningen"))
            .Add(T.Activities.Sheet.Name, (T.InitiativeKey, "ny-insats"), (T.Activities.Number, "1"), (T.Activities.Text, "Första steget"), (T.Timing, "Hösten 2026"));
        var file = book.ToBytes();
        var before = await CountAsync();

        var preview = await PreviewAsync(browser, copy, file);

        Assert.Null(preview.QuerySelector(".error-summary"));
        var changed = preview.QuerySelector("table.import-preview tr.change-changed")!;
        Assert.Contains("underlag-undersokande", changed.TextContent, StringComparison.Ordinal);
        Assert.Contains("Titel: Underlag som stödjer ett undersökande av utbildningens kvalitet → Underlag för undersökande arbete", changed.TextContent, StringComparison.Ordinal);
        Assert.Contains("Status: Pågående → Pausad", changed.TextContent, StringComparison.Ordinal);
        Assert.Contains("En helt ny insats", preview.QuerySelector("table.import-preview tr.change-created")!.TextContent, StringComparison.Ordinal);
        var counts = await CountAsync();
        Assert.Equal(before with { Uploads = before.Uploads + 1 }, counts);

        var lastEntry = await app.WithDbAsync(db => db.ChangeLog.MaxAsync(c => c.Id));
        var status = await ConfirmAsync(browser, preview);

        Assert.True(status.QuerySelector(".notice--success") is not null, status.QuerySelector("main")?.TextContent);
        Assert.Contains("1 insats skapad, 1 insats ändrad", status.QuerySelector(".notice--success")!.TextContent, StringComparison.Ordinal);
        var insats = await app.WithDbAsync(db => db.Initiatives.SingleAsync(i => i.PlanId == copy && i.Key == "underlag-undersokande"));
        Assert.Equal(("Underlag för undersökande arbete", InitiativeStatus.Paused), (insats.Title, insats.Status));
        var fields = await app.WithDbAsync(db => db.ChangeLog.Where(c => c.Id > lastEntry && c.EntityType == HistoryEntityTypes.Initiative && c.EntityId == insats.Id)
            .Select(c => new { c.Field, c.OldValue, c.NewValue, c.UserName }).ToListAsync());
        Assert.Equal([("Titel", "Underlag som stödjer ett undersökande av utbildningens kvalitet", "Underlag för undersökande arbete"), ("Status", "Pågående", "Pausad")],
            fields.Select(f => (f.Field ?? "", f.OldValue ?? "", f.NewValue ?? "")));
        Assert.All(fields, f => Assert.Equal("Karin Holm", f.UserName));
        var added = await app.WithDbAsync(db => db.Initiatives.Include(i => i.Activities).Include(i => i.Responsible).SingleAsync(i => i.PlanId == copy && i.Key == "ny-insats"));
        Assert.Equal(("Första steget", "Hösten 2026"), (added.Activities.Single().Text, added.Activities.Single().Timing));
        Assert.Equal("Avdelningschef Kvalitet", added.Responsible.Single().RoleTitle);
        Assert.Equal(before.Uploads, (await CountAsync()).Uploads);

        var history = await app.WithDbAsync(db => db.ChangeLog.LongCountAsync());
        var again = await PreviewAsync(browser, copy, file);
        Assert.Contains("Inga ändringar", again.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Null(again.QuerySelector("main form.confirm-form"));
        Assert.Equal(history, await app.WithDbAsync(db => db.ChangeLog.LongCountAsync()));
    }

    [Fact]
    public async Task Each_problem_in_the_file_is_named_in_swedish_by_sheet_row_and_column_and_nothing_is_saved()
    {
        var halmstad = await app.HalmstadAsync();
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var book = TestWorkbook.Read(await ExportAsync(browser, halmstad));
        var insatser = book[Insatser];
        string Row(string key) => S(insatser.ExcelRow(key));
        string Col(string header) => $"{header} ({T.ColumnLetter(insatser.Column(header))})";
        book.Set(Insatser, "underlag-undersokande", T.Initiatives.Units, "Påhittade skolan")
            .Set(Insatser, "matematik-skolutveckling", T.Initiatives.Title, "")
            .Set(Insatser, "svenska-som-andrasprak", T.Initiatives.StartDate, "2021-06-01")
            .Set(Insatser, "svenska-som-andrasprak", T.Initiatives.EndDate, "2020-01-01")
            .Set(Insatser, "utomhuspedagogik", T.Initiatives.Status, "Klar")
            .Set(Insatser, "riktade-insatser", T.Initiatives.GoalKey, "mal-99")
            .Set(Insatser, "barn-och-elevhearings", T.Initiatives.Key, "underlag-undersokande");
        var responsible = book[T.Responsible.Sheet.Name];
        responsible.Rows[0][responsible.Column(T.Responsible.Department)] = new("Påhittade avdelningen", false);
        var followUps = book[T.FollowUps.Sheet.Name];
        followUps.Rows[0][followUps.Column(T.RefersTo)] = new("9", false);
        var before = await CountAsync();

        var page = await PreviewAsync(browser, halmstad, book.ToBytes());

        var problems = page.QuerySelectorAll("table.import-problems tbody tr")
            .Select(r => string.Join(" | ", r.Children.Select(c => c.TextContent.Trim()))).ToList();
        void Has(string sheet, string row, string column, string message) =>
            Assert.True(problems.Any(p => p.StartsWith($"{sheet} | {row} | {column} | ", StringComparison.Ordinal) && p.Contains(message, StringComparison.Ordinal)),
                $"Missing “{sheet} | {row} | {column} | …{message}…” in:\n{string.Join("\n", problems)}");
        Has(Insatser, Row("underlag-undersokande"), Col(T.Initiatives.Units), "Det finns ingen enhet som heter ”Påhittade skolan” i förvaltningen.");
        Has(Insatser, Row("matematik-skolutveckling"), Col(T.Initiatives.Title), "Ange insatsens titel.");
        Has(Insatser, Row("svenska-som-andrasprak"), Col(T.Initiatives.EndDate), "Slutdatum 2020-01-01 är före startdatum 2021-06-01.");
        Has(Insatser, Row("utomhuspedagogik"), Col(T.Initiatives.Status), "Okänd status ”Klar”. Tillåtna värden: Planerad, Pågående, Avslutad, Pausad, Avbruten.");
        Has(Insatser, Row("riktade-insatser"), Col(T.Initiatives.GoalKey), "Det finns inget mål med nyckeln ”mal-99”");
        Has(Insatser, S(insatser.Rows.FindLastIndex(r => r.TryGetValue(0, out var c) && c.Text == "underlag-undersokande") + 2), Col(T.Initiatives.Key),
            $"Nyckeln ”underlag-undersokande” finns redan på rad {Row("underlag-undersokande")}.");
        Has(T.Responsible.Sheet.Name, "2", $"{T.Responsible.Department} (D)", "Det finns ingen avdelning som heter ”Påhittade avdelningen” i förvaltningen.");
        Has(T.FollowUps.Sheet.Name, "2", $"{T.RefersTo} (B)", "Raden avser aktivitet 9");
        Assert.Contains("kan inte importeras", page.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("main form.confirm-form"));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task An_avdelningschef_is_refused_the_rows_of_another_departments_insats_and_nothing_is_saved()
    {
        var halmstad = await app.HalmstadAsync();
        var browser = await SignedInAsync(DemoUsers.DepartmentHead);
        var book = TestWorkbook.Read(await ExportAsync(browser, halmstad))
            .Set(Insatser, "ledarforsorjning", T.Initiatives.Purpose, "Ett nytt syfte")
            .Set(Insatser, "underlag-undersokande", T.Initiatives.Purpose, "Ett nytt syfte");
        var row = S(book[Insatser].ExcelRow("ledarforsorjning"));
        var before = await CountAsync();

        var page = await PreviewAsync(browser, halmstad, book.ToBytes());

        var problems = page.QuerySelectorAll("table.import-problems tbody tr").Select(r => r.TextContent).ToList();
        var refusal = Assert.Single(problems);
        Assert.Contains(row, refusal, StringComparison.Ordinal);
        Assert.Contains("Du får inte ändra insatsen", refusal, StringComparison.Ordinal);
        Assert.Contains("ingen av dina avdelningar är ansvarig", refusal, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("main form.confirm-form"));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_tjansteperson_may_import_insatser_of_their_department_but_not_change_goals()
    {
        var halmstad = await app.HalmstadAsync();
        var browser = await SignedInAsync(DemoUsers.Official);
        var book = TestWorkbook.Read(await ExportAsync(browser, halmstad)).Set(T.Goals.Sheet.Name, "mal-1", T.Goals.ShortName, "Nytt kortnamn");

        var page = await PreviewAsync(browser, halmstad, book.ToBytes());

        var problem = Assert.Single(page.QuerySelectorAll("table.import-problems tbody tr"));
        Assert.Contains("Du får inte skapa eller ändra mål", problem.TextContent, StringComparison.Ordinal);
        Assert.StartsWith($"{T.Goals.Sheet.Name} | 2 |", string.Join(" | ", problem.Children.Select(c => c.TextContent.Trim())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_preview_of_a_plan_that_changed_before_the_confirmation_is_refused_and_nothing_is_written()
    {
        await app.HalmstadAsync();
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var copy = await NewEmptyPlanAsync("Kopia för inaktuell förhandsgranskning");
        await ConfirmAsync(browser, await PreviewAsync(browser, copy, await ExportAsync(browser, await app.HalmstadAsync())));
        var file = TestWorkbook.Read(await ExportAsync(browser, copy)).Set(Insatser, "ledarforsorjning", T.Initiatives.Origin, "Från Excel").ToBytes();
        var preview = await PreviewAsync(browser, copy, file);
        // Someone saves the insats in the portal between preview and confirmation.
        await app.WithDbAsync(async db =>
        {
            var insats = await db.Initiatives.SingleAsync(i => i.PlanId == copy && i.Key == "ledarforsorjning");
            insats.Origin = "Från portalen";
            await db.SaveChangesAsync();
        });
        var before = await CountAsync();

        var form = preview.QuerySelector("main form.confirm-form")!;
        var response = await browser.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(Forms.Values(form).Append(
            new("__RequestVerificationToken", form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Planen har ändrats sedan du förhandsgranskade filen", (await Browser.ParseAsync(response)).QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Från portalen", await app.WithDbAsync(db => db.Initiatives.Where(i => i.PlanId == copy && i.Key == "ledarforsorjning").Select(i => i.Origin).SingleAsync()));
        Assert.Equal(before with { Uploads = before.Uploads - 1 }, await CountAsync());
    }

    [Fact]
    public async Task A_preview_can_only_be_confirmed_by_the_user_who_uploaded_it()
    {
        await app.HalmstadAsync();
        var director = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var copy = await NewEmptyPlanAsync("Kopia för annans förhandsgranskning");
        var preview = await PreviewAsync(director, copy, await ExportAsync(director, await app.HalmstadAsync()));
        var upload = preview.QuerySelector("main form.confirm-form input[name=upload]")!.GetAttribute("value")!;
        var other = await SignedInAsync(DemoUsers.DepartmentHead);
        var token = (await other.GetPageAsync($"/planer/{S(copy)}/importera")).QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var before = await CountAsync();

        var response = await other.PostAsync($"/planer/{S(copy)}/importera/bekrafta",
            new FormUrlEncodedContent([new("upload", upload), new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Förhandsgranskningen finns inte längre", (await Browser.ParseAsync(response)).QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
        // The uploader still can.
        await ConfirmAsync(director, preview);
        Assert.True(await app.WithDbAsync(db => db.Initiatives.AnyAsync(i => i.PlanId == copy)));
    }

    [Fact]
    public async Task An_import_left_running_by_an_instance_that_stopped_is_taken_up_again_once_its_lease_has_run_out()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var halmstad = await app.HalmstadAsync();
        var copy = await NewEmptyPlanAsync("Kopia för en avbruten import");
        var preview = await PreviewAsync(browser, copy, await ExportAsync(browser, halmstad));
        var job = await LeaveRunningAsync(preview, attempts: 1, leaseRunOut: true);

        var status = await FollowAsync(browser, copy, job);

        Assert.Contains("Importen är klar", status.QuerySelector(".notice--success")!.TextContent, StringComparison.Ordinal);
        var row = await app.WithDbAsync(db => db.PlanImports.SingleAsync(j => j.Id == job));
        var instance = app.Services.GetRequiredService<Web.Features.PlanTransfer.LocalImportActivity>().InstanceId;
        Assert.Equal((PlanImportState.Succeeded, 2, instance), (row.State, row.Attempts, row.LeaseOwner));
        Assert.Null(row.Content);
        Assert.Equal(await app.WithDbAsync(db => db.Initiatives.CountAsync(i => i.PlanId == halmstad && !i.IsArchived)),
            await app.WithDbAsync(db => db.Initiatives.CountAsync(i => i.PlanId == copy)));
    }

    [Fact]
    public async Task An_import_whose_instance_stopped_twice_is_marked_failed_in_swedish_and_writes_nothing()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var copy = await NewEmptyPlanAsync("Kopia för en import som avbröts två gånger");
        var preview = await PreviewAsync(browser, copy, await ExportAsync(browser, await app.HalmstadAsync()));
        var job = await LeaveRunningAsync(preview, attempts: Web.Features.PlanTransfer.PlanImportWorker.MaxAttempts, leaseRunOut: true);

        var status = await FollowAsync(browser, copy, job);

        Assert.Equal("Importen avbröts två gånger för att servern som körde den stannade. Ingenting sparades. Ladda upp filen igen.",
            status.QuerySelector(".notice--error")!.TextContent.Trim());
        var row = await app.WithDbAsync(db => db.PlanImports.SingleAsync(j => j.Id == job));
        Assert.Equal((PlanImportState.Failed, Web.Features.PlanTransfer.PlanImportWorker.MaxAttempts), (row.State, row.Attempts));
        Assert.Null(row.Content);
        Assert.False(await app.WithDbAsync(db => db.Initiatives.AnyAsync(i => i.PlanId == copy)));
    }

    [Fact]
    public async Task An_import_whose_instance_still_renews_its_lease_is_left_to_that_instance()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var held = await NewEmptyPlanAsync("Kopia som en annan instans importerar till");
        var export = await ExportAsync(browser, await app.HalmstadAsync());
        var job = await LeaveRunningAsync(await PreviewAsync(browser, held, export), attempts: 1, leaseRunOut: false);

        // A later import is queued and finished; the worker has passed over the held job at least once by then.
        var other = await NewEmptyPlanAsync("Kopia som importeras under tiden");
        await ConfirmAsync(browser, await PreviewAsync(browser, other, export));

        var row = await app.WithDbAsync(db => db.PlanImports.SingleAsync(j => j.Id == job));
        Assert.Equal((PlanImportState.Running, 1, "en-annan-instans"), (row.State, row.Attempts, row.LeaseOwner));
        Assert.False(await app.WithDbAsync(db => db.Initiatives.AnyAsync(i => i.PlanId == held)));
        var status = await browser.GetPageAsync($"/planer/{S(held)}/importera/status?jobb={job}");
        Assert.Contains("Kontrollerar filen mot planen", status.QuerySelector(".import-status")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(status.QuerySelector("meta[http-equiv=refresh]"));
        // Let it go, so that nothing is left running in the shared database.
        await app.WithDbAsync(db => db.PlanImports.Where(j => j.Id == job).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, PlanImportState.Failed)));
    }

    [Fact]
    public async Task A_preview_nobody_confirmed_within_two_hours_is_removed_with_its_file_and_cannot_be_confirmed()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var copy = await NewEmptyPlanAsync("Kopia för en bortglömd förhandsgranskning");
        var preview = await PreviewAsync(browser, copy, await ExportAsync(browser, await app.HalmstadAsync()));
        var token = preview.QuerySelector("main form.confirm-form input[name=upload]")!.GetAttribute("value")!;

        await app.WithDbAsync(db => db.PlanImports.Where(j => j.UploadToken == token)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.UploadedAt, DateTime.UtcNow.AddHours(-2).AddMinutes(-1))));

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await app.WithDbAsync(db => db.PlanImports.AnyAsync(j => j.UploadToken == token)))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(1), "The expired preview was not removed.");
            await Task.Delay(50);
        }
        var form = preview.QuerySelector("main form.confirm-form")!;
        var response = await browser.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(Forms.Values(form).Append(
            new("__RequestVerificationToken", form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!))));
        Assert.Contains("Förhandsgranskningen finns inte längre", (await Browser.ParseAsync(response)).QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Initiatives.AnyAsync(i => i.PlanId == copy)));
    }

    /// <summary>Makes a previewed upload look like an import that an instance took and then stopped renewing (or is
    /// still renewing): what the database holds when an instance dies in the middle of an import.</summary>
    private Task<Guid> LeaveRunningAsync(IDocument preview, int attempts, bool leaseRunOut) => app.WithDbAsync(async db =>
    {
        var token = preview.QuerySelector("main form.confirm-form input[name=upload]")!.GetAttribute("value")!;
        var now = DateTime.UtcNow;
        Assert.Equal(1, await db.PlanImports.Where(j => j.UploadToken == token && j.State == PlanImportState.Uploaded)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, PlanImportState.Running)
                .SetProperty(j => j.QueuedAt, now.AddMinutes(-10))
                .SetProperty(j => j.StartedAt, now.AddMinutes(-10))
                .SetProperty(j => j.Attempts, attempts)
                .SetProperty(j => j.LeaseOwner, leaseRunOut ? "en-stoppad-instans" : "en-annan-instans")
                .SetProperty(j => j.LeaseExpiresAt, leaseRunOut ? now.AddMinutes(-1) : now.AddHours(1))));
        return await db.PlanImports.Where(j => j.UploadToken == token).Select(j => j.Id).SingleAsync();
    });

    /// <summary>Follows a job's status page (it refreshes itself) until the import has ended.</summary>
    private static async Task<IDocument> FollowAsync(HttpClient browser, int planId, Guid job)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            var page = await browser.GetPageAsync($"/planer/{S(planId)}/importera/status?jobb={job}");
            if (page.QuerySelector("meta[http-equiv=refresh]") is null)
            {
                return page;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The import did not end.");
    }

    public static TheoryData<string, string> BrokenFiles => new()
    {
        { "random", "Filen är inte en Excel-arbetsbok (.xlsx) eller är skadad." },
        { "empty", "Filen är tom." },
        { "docx", "Filen är ett Word-dokument, inte en Excel-arbetsbok." },
        { "encrypted", "Filen är lösenordsskyddad (krypterad) eller sparad i det äldre Excel-formatet .xls." },
        { "missing-column", "Kolumnen ”Status” saknas." },
        { "missing-sheet", "Arbetsboken saknar bladet ”Aktiviteter”." },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public async Task A_file_that_is_not_a_workbook_in_the_template_is_refused_with_a_swedish_message_and_nothing_is_saved(string kind, string message)
    {
        var halmstad = await app.HalmstadAsync();
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var file = kind switch
        {
            "random" => System.Security.Cryptography.RandomNumberGenerator.GetBytes(4096),
            "empty" => [],
            "docx" => WordDocument(),
            // An encrypted Office file is an OLE compound file: its magic bytes, then sectors.
            "encrypted" => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[4088]],
            "missing-column" => TestWorkbook.Read(await ExportAsync(browser, halmstad)).RemoveColumn(Insatser, T.Initiatives.Status).ToBytes(),
            "missing-sheet" => WithoutSheet(TestWorkbook.Read(await ExportAsync(browser, halmstad)), T.Activities.Sheet.Name).ToBytes(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var before = await CountAsync();

        var response = await UploadAsync(browser, halmstad, file);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Contains(message, page.QuerySelector(".error-summary")?.TextContent + page.QuerySelector("table.import-problems")?.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("main form.confirm-form"));
        Assert.Equal(before, await CountAsync());
    }

    private static TestWorkbook WithoutSheet(TestWorkbook book, string name)
    {
        book.Sheets.RemoveAll(s => s.Name == name);
        return book;
    }

    private static byte[] WordDocument()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            document.AddMainDocumentPart().Document = new W.Document(new W.Body(new W.Paragraph(new W.Run(new W.Text("Utvecklingsplan")))));
        }
        return stream.ToArray();
    }

    [Fact]
    public async Task An_oversized_upload_is_refused_with_a_swedish_message_and_no_error_page()
    {
        var halmstad = await app.HalmstadAsync();
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var before = await CountAsync();

        var response = await UploadAsync(browser, halmstad, new byte[(int)T.MaxFileBytes + (1024 * 1024)]);

        Forms.AssertRedirect(response, $"/planer/{S(halmstad)}/importera?fel=storlek");
        var page = await browser.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Filen är större än 5 MB.", page.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_file_with_more_insatser_than_the_limit_is_refused_with_the_limit_named()
    {
        var halmstad = await app.HalmstadAsync();
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var book = TestWorkbook.Read(await ExportAsync(browser, halmstad));
        for (var n = book[Insatser].Rows.Count; n <= T.MaxInitiatives; n++)
        {
            book.Add(Insatser, (T.Initiatives.Key, $"extra-{S(n)}"), (T.Initiatives.Title, $"Extra {S(n)}"), (T.Initiatives.Status, "Planerad"));
        }
        var before = await CountAsync();

        var page = await PreviewAsync(browser, halmstad, book.ToBytes());

        Assert.Contains("högst 2\u00A0000 kan importeras åt gången", page.QuerySelector("table.import-problems")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("main form.confirm-form"));
        Assert.Equal(before, await CountAsync());
    }

    [Theory]
    [InlineData(DemoUsers.Principal)]
    [InlineData(DemoUsers.Administrator)]
    public async Task Roles_that_do_not_write_plans_may_export_but_are_refused_import(string email)
    {
        var halmstad = await app.HalmstadAsync();
        var browser = await SignedInAsync(email);
        var file = await ExportAsync(browser, halmstad);
        Assert.Contains(WorkbookSheets(file), s => s == Insatser);

        Forms.AssertAccessDenied(await browser.GetAsync($"/planer/{S(halmstad)}/importera"));
        var token = (await browser.GetPageAsync("/")).QuerySelector(Forms.AnyForm + " input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var upload = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(file), "fil", "plan.xlsx" } };
        var before = await CountAsync();
        Forms.AssertAccessDenied(await browser.PostAsync($"/planer/{S(halmstad)}/importera", upload));
        Assert.Equal(before, await CountAsync());
    }

    /// <summary>
    /// Times the largest import allowed: 2 000 new insatser, each with two activities, a responsible entry, an
    /// expected effect with an indicator and a resource, from upload to the end of the background job. Writes the
    /// figures to import-benchmark.md next to the test assembly (or $INSATSPORTAL_IMPORT_BENCHMARK_OUTPUT) and
    /// asserts what was written, never the time (docs/performance.md).
    /// </summary>
    [Fact]
    [Trait("Category", "Benchmark")]
    public async Task The_largest_allowed_import_of_2000_insatser_is_written_whole_and_shows_its_progress()
    {
        await app.HalmstadAsync();
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var target = await NewEmptyPlanAsync("Stor import");
        var book = TestWorkbook.Read(await ExportAsync(browser, target));
        for (var n = 1; n <= T.MaxInitiatives; n++)
        {
            var key = $"insats-{S(n)}";
            book.Add(Insatser, (T.Initiatives.Key, key), (T.Initiatives.Title, $"Insats {S(n)}"), (T.Initiatives.Status, "Pågående"),
                (T.Initiatives.Purpose, "Att pröva en stor import."), (T.Initiatives.StartDate, "2026-01-01"), (T.Initiatives.EndDate, "2026-12-31"),
                (T.Initiatives.Units, "Vallåsskolan"));
            book.Add(T.Responsible.Sheet.Name, (T.InitiativeKey, key), (T.Responsible.Role, "Avdelningschef Kvalitet"), (T.Responsible.Department, "Kvalitetsavdelningen"));
            book.Add(T.Activities.Sheet.Name, (T.InitiativeKey, key), (T.Activities.Text, "Planera"), (T.Timing, "Våren"));
            book.Add(T.Activities.Sheet.Name, (T.InitiativeKey, key), (T.Activities.Text, "Genomföra"), (T.Timing, "Hösten"));
            book.Add(T.Effects.Sheet.Name, (T.InitiativeKey, key), (T.RefersTo, "1–2"), (T.Effects.Text, "Bättre resultat"),
                (T.Effects.Indicator, "Andel"), (T.Effects.IndicatorUnit, "%"), (T.Effects.Baseline, "40,5"), (T.Effects.Target, "60"));
            book.Add(T.Resources.Sheet.Name, (T.InitiativeKey, key), (T.Resources.Text, "Handledning"), (T.Resources.Amount, "10000"), (T.Resources.Hours, "20"));
        }
        var file = book.ToBytes();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var preview = await PreviewAsync(browser, target, file);
        var previewTime = clock.Elapsed;
        Assert.Null(preview.QuerySelector(".error-summary"));
        Assert.Equal(T.MaxInitiatives, preview.QuerySelectorAll($"table[data-sheet={Insatser}] tr.change-created").Length);
        var progress = new List<string>();
        clock.Restart();
        var status = await ConfirmAsync(browser, preview, progress);
        var importTime = clock.Elapsed;

        Assert.True(status.QuerySelector(".notice--success") is not null, status.QuerySelector("main")?.TextContent);
        Assert.Contains("2\u00A0000 insatser skapade", status.QuerySelector(".notice--success")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(T.MaxInitiatives, await app.WithDbAsync(db => db.Initiatives.CountAsync(i => i.PlanId == target)));
        Assert.Equal(2 * T.MaxInitiatives, await app.WithDbAsync(db => db.Activities.CountAsync(a => a.Initiative.PlanId == target)));
        Assert.Equal(T.MaxInitiatives, await app.WithDbAsync(db => db.ChangeLog.CountAsync(c => c.Action == ChangeAction.Created
            && c.EntityType == HistoryEntityTypes.Initiative && db.Initiatives.Any(i => i.Id == c.EntityId && i.PlanId == target))));

        var report = new System.Text.StringBuilder()
            .AppendLine("# Import benchmark")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"- File: {S(T.MaxInitiatives)} insatser, {S(file.Length / 1024)} KB")
            .AppendLine(CultureInfo.InvariantCulture, $"- Upload and preview: {previewTime.TotalSeconds:F1} s")
            .AppendLine(CultureInfo.InvariantCulture, $"- Confirmation to finished import: {importTime.TotalSeconds:F1} s")
            .AppendLine(CultureInfo.InvariantCulture, $"- Progress seen on the status page: {string.Join("; ", progress.Where(p => p.Length > 0).Distinct())}");
        var output = Environment.GetEnvironmentVariable("INSATSPORTAL_IMPORT_BENCHMARK_OUTPUT") ?? Path.Combine(AppContext.BaseDirectory, "import-benchmark.md");
        await File.WriteAllTextAsync(output, report.ToString());
    }

    private static IEnumerable<string> WorkbookSheets(byte[] file) => Web.Features.PlanTransfer.WorkbookReader.Read(file).Select(s => s.Name);
}
