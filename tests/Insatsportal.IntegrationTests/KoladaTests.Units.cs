using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Dom;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>A unit's id in Kolada: kept in admin and set by the unit CSV import.</summary>
public partial class KoladaTests
{
    [Fact]
    public async Task An_administrator_keeps_a_units_Kolada_id_in_admin_and_a_malformed_one_gets_a_Swedish_message()
    {
        var admin = await SignedInAsync(DemoUsers.Administrator);
        var unitId = await app.WithDbAsync(db => db.Units.Where(u => u.Organisation.Key == "halmstad-buf" && u.Key == "sondrumsskolan").Select(u => u.Id).SingleAsync());
        var url = $"/admin/organisation/enheter/{unitId}/redigera";

        var bad = await admin.PostFormAsync(url, (await admin.ReadFormAsync(url)).With(("KoladaOuId", "V15-E13")));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("bokstäver och siffror", Forms.FieldError(await Browser.ParseAsync(bad), "KoladaOuId"), StringComparison.Ordinal);

        var good = await admin.PostFormAsync(url, (await admin.ReadFormAsync(url)).With(("KoladaOuId", " v15e138000302 ")));
        Forms.AssertRedirect(good, "/admin/organisation");
        Assert.Equal("V15E138000302", await app.WithDbAsync(db => db.Units.Where(u => u.Id == unitId).Select(u => u.KoladaOuId).SingleAsync()));
    }

    /// <summary>A unit of the test's own in the Halmstad förvaltning, with the given id in Kolada.</summary>
    private Task<int> NewUnitAsync(string name, string code, string? ou) => app.WithDbAsync(async db =>
    {
        var unit = new Unit
        {
            OrganisationId = await OrganisationAsync(), Key = "kolada-" + code, Name = name, Type = UnitType.CompulsorySchool,
            SchoolUnitCode = code, KoladaOuId = ou,
        };
        db.Units.Add(unit);
        await db.SaveChangesAsync();
        return unit.Id;
    });

    private Task<string?> OuOfAsync(string code) =>
        app.WithDbAsync(db => db.Units.Where(u => u.SchoolUnitCode == code).Select(u => u.KoladaOuId).SingleOrDefaultAsync());

    private static async Task<IHtmlDocument> UploadUnitsAsync(HttpClient admin, string csv)
    {
        var page = await admin.GetPageAsync("/admin/organisation/enheter/importera");
        var token = ((IHtmlInputElement)page.QuerySelector("form.upload-form input[name=__RequestVerificationToken]")!).Value;
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "enheter.csv");
        var response = await admin.PostAsync("/admin/organisation/enheter/importera", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Browser.ParseAsync(response);
    }

    /// <summary>The confirmation posted with the file's content as a tampered form would: checked again on the server.</summary>
    private static async Task<HttpResponseMessage> ForgedConfirmAsync(HttpClient admin, IHtmlDocument page, string csv)
    {
        var token = ((IHtmlInputElement)page.QuerySelector("form.upload-form input[name=__RequestVerificationToken]")!).Value;
        return await admin.PostAsync("/admin/organisation/enheter/importera/bekrafta", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(csv)),
        }));
    }

    private static List<string> ImportProblems(IHtmlDocument page) =>
        page.QuerySelectorAll(".import-problems li").Select(li => li.TextContent.Trim()).ToList();

    [Fact]
    public async Task Unit_csv_import_with_the_Kolada_column_sets_new_and_changed_ids_records_the_change_and_an_old_file_keeps_them()
    {
        var admin = await SignedInAsync(DemoUsers.Administrator);
        var old = await NewUnitAsync("Gamla Koladaskolan", "90003099", "V15E0000GAMMAL");
        await NewUnitAsync("Tomma cellens skola", "90003098", "V15E138000998");
        var csv = "Namn;Typ;Skolenhetskod;Avdelning;Id i Kolada\n"
            + "Nya Koladaskolan;Grundskola;90003001;; v15e138000901 \n"
            + "Gamla Koladaskolan;Grundskola;90003099;;V15E138000999\n"
            + "Tomma cellens skola;Grundskola;90003098;;\n";

        var preview = await UploadUnitsAsync(admin, csv);

        Assert.Empty(ImportProblems(preview));
        Assert.Contains("Id i Kolada", preview.QuerySelector("thead")!.TextContent, StringComparison.Ordinal);
        var rows = preview.QuerySelectorAll("tbody tr").Select(tr => tr.Children.Select(c => c.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(["V15E138000901", "Läggs till"], rows[0][^2..]);
        Assert.Equal(["V15E138000999", "Finns redan som ”Gamla Koladaskolan”, id i Kolada ändras från V15E0000GAMMAL till V15E138000999"], rows[1][^2..]);
        Assert.Equal(["–", "Finns redan som ”Tomma cellens skola” – hoppas över"], rows[2][^2..]);
        Assert.Null(await OuOfAsync("90003001"));
        Assert.Equal("V15E0000GAMMAL", await OuOfAsync("90003099"));

        Forms.AssertRedirect(await admin.SubmitAsync(preview, "x", _ => { }, selector: "form.confirm-import"), "/admin/organisation");

        Assert.Equal("V15E138000901", await OuOfAsync("90003001"));
        Assert.Equal("V15E138000999", await OuOfAsync("90003099"));
        Assert.Equal("V15E138000998", await OuOfAsync("90003098")); // An empty cell keeps the id.
        var change = await app.WithDbAsync(db => db.ChangeLog
            .Where(c => c.EntityType == HistoryEntityTypes.Unit && c.EntityId == old && c.Field == "Id i Kolada")
            .Select(c => new { c.Action, c.OldValue, c.NewValue }).SingleAsync());
        Assert.Equal((ChangeAction.Updated, "V15E0000GAMMAL", "V15E138000999"), (change.Action, change.OldValue, change.NewValue));
        var history = (await admin.GetPageAsync($"/admin/organisation/enheter/{old}/historik")).QuerySelector("main")!.TextContent;
        Assert.Contains("V15E138000999", history, StringComparison.Ordinal);
        Assert.Contains("Sara Lund", history, StringComparison.Ordinal);

        // The same file again changes nothing; a file without the column (as before) is valid and keeps every id.
        Assert.Empty((await UploadUnitsAsync(admin, csv)).QuerySelectorAll("form.confirm-import"));
        var oldCsv = "Namn;Typ;Skolenhetskod;Avdelning\nGamla Koladaskolan;Grundskola;90003099;\nUtan kolumnen;Förskola;90003002;\n";
        var oldFormat = await UploadUnitsAsync(admin, oldCsv);
        Assert.Empty(ImportProblems(oldFormat));
        Assert.DoesNotContain("Id i Kolada", oldFormat.QuerySelector("thead")!.TextContent, StringComparison.Ordinal);
        Forms.AssertRedirect(await admin.SubmitAsync(oldFormat, "x", _ => { }, selector: "form.confirm-import"), "/admin/organisation");
        Assert.Equal("V15E138000999", await OuOfAsync("90003099"));
        Assert.Null(await OuOfAsync("90003002"));
        Assert.NotNull(await app.WithDbAsync(db => db.Units.SingleOrDefaultAsync(u => u.SchoolUnitCode == "90003002")));
        Assert.Equal(1, await app.WithDbAsync(db => db.ChangeLog.CountAsync(c => c.EntityType == HistoryEntityTypes.Unit && c.EntityId == old && c.Field == "Id i Kolada")));
    }

    [Fact]
    public async Task Unit_csv_import_refuses_a_malformed_Kolada_id_by_row_and_column_with_the_forms_message_and_saves_nothing()
    {
        var admin = await SignedInAsync(DemoUsers.Administrator);
        await NewUnitAsync("Befintliga Koladaskolan", "90003199", "V15E138000111");
        var tooLong = new string('A', 21);
        var csv = "Namn,Typ,Skolenhetskod,Avdelning,Kolada-id\n"
            + "Bra skolan,Grundskola,90003101,,V15E138000121\n"
            + "Streckskolan,Grundskola,90003102,,V15-E13\n"
            + "Långa skolan,Grundskola,90003103,," + tooLong + "\n"
            + "Befintliga Koladaskolan,Grundskola,90003199,,V15E138000112\n";
        var units = await app.WithDbAsync(db => db.Units.CountAsync());

        var page = await UploadUnitsAsync(admin, csv);

        Assert.Equal(
        [
            "Rad 3, kolumn Id i Kolada: ”V15-E13” går inte att använda. Id:t i Kolada är bokstäver och siffror, till exempel V15E138000301.",
            $"Rad 4, kolumn Id i Kolada: ”{tooLong}” går inte att använda. Id:t i Kolada är bokstäver och siffror, till exempel V15E138000301.",
        ], ImportProblems(page));
        Assert.Empty(page.QuerySelectorAll("form.confirm-import"));

        // A tampered confirmation is checked again: nothing added, the valid row's change not made either.
        var forged = await ForgedConfirmAsync(admin, page, csv);
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.Equal(2, ImportProblems(await Browser.ParseAsync(forged)).Count);
        Assert.Equal(units, await app.WithDbAsync(db => db.Units.CountAsync()));
        Assert.Equal("V15E138000111", await OuOfAsync("90003199"));
        Assert.Null(await app.WithDbAsync(db => db.Units.SingleOrDefaultAsync(u => u.SchoolUnitCode == "90003101")));
    }
}
