using System.Net;
using Insatsportal.IntegrationTests.Infrastructure;
using Insatsportal.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

public class CarryOverTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(email);
        return browser;
    }

    /// <summary>
    /// A plan of its own with two goals (one with a short name and a steering group) and a follow-up occasion, and
    /// insatser of every kind: finished, cancelled, paused and archived ones, a planned one, an ongoing one with
    /// rows of every sort, and one under no goal. Returns the plan and the finished, cancelled and archived insatser.
    /// </summary>
    private async Task<(int PlanId, int[] Finished)> PreparePlanAsync()
    {
        var (steering, partner) = await app.WithDbAsync(async db => (
            await db.Groups.Where(g => g.Organisation.Key == TestData.Halmstad).OrderBy(g => g.Id).Select(g => g.Id).FirstAsync(),
            await db.Partners.Where(p => p.Organisation.Key == TestData.Halmstad).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync()));
        var plan = await app.Data.PlanAsync("Plan att föra över", goals: ["Ett mål för överföringen", "Ett annat mål"], configure: p =>
        {
            p.Kind = PlanKind.DevelopmentPlan;
            p.Description = "Planens beskrivning.";
            p.Goals[0].ShortName = "Överföringsmålet";
            p.Goals[0].SteeringGroupId = steering;
            p.FollowUpOccasions = [new FollowUpOccasion { SortOrder = 1, Kind = FollowUpOccasionKind.InterimReport, Name = "Delårsrapport", Timing = "augusti" }];
        });
        var (goal, other) = (plan.GoalIds[0], plan.GoalIds[1]);
        var completed = await app.Data.InitiativeAsync(plan.Id, goal, "Avslutad insats", InitiativeStatus.Completed, department: "kvalitet");
        var cancelled = await app.Data.InitiativeAsync(plan.Id, goal, "Avbruten insats", InitiativeStatus.Cancelled, department: "kvalitet");
        await app.Data.InitiativeAsync(plan.Id, goal, "Pausad insats", InitiativeStatus.Paused, department: "kvalitet");
        var archived = await app.Data.InitiativeAsync(plan.Id, goal, "Arkiverad insats", department: "kvalitet", configure: i =>
        {
            i.IsArchived = true;
            i.ArchivedReason = "Test";
        });
        await app.Data.InitiativeAsync(plan.Id, other, "Planerad insats", InitiativeStatus.Planned, effects: ["Fler elever läser."],
            department: "kvalitet", units: ["vallasskolan"]);
        await app.Data.InitiativeAsync(plan.Id, goal, "Pågående insats med rader", effects: ["Eleverna når målen.", "Lärarna samarbetar."],
            department: "kvalitet", units: ["vallasskolan", "sondrumsskolan"], configure: i =>
            {
                i.Purpose = "Syftet med insatsen.";
                i.AlternativeTitles = ["Ett annat namn"];
                i.Activities = [new Activity { Number = 1, Text = "Kartlägga", Timing = "HT" }, new Activity { Number = 2, Text = "Fortbilda", Timing = "VT" }];
                i.FollowUpPlan = [new FollowUpPlanItem { SortOrder = 1, RefersTo = "1", Method = "Enkät", Timing = "VT" }];
                i.Resources = [new Resource { SortOrder = 1, Text = "Förstelärare", Hours = 40 }];
                i.ExpectedEffects[0].IndicatorName = "Andel godkända";
                i.ExpectedEffects[0].IndicatorTarget = 90;
                i.Responsible.Add(new ResponsibleEntry { SortOrder = 2, RoleTitle = "Rektor" });
                i.Partners = [new InitiativePartner { PartnerId = partner }];
            });
        await app.Data.InitiativeAsync(plan.Id, null, "Övergripande insats", department: "kvalitet");
        return (plan.Id, [completed.Id, cancelled.Id, archived.Id]);
    }

    [Fact]
    public async Task Carrying_over_copies_exactly_the_chosen_unfinished_insatser_with_their_rows_into_a_new_draft_plan()
    {
        var (planId, finished) = await PreparePlanAsync();
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var page = await browser.GetPageAsync($"/planer/{planId}/overfor");
        var offered = page.QuerySelectorAll("input[name=InitiativeIds]").Select(i => int.Parse(i.GetAttribute("value")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.All(page.QuerySelectorAll("input[name=InitiativeIds]"), i => Assert.True(i.HasAttribute("checked")));
        var unfinished = await app.WithDbAsync(db => db.Initiatives.Where(i => i.PlanId == planId && !i.IsArchived
            && (i.Status == InitiativeStatus.Planned || i.Status == InitiativeStatus.Ongoing || i.Status == InitiativeStatus.Paused)).Select(i => i.Id).ToListAsync());
        Assert.Equal(unfinished.Order(), offered.Order());
        Assert.DoesNotContain(offered, finished.Contains);
        var leftOut = offered[^1];

        var fields = new List<KeyValuePair<string, string>> { new("Name", "Utvecklingsplan 2022–2023"), new("PeriodStart", "2022-01-01"), new("PeriodEnd", "2023-12-31") };
        fields.AddRange(offered.Where(id => id != leftOut).Select(id => new KeyValuePair<string, string>("InitiativeIds", id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var token = page.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        fields.Add(new("__RequestVerificationToken", token));
        var response = await browser.PostAsync($"/planer/{planId}/overfor", new FormUrlEncodedContent(fields));

        Forms.AssertRedirect(response, "/planer/");
        var newPlan = await app.WithDbAsync(db => db.Plans.Include(p => p.Goals).Include(p => p.Themes).Include(p => p.FollowUpOccasions)
            .AsNoTracking().SingleAsync(p => p.Name == "Utvecklingsplan 2022–2023"));
        var source = await app.WithDbAsync(db => db.Plans.Include(p => p.Goals).Include(p => p.FollowUpOccasions).AsNoTracking().SingleAsync(p => p.Id == planId));
        Assert.Equal((PlanStatus.Draft, source.OrganisationId, source.Kind, source.Description), (newPlan.Status, newPlan.OrganisationId, newPlan.Kind, newPlan.Description));
        Assert.Equal(source.Goals.OrderBy(g => g.SortOrder).Select(g => (g.Title, g.ShortName, g.SteeringGroupId)), newPlan.Goals.OrderBy(g => g.SortOrder).Select(g => (g.Title, g.ShortName, g.SteeringGroupId)));
        Assert.Equal(source.FollowUpOccasions.Count, newPlan.FollowUpOccasions.Count);

        var copies = await app.WithDbAsync(db => db.Initiatives.Where(i => i.PlanId == newPlan.Id)
            .Include(i => i.Activities).Include(i => i.FollowUpPlan).Include(i => i.ExpectedEffects).Include(i => i.Resources)
            .Include(i => i.Responsible).Include(i => i.Partners).Include(i => i.TargetedUnits).Include(i => i.Goal)
            .AsSplitQuery().AsNoTracking().ToListAsync());
        Assert.Equal(offered.Where(id => id != leftOut).Order(), copies.Select(c => c.CopiedFromId!.Value).Order());
        var originals = await app.WithDbAsync(db => db.Initiatives.Where(i => i.PlanId == planId)
            .Include(i => i.Activities).Include(i => i.FollowUpPlan).Include(i => i.ExpectedEffects).Include(i => i.Resources)
            .Include(i => i.Responsible).Include(i => i.Partners).Include(i => i.TargetedUnits).Include(i => i.Goal)
            .AsSplitQuery().AsNoTracking().ToDictionaryAsync(i => i.Id));
        foreach (var copy in copies)
        {
            var original = originals[copy.CopiedFromId!.Value];
            Assert.Equal((original.Title, original.Status, original.Purpose, original.Goal?.Title), (copy.Title, copy.Status, copy.Purpose, copy.Goal?.Title));
            Assert.Equal(original.AlternativeTitles, copy.AlternativeTitles);
            Assert.Equal(original.Activities.OrderBy(a => a.Number).Select(a => (a.Number, a.Text, a.Timing)), copy.Activities.OrderBy(a => a.Number).Select(a => (a.Number, a.Text, a.Timing)));
            Assert.Equal(original.FollowUpPlan.Count, copy.FollowUpPlan.Count);
            Assert.Equal(original.ExpectedEffects.OrderBy(e => e.SortOrder).Select(e => (e.Text, e.IndicatorName, e.IndicatorTarget)), copy.ExpectedEffects.OrderBy(e => e.SortOrder).Select(e => (e.Text, e.IndicatorName, e.IndicatorTarget)));
            Assert.Equal(original.Resources.Count, copy.Resources.Count);
            Assert.Equal(original.Responsible.OrderBy(r => r.SortOrder).Select(r => r.RoleTitle), copy.Responsible.OrderBy(r => r.SortOrder).Select(r => r.RoleTitle));
            Assert.Equal(original.Partners.Select(p => p.PartnerId).Order(), copy.Partners.Select(p => p.PartnerId).Order());
            Assert.Equal(original.TargetedUnits.Select(u => u.UnitId).Order(), copy.TargetedUnits.Select(u => u.UnitId).Order());
            // The copy hangs under the new plan's copy of the goal, not the old goal.
            Assert.Equal(original.GoalId is null, copy.GoalId is null);
            Assert.Equal(newPlan.Id, copy.Goal?.PlanId ?? newPlan.Id);
        }
        Assert.Contains(copies, c => c.Activities.Count > 0);
        var carried = await app.WithDbAsync(db => db.ChangeLog.Where(c => c.EntityType == HistoryEntityTypes.Initiative && c.Action == ChangeAction.CarriedOver)
            .Select(c => new { c.EntityId, c.NewValue }).ToListAsync());
        Assert.Equal(copies.Select(c => c.CopiedFromId!.Value).Order(), carried.Select(c => c.EntityId).Order());
        Assert.All(carried, c => Assert.Equal("Utvecklingsplan 2022–2023", c.NewValue));
        Assert.True(await app.WithDbAsync(db => db.ChangeLog.AnyAsync(c => c.EntityType == HistoryEntityTypes.Plan && c.EntityId == newPlan.Id && c.Action == ChangeAction.Created)));
        var confirmation = (await browser.GetPageAsync(response.Headers.Location!.OriginalString)).QuerySelector(".notice--success")!.TextContent;
        Assert.Contains($"{copies.Count} insatser fördes över", confirmation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Carrying_over_with_a_missing_name_or_a_backwards_period_is_refused_in_swedish_and_creates_nothing()
    {
        var (planId, _) = await PreparePlanAsync();
        var browser = await SignedInAsync(DemoUsers.DepartmentHead);
        var before = await app.WithDbAsync(db => db.Plans.CountAsync());
        var form = await browser.ReadFormAsync($"/planer/{planId}/overfor");

        var response = await browser.PostFormAsync($"/planer/{planId}/overfor", form.With(("Name", ""), ("PeriodStart", "2023-01-01"), ("PeriodEnd", "2022-01-01")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Equal("Ange den nya planens namn.", Forms.FieldError(page, "Name"));
        Assert.Equal("Perioden kan inte sluta innan den börjar.", Forms.FieldError(page, "PeriodEnd"));
        Assert.Contains("Ange den nya planens namn.", Forms.Summary(page), StringComparison.Ordinal);
        Assert.Equal("2023-01-01", page.QuerySelector("#PeriodStart")!.GetAttribute("value"));
        Assert.Equal(before, await app.WithDbAsync(db => db.Plans.CountAsync()));
    }

    [Theory]
    [InlineData(DemoUsers.Principal)]
    [InlineData(DemoUsers.Official)]
    [InlineData(DemoUsers.Administrator)]
    public async Task Roles_without_the_right_cannot_carry_a_plan_over(string email)
    {
        var (planId, _) = await PreparePlanAsync();
        var browser = await SignedInAsync(email);
        var before = await app.WithDbAsync(db => db.Plans.CountAsync());

        Forms.AssertAccessDenied(await browser.GetAsync($"/planer/{planId}/overfor"));
        Forms.AssertAccessDenied(await browser.PostFormAsync("/planer", new Dictionary<string, string> { ["Name"] = "X", ["PeriodStart"] = "2030-01-01", ["PeriodEnd"] = "2030-12-31" }, Forms.AnyForm, $"/planer/{planId}/overfor"));

        Assert.Equal(before, await app.WithDbAsync(db => db.Plans.CountAsync()));
    }

    [Fact]
    public async Task Another_forvaltnings_plan_cannot_be_carried_over_and_unknown_ids_give_404()
    {
        var browser = await SignedInAsync(DemoUsers.DirectorOfEducation);
        var stockholm = await app.WithDbAsync(db => db.Plans.Where(p => p.Organisation.Key == "stockholm-utbf").Select(p => p.Id).FirstAsync());

        Forms.AssertAccessDenied(await browser.GetAsync($"/planer/{stockholm}/overfor"));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/planer/999999/overfor")).StatusCode);
    }
}
