using Insatsportal.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Insatsportal.BrowserTests;

/// <summary>Journey 1: a tjänsteperson plans a new insats and finds it again.</summary>
[Collection(JourneyCollection.Name)]
public sealed class Journey1InitiativeTests(BrowserFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task A_tjansteperson_creates_an_insats_with_two_activities_an_effect_with_an_indicator_and_a_school_and_finds_it_by_search() =>
        await new Journey(app, output, "resa-1-ny-insats").RunAsync(async journey =>
        {
            var page = await journey.OpenAsync(DemoUsers.Official);
            await Pages.FollowMenuAsync(page, "Planer");
            await page.GetByRole(AriaRole.Link, new() { Name = "Utvecklingsplan 2020–2021" }).First.ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Ny insats" }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Ny insats");
            await journey.ShotAsync(page, "tomt-formular");

            await page.GetByLabel("Titel").FillAsync("Läsfrämjande lektioner med skolbiblioteket");
            await page.GetByLabel("Syfte").FillAsync("Fler elever läser på fritiden.");
            var responsible = page.GetByRole(AriaRole.Group, new() { Name = "Ansvarig 1" });
            await responsible.GetByLabel("Roll").FillAsync("Utvecklingsledare");
            await responsible.GetByLabel("Avdelning").SelectOptionAsync(new SelectOptionValue { Label = "Kvalitetsavdelningen" });
            var first = page.GetByRole(AriaRole.Group, new() { Name = "Aktivitet 1" });
            await first.GetByLabel("Vad görs").FillAsync("Skolbibliotekarien planerar lektioner med lärarna.");
            await first.GetByLabel("När").FillAsync("Hösten 2026");

            // Adding a row sends the form back with one row more; what was typed is kept.
            await page.GetByRole(AriaRole.Button, new() { Name = "Lägg till aktivitet" }).ClickAsync();
            var second = page.GetByRole(AriaRole.Group, new() { Name = "Aktivitet 2" });
            // The user is back at the new row with the keyboard focus in its first field, not at the top of the page.
            await Expect(second.GetByLabel("Vad görs")).ToBeFocusedAsync();
            await Expect(second.GetByLabel("Vad görs")).ToBeInViewportAsync();
            await Expect(first.GetByLabel("Vad görs")).ToHaveValueAsync("Skolbibliotekarien planerar lektioner med lärarna.");
            await second.GetByLabel("Vad görs").FillAsync("Klasserna besöker biblioteket varje vecka.");
            await second.GetByLabel("När").FillAsync("Vårterminen 2027");

            await page.GetByRole(AriaRole.Button, new() { Name = "Lägg till förväntad effekt" }).ClickAsync();
            var effect = page.GetByRole(AriaRole.Group, new() { Name = "Förväntad effekt 1" });
            await Expect(effect.GetByLabel("Gäller aktivitet")).ToBeFocusedAsync();
            await effect.GetByLabel("Gäller aktivitet").FillAsync("1–2");
            await effect.GetByLabel("Förväntad effekt").FillAsync("Eleverna lånar fler böcker.");
            await effect.GetByLabel("Indikator").FillAsync("Utlånade böcker per elev och termin");
            await effect.GetByLabel("Enhet").FillAsync("böcker");
            await effect.GetByLabel("Utgångsvärde").FillAsync("2,5");
            await effect.GetByLabel("Målvärde").FillAsync("4");
            await page.GetByRole(AriaRole.Group, new() { Name = "Berörda enheter" }).GetByLabel("Vallåsskolan", new() { Exact = true }).CheckAsync();
            await journey.ShotAsync(page, "ifyllt-formular");
            await page.GetByRole(AriaRole.Button, new() { Name = "Spara", Exact = true }).ClickAsync();

            await Pages.ExpectNoticeAsync(page, "Insatsen är skapad.");
            await Expect(page.Locator("h1")).ToContainTextAsync("Läsfrämjande lektioner med skolbiblioteket");
            var main = page.Locator("main");
            await Expect(main).ToContainTextAsync("Skolbibliotekarien planerar lektioner med lärarna.");
            await Expect(main).ToContainTextAsync("Klasserna besöker biblioteket varje vecka.");
            await Expect(main).ToContainTextAsync("Utlånade böcker per elev och termin");
            await Expect(main).ToContainTextAsync("Vallåsskolan");
            await journey.ShotAsync(page, "insatsen");

            await Pages.FollowMenuAsync(page, "Insatser");
            await page.GetByRole(AriaRole.Searchbox, new() { Name = "Sök i titel, bakgrund och innehåll" }).FillAsync("skolbiblioteket");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sök", Exact = true }).ClickAsync();
            await Expect(page.Locator(".result-count")).ToHaveTextAsync("1 insats.");
            await journey.ShotAsync(page, "sokresultat");
            await page.GetByRole(AriaRole.Link, new() { Name = "Läsfrämjande lektioner med skolbiblioteket" }).ClickAsync();
            await Expect(page.Locator("h1")).ToContainTextAsync("Läsfrämjande lektioner med skolbiblioteket");
        });
}
