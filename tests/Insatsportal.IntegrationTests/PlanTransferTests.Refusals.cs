using System.Net;
using AngleSharp.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using T = Insatsportal.Web.Features.PlanTransfer.PlanTemplate;

namespace Insatsportal.IntegrationTests;

/// <summary>Imports refused: problems in the file, rows outside the user's scope or role, a stale preview, someone
/// else's preview, and roles that may export but not import.</summary>
public partial class PlanTransferTests
{
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

    private static IEnumerable<string> WorkbookSheets(byte[] file) => Web.Features.PlanTransfer.WorkbookReader.Read(file).Select(s => s.Name);
}
