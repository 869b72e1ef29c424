using DocumentFormat.OpenXml.Packaging;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Insatsportal.Web.Features.FollowUps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Insatsportal.IntegrationTests;

/// <summary>The underlag's SQL commands stay the same however many insatser there are.</summary>
public partial class BoardReportTests
{
    [Fact]
    public async Task The_number_of_SQL_commands_does_not_grow_with_the_number_of_insatser()
    {
        var (small, large) = await app.WithDbAsync(async db =>
        {
            var organisation = await db.Organisations.Where(o => o.Key == "halmstad-buf").Select(o => o.Id).SingleAsync();
            var units = await db.Units.Where(u => u.OrganisationId == organisation).Select(u => u.Id).Take(3).ToListAsync();
            Plan NewPlan(string key, int initiatives)
            {
                var plan = new Plan
                {
                    OrganisationId = organisation, Key = key, Name = $"Provplan {key}", Status = PlanStatus.Adopted,
                    PeriodStart = new DateOnly(2026, 1, 1), PeriodEnd = new DateOnly(2026, 12, 31),
                };
                plan.Goals.Add(new Goal { Key = "a", Title = "Mål A", SortOrder = 1 });
                plan.Goals.Add(new Goal { Key = "b", Title = "Mål B", SortOrder = 2 });
                for (var n = 0; n < initiatives; n++)
                {
                    var initiative = new Initiative { Key = $"i{n}", Title = $"Insats {n}", SortOrder = n, Goal = n % 3 == 2 ? null : plan.Goals[n % 2] };
                    initiative.ExpectedEffects.Add(new ExpectedEffect { Text = $"Effekt {n}", SortOrder = 1 });
                    initiative.TargetedUnits.AddRange(units.Select(u => new InitiativeUnit { UnitId = u }));
                    plan.Initiatives.Add(initiative);
                }
                return plan;
            }
            var plans = new[] { NewPlan("sql-liten", 2), NewPlan("sql-stor", 40) };
            db.Plans.AddRange(plans);
            await db.SaveChangesAsync();
            using var scope = app.Services.CreateScope();
            var rounds = scope.ServiceProvider.GetRequiredService<RoundCommands>();
            var ids = new List<int>();
            foreach (var plan in plans)
            {
                ids.Add((await rounds.OpenAsync(plan.Id, "Provomgång", FollowUpOccasionKind.InterimReport, new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1), null, default)).Id);
            }
            return (ids[0], ids[1]);
        });
        var browser = await SignedInAsync(app, DemoUsers.DirectorOfEducation);

        // The printable page shows 20 insatser a page (Insats 39 is on the large round's second page) in at most ten
        // commands (with the session check, the data version the output cache reads and the menu's count); the files
        // hold everything in at most six.
        foreach (var (suffix, page, budget) in new[] { ("", "?sida=2", 11), (".docx", "", 6), (".xlsx", "", 6) })
        {
            await DownloadAsync(browser, $"/omgangar/{S(small)}/namndunderlag{suffix}{page}"); // warm up
            app.Commands.Reset();
            await DownloadAsync(browser, $"/omgangar/{S(small)}/namndunderlag{suffix}{page}".Uncached());
            var forSmall = app.Commands.Count;
            app.Commands.Reset();
            var bytes = await DownloadAsync(browser, $"/omgangar/{S(large)}/namndunderlag{suffix}{page}");
            var forLarge = app.Commands.Count;
            output.WriteLine($"namndunderlag{suffix}: {forSmall} SQL commands for 2 insatser, {forLarge} for 40");

            Assert.True(forSmall == forLarge && forLarge <= budget, $"{suffix}: {forSmall} commands for 2 insatser, {forLarge} for 40:\n{string.Join("\n---\n", app.Commands.Texts)}");
            Assert.Contains("Insats 39", System.Text.Encoding.UTF8.GetString(bytes) + (suffix == "" ? "" : Extract(bytes, suffix)), StringComparison.Ordinal);
        }
    }

    private static string Extract(byte[] bytes, string suffix)
    {
        using var stream = new MemoryStream(bytes);
        if (suffix == ".docx")
        {
            using var word = WordprocessingDocument.Open(stream, false);
            return word.MainDocumentPart!.Document!.InnerText;
        }
        using var excel = SpreadsheetDocument.Open(stream, false);
        return string.Join("\n", excel.WorkbookPart!.WorksheetParts.Select(p => p.Worksheet!.InnerText));
    }
}
