using Insatsportal.IntegrationTests.Infrastructure;

namespace Insatsportal.IntegrationTests;

/// <summary>A list page's SQL commands stay the same however many rows it shows.</summary>
public sealed partial class InitiativeSearchTests
{
    [Fact]
    public async Task The_number_of_sql_commands_for_a_list_page_does_not_grow_with_the_rows_on_it()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        await browser.GetPageAsync("/insatser?forvaltning=alla"); // warm-up: the first request may load things once

        app.Commands.Reset();
        var one = await browser.GetPageAsync("/insatser?forvaltning=alla&q=Skolutvecklingsprocess");
        var forOne = app.Commands.Count;
        app.Commands.Reset();
        var full = await browser.GetPageAsync("/insatser?forvaltning=alla&q=e");
        var forFull = app.Commands.Count;

        Assert.Single(Rows(one));
        Assert.Equal(25, Rows(full).Count);
        Assert.Equal(forOne, forFull);
        // The default scope (the user's own förvaltning) costs no more commands than all of them.
        await browser.GetPageAsync("/insatser");
        app.Commands.Reset();
        await browser.GetPageAsync("/insatser?q=e");
        Assert.Equal(forFull, app.Commands.Count);
        // A count, the page's rows, the option lists (plans, departments, persons, units, themes) and the
        // session's security-stamp check (SessionValidator).
        Assert.True(forFull <= 9, $"{forFull} commands:\n{string.Join("\n---\n", app.Commands.Texts)}");
    }
}
