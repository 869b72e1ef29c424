using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

public class OrganisationAdministrationTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<HttpClient> AdminAsync()
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.Administrator);
        return browser;
    }

    private Task<int> DepartmentAsync(string key) =>
        app.WithDbAsync(db => db.Departments.Where(d => d.Key == key && d.Organisation.Key == "halmstad-buf").Select(d => d.Id).SingleAsync());

    private Task<int> AreaAsync(string key) =>
        app.WithDbAsync(db => db.SchoolAreas.Where(d => d.Key == key).Select(d => d.Id).SingleAsync());

    private Task<Unit?> UnitByCodeAsync(string code) =>
        app.WithDbAsync(db => db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.SchoolUnitCode == code));

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient admin, byte[] bytes, string name = "enheter.csv")
    {
        var page = await admin.GetPageAsync("/admin/organisation/enheter/importera");
        var token = ((IHtmlInputElement)page.QuerySelector("form.upload-form input[name=__RequestVerificationToken]")!).Value;
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", name);
        return await admin.PostAsync("/admin/organisation/enheter/importera", content);
    }

    private static byte[] Csv(string text, bool bom = false) =>
        (bom ? Encoding.UTF8.GetPreamble() : []).Concat(Encoding.UTF8.GetBytes(text)).ToArray();

    private static IReadOnlyList<string> Problems(IHtmlDocument page) =>
        page.QuerySelectorAll(".import-problems li").Select(li => li.TextContent.Trim()).ToList();

    [Fact]
    public async Task Administrator_creates_renames_closes_and_reopens_a_unit_and_each_change_is_in_its_history()
    {
        var admin = await AdminAsync();
        var grundskola = await DepartmentAsync("grundskola");
        var centrum = await AreaAsync("omrade-centrum");

        Forms.AssertRedirect(await admin.SubmitAsync("/admin/organisation/enheter/ny", form => form
            .Set("Name", "Nyskolan").Set("Type", "CompulsorySchool").Set("SchoolUnitCode", "90000901")
            .Set("DepartmentId", S(grundskola)).Set("SchoolAreaId", S(centrum))), "/admin/organisation");
        var unit = (await UnitByCodeAsync("90000901"))!;
        Assert.Equal(("Nyskolan", UnitType.CompulsorySchool, grundskola), (unit.Name, unit.Type, unit.DepartmentId));

        Forms.AssertRedirect(await admin.SubmitAsync($"/admin/organisation/enheter/{S(unit.Id)}/redigera", form => form.Set("Name", "Nyskolan i Centrum")), "/admin/organisation");
        var edit = await admin.GetPageAsync($"/admin/organisation/enheter/{S(unit.Id)}/redigera");
        Forms.AssertRedirect(await admin.SubmitAsync(edit, "x", form => form.Set("ClosedOn", "2026-06-30"), selector: "form[action$='/stang']"), "/admin/organisation");
        Assert.Equal(new DateOnly(2026, 6, 30), (await UnitByCodeAsync("90000901"))!.ClosedOn);

        var plan = await app.WithDbAsync(db => db.Plans.Where(p => p.Key == "halmstad-utvecklingsplan-2020-2021").Select(p => p.Id).SingleAsync());
        var director = app.CreateBrowser();
        await director.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var newInitiative = await director.GetPageAsync($"/insatser/ny?plan={S(plan)}");
        Assert.DoesNotContain("Nyskolan i Centrum", newInitiative.QuerySelector("main form")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Nyskolan i Centrum", (await admin.GetPageAsync("/admin/organisation?stangda=1")).QuerySelector("#enheter")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Nyskolan i Centrum", (await admin.GetPageAsync("/admin/organisation")).QuerySelector("#enheter")!.TextContent, StringComparison.Ordinal);

        Forms.AssertRedirect(await admin.PostFormAsync($"/admin/organisation/enheter/{S(unit.Id)}/redigera", new Dictionary<string, string>(), "form[action$='/oppna']"), "/admin/organisation");
        Assert.Null((await UnitByCodeAsync("90000901"))!.ClosedOn);
        var history = (await admin.GetPageAsync($"/admin/organisation/enheter/{S(unit.Id)}/historik")).QuerySelector("main")!.TextContent;
        Assert.Contains("Nyskolan i Centrum", history, StringComparison.Ordinal);
        Assert.Contains("Stängd från", history, StringComparison.Ordinal);
        Assert.Contains("2026-06-30", history, StringComparison.Ordinal);
        Assert.Contains("Sara Lund", history, StringComparison.Ordinal);
        var entries = await app.WithDbAsync(db => db.ChangeLog.Where(c => c.EntityType == HistoryEntityTypes.Unit && c.EntityId == unit.Id).Select(c => new { c.Action, c.Field, c.OldValue, c.NewValue }).ToListAsync());
        Assert.Contains(entries, e => e.Action == ChangeAction.Created);
        Assert.Contains(entries, e => e.Field == "Namn" && e.OldValue == "Nyskolan" && e.NewValue == "Nyskolan i Centrum");
        Assert.Contains(entries, e => e.Field == "Stängd från" && e.OldValue == "2026-06-30" && e.NewValue == null);
    }

    [Fact]
    public async Task A_closed_unit_stays_where_it_is_referenced()
    {
        var admin = await AdminAsync();
        var initiative = await app.WithDbAsync(db => db.Initiatives.Where(i => i.TargetedUnits.Any(t => t.Unit.Key == "andersbergsskolan")).Select(i => i.Id).FirstAsync());
        var unit = await app.WithDbAsync(db => db.Units.Where(u => u.Key == "andersbergsskolan").Select(u => u.Id).SingleAsync());

        var edit = await admin.GetPageAsync($"/admin/organisation/enheter/{S(unit)}/redigera");
        Forms.AssertRedirect(await admin.SubmitAsync(edit, "x", form => form.Set("ClosedOn", "2026-01-31"), selector: "form[action$='/stang']"), "/admin/organisation");

        var details = await admin.GetPageAsync($"/insatser/{S(initiative)}");
        Assert.Contains("Andersbergsskolan", details.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        // Editing the insats neither refuses nor drops the closed unit it already targets.
        var director = app.CreateBrowser();
        await director.SignInAsAsync(DemoUsers.DirectorOfEducation);
        var saved = await director.SubmitAsync($"/insatser/{S(initiative)}/redigera", form => form.Set("Origin", "Ändrad efter stängningen"));
        Forms.AssertRedirect(saved, $"/insatser/{S(initiative)}");
        Assert.True(await app.WithDbAsync(db => db.InitiativeUnits.AnyAsync(t => t.UnitId == unit && t.InitiativeId == initiative)));
        Assert.Contains("Andersbergsskolan (stängd)", (await director.GetPageAsync($"/insatser/{S(initiative)}/redigera")).QuerySelector("main form")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_unit_input_gives_Swedish_messages_and_saves_nothing()
    {
        var admin = await AdminAsync();
        var before = await app.WithDbAsync(db => db.Units.CountAsync());
        var stockholmDepartment = await app.WithDbAsync(db => db.Departments.Where(d => d.Organisation.Key == "stockholm-utbf").Select(d => d.Id).FirstAsync());

        var page = await Browser.ParseAsync(await admin.SubmitAsync("/admin/organisation/enheter/ny", form => form
            .Set("Name", "").Set("Type", "Slottet").Set("SchoolUnitCode", "1234").Set("DepartmentId", S(stockholmDepartment))));
        Assert.Equal("Ange ett namn.", Forms.FieldError(page, "Name"));
        Assert.Equal("Välj en typ av enhet i listan.", Forms.FieldError(page, "Type"));
        Assert.Equal("Skolenhetskoden ska vara 8 siffror.", Forms.FieldError(page, "SchoolUnitCode"));
        Assert.Equal("Välj en öppen avdelning i förvaltningen i listan.", Forms.FieldError(page, "DepartmentId"));

        var forskola = await DepartmentAsync("forskola");
        var centrum = await AreaAsync("omrade-centrum");
        var duplicate = await Browser.ParseAsync(await admin.SubmitAsync("/admin/organisation/enheter/ny", form => form
            .Set("Name", "Dubblett").Set("Type", "Preschool").Set("SchoolUnitCode", "90000101")
            .Set("DepartmentId", S(forskola)).Set("SchoolAreaId", S(centrum))));
        Assert.Equal("Skolenhetskoden 90000101 används redan av en annan enhet.", Forms.FieldError(duplicate, "SchoolUnitCode"));
        Assert.Equal("Skolområdet hör till en annan avdelning än den du valt.", Forms.FieldError(duplicate, "SchoolAreaId"));

        var grundskola = await DepartmentAsync("grundskola");
        var edit = await admin.GetPageAsync($"/admin/organisation/avdelningar/{S(grundskola)}/redigera");
        var refused = await Browser.ParseAsync(await admin.SubmitAsync(edit, "x", form => form.Set("ClosedOn", "2026-06-30"), selector: "form[action$='/stang']"));
        Assert.Equal("Avdelningen har öppna enheter eller skolområden. Stäng dem eller flytta dem först.", Forms.FieldError(refused, "ClosedOn"));

        Assert.Equal(before, await app.WithDbAsync(db => db.Units.CountAsync()));
        Assert.Null(await app.WithDbAsync(db => db.Departments.Where(d => d.Id == grundskola).Select(d => d.ClosedOn).SingleAsync()));
    }

    [Fact]
    public async Task A_stale_organisation_edit_is_refused_and_another_forvaltnings_unit_is_not_found()
    {
        var admin = await AdminAsync();
        var department = await DepartmentAsync("hr");
        var stale = await admin.GetPageAsync($"/admin/organisation/avdelningar/{S(department)}/redigera");
        Forms.AssertRedirect(await admin.SubmitAsync($"/admin/organisation/avdelningar/{S(department)}/redigera", form => form.Set("Name", "Personalavdelningen")), "/admin/organisation");

        var response = await admin.SubmitAsync(stale, "x", form => form.Set("Name", "HR och lön"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Någon annan har sparat ändringar", Forms.Summary(await Browser.ParseAsync(response)), StringComparison.Ordinal);
        Assert.Equal("Personalavdelningen", await app.WithDbAsync(db => db.Departments.Where(d => d.Id == department).Select(d => d.Name).SingleAsync()));
        var stockholmUnit = await app.WithDbAsync(db => db.Units.Where(u => u.Organisation.Key == "stockholm-utbf").Select(u => u.Id).FirstAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/organisation/enheter/{S(stockholmUnit)}/redigera")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostFormAsync("/", new Dictionary<string, string> { ["ClosedOn"] = "2026-01-01" }, Forms.AnyForm, $"/admin/organisation/enheter/{S(stockholmUnit)}/stang")).StatusCode);
        Assert.Null(await app.WithDbAsync(db => db.Units.Where(u => u.Id == stockholmUnit).Select(u => u.ClosedOn).SingleAsync()));
    }

    [Fact]
    public async Task Csv_import_previews_then_imports_in_one_step_and_importing_the_same_file_again_adds_nothing()
    {
        var admin = await AdminAsync();
        var file = Csv("Namn;Typ;Skolenhetskod;Avdelning\r\nSolrosens förskola;Förskola;90001001;Förskoleavdelningen\r\n\"Havets skola; F–9\";Grundskola;90001002;grundskola\r\nVallåsskolan;Grundskola;90000101;Grundskoleavdelningen\r\n", bom: true);
        var before = await app.WithDbAsync(db => db.Units.CountAsync());

        var preview = await Browser.ParseAsync(await UploadAsync(admin, file));
        Assert.Empty(Problems(preview));
        Assert.Equal(before, await app.WithDbAsync(db => db.Units.CountAsync()));
        var actions = preview.QuerySelectorAll("tbody tr").Select(tr => tr.Children[^1].TextContent.Trim()).ToList();
        Assert.Equal(["Läggs till", "Läggs till", "Finns redan som ”Vallåsskolan” – hoppas över"], actions);

        var response = await admin.SubmitAsync(preview, "x", _ => { }, selector: "form.confirm-import");

        Forms.AssertRedirect(response, "/admin/organisation");
        Assert.Equal(before + 2, await app.WithDbAsync(db => db.Units.CountAsync()));
        var havet = (await UnitByCodeAsync("90001002"))!;
        Assert.Equal(("Havets skola; F–9", UnitType.CompulsorySchool, await DepartmentAsync("grundskola")), (havet.Name, havet.Type, havet.DepartmentId));
        Assert.Equal(UnitType.Preschool, (await UnitByCodeAsync("90001001"))!.Type);
        Assert.True(await app.WithDbAsync(db => db.ChangeLog.AnyAsync(c => c.EntityType == HistoryEntityTypes.Unit && c.EntityId == havet.Id && c.Action == ChangeAction.Created)));

        var again = await Browser.ParseAsync(await UploadAsync(admin, file));
        Assert.Empty(again.QuerySelectorAll("form.confirm-import"));
        Assert.Contains("Alla enheter i filen finns redan", again.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var replay = await admin.SubmitAsync(preview, "x", _ => { }, selector: "form.confirm-import");
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(before + 2, await app.WithDbAsync(db => db.Units.CountAsync()));
    }

    [Fact]
    public async Task Csv_import_names_every_problem_by_row_and_column_and_saves_nothing()
    {
        var admin = await AdminAsync();
        var file = Csv(string.Join("\n",
            "Namn,Typ,Skolenhetskod,Avdelning",
            "Bra skolan,Grundskola,90002001,",
            ",Grundskola,90002002,Grundskoleavdelningen",
            "Slottet,Slott,90002003,",
            "Kortkod,Förskola,1234,",
            "Dubbel,Förskola,90002001,",
            "Okänd avd,Fritidshem,90002004,Rymdavdelningen",
            "Stockholmsk,Gymnasieskola," + await app.WithDbAsync(async db =>
            {
                var org = await db.Organisations.Where(o => o.Key == "stockholm-utbf").Select(o => o.Id).SingleAsync();
                db.Units.Add(new Unit { OrganisationId = org, Key = "sthlm-kod", Name = "Kodskolan", Type = UnitType.UpperSecondarySchool, SchoolUnitCode = "90002099" });
                await db.SaveChangesAsync();
                return "90002099";
            }) + ","));
        var before = await app.WithDbAsync(db => db.Units.CountAsync());

        var page = await Browser.ParseAsync(await UploadAsync(admin, file));

        Assert.Equal(
        [
            "Rad 3, kolumn Namn: namnet saknas.",
            "Rad 4, kolumn Typ: okänd typ ”Slott”. Ange en av: Förskola, Förskoleklass, Grundskola, Anpassad grundskola, Gymnasieskola, Anpassad gymnasieskola, Vuxenutbildning, Fritidshem, Annan enhet.",
            "Rad 5, kolumn Skolenhetskod: ”1234” är inte en skolenhetskod (8 siffror).",
            "Rad 6, kolumn Skolenhetskod: skolenhetskoden 90002001 finns redan på rad 2 i filen.",
            "Rad 7, kolumn Avdelning: okänd avdelning ”Rymdavdelningen”. Avdelningar i förvaltningen: " + string.Join(", ", await app.WithDbAsync(db => db.Departments.Where(d => d.Organisation.Key == "halmstad-buf" && d.ClosedOn == null).Select(d => d.Name).ToListAsync())) + ".",
            "Rad 8, kolumn Skolenhetskod: skolenhetskoden 90002099 används av en enhet i en annan förvaltning.",
        ], Problems(page));
        Assert.Empty(page.QuerySelectorAll("form.confirm-import"));
        Assert.Equal(before, await app.WithDbAsync(db => db.Units.CountAsync()));

        // A tampered confirmation is checked again and refused the same way.
        var token = ((IHtmlInputElement)page.QuerySelector("form.upload-form input[name=__RequestVerificationToken]")!).Value;
        var forged = await admin.PostAsync("/admin/organisation/enheter/importera/bekrafta", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["content"] = Convert.ToBase64String(file),
        }));
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.Equal(6, Problems(await Browser.ParseAsync(forged)).Count);
        Assert.Equal(before, await app.WithDbAsync(db => db.Units.CountAsync()));
    }

    [Theory]
    [InlineData("stor", "Filen är för stor")]
    [InlineData("binar", "Filen är inte en textfil i UTF-8")]
    [InlineData("rubrik", "Första raden saknar kolumnerna ”Typ”, ”Skolenhetskod”")]
    [InlineData("rader", "Filen har fler än 2000 rader. Högst 2000 enheter kan importeras åt gången")]
    [InlineData("tom", "Välj en CSV-fil att importera.")]
    public async Task Csv_import_refuses_an_oversized_or_malformed_file_cleanly(string kind, string message)
    {
        var admin = await AdminAsync();
        var before = await app.WithDbAsync(db => db.Units.CountAsync());
        var bytes = kind switch
        {
            "stor" => Csv("Namn;Typ;Skolenhetskod;Avdelning\n" + new string('x', 600 * 1024)),
            "binar" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFF, 0xFE, 0x00, 0xC3],
            "rubrik" => Csv("Namn;Avdelning\nEn skola;Grundskoleavdelningen\n"),
            "rader" => Csv("Namn;Typ;Skolenhetskod;Avdelning\n" + string.Concat(Enumerable.Range(0, 2001).Select(n => $"Skola {n};Grundskola;{91000000 + n};\n"))),
            _ => [],
        };

        var response = await UploadAsync(admin, bytes);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith(message, Problems(await Browser.ParseAsync(response)).Single(), StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Units.CountAsync()));
    }

    [Theory]
    [InlineData(DemoUsers.Official)]
    [InlineData(DemoUsers.DepartmentHead)]
    public async Task Non_administrators_cannot_change_the_organisation(string email)
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);
        var unit = await app.WithDbAsync(db => db.Units.Where(u => u.Key == "getingeskolan").Select(u => u.Id).SingleAsync());

        Forms.AssertAccessDenied(await browser.GetAsync("/admin/organisation"));
        Forms.AssertAccessDenied(await browser.PostFormAsync("/", new Dictionary<string, string> { ["ClosedOn"] = "2026-01-01" }, Forms.AnyForm, $"/admin/organisation/enheter/{S(unit)}/stang"));
        Forms.AssertAccessDenied(await browser.PostFormAsync("/", new Dictionary<string, string> { ["Name"] = "Ny", ["Type"] = "Preschool" }, Forms.AnyForm, "/admin/organisation/enheter/ny"));

        Assert.Null(await app.WithDbAsync(db => db.Units.Where(u => u.Id == unit).Select(u => u.ClosedOn).SingleAsync()));
        Assert.False(await app.WithDbAsync(db => db.Units.AnyAsync(u => u.Name == "Ny")));
    }
}
