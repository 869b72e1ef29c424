using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using T = Insatsportal.Web.Features.PlanTransfer.PlanTemplate;

namespace Insatsportal.IntegrationTests;

/// <summary>Export, the printed export, and import back: the round trip, a reimport that changes nothing, and changed
/// fields written with history.</summary>
public partial class PlanTransferTests
{
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
}
