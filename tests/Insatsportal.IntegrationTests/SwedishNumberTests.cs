using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Reflection;
using Insatsportal.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Insatsportal.IntegrationTests;

/// <summary>Numbers as Swedes write them, and no English property name in any message a form can give.</summary>
public sealed class SwedishNumberTests(FollowUpTests.Factory app) : IClassFixture<FollowUpTests.Factory>
{
    private Task<int> InitiativeId(string key) =>
        app.WithDbAsync(db => db.Initiatives.Where(i => i.Key == key).Select(i => i.Id).SingleAsync());

    [Fact]
    public async Task Amounts_hours_and_indicator_values_written_the_Swedish_way_are_saved()
    {
        var id = await InitiativeId("barn-och-elevhearings");
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);

        var response = await browser.SubmitAsync($"/insatser/{S(id)}/redigera", form => form
            .Set("Resources[0].AmountKronor", "150 000 kr")
            .Set("Resources[0].Hours", "1\u00A0500")
            .Set("Resources[1].AmountKronor", "2\u202F500\u00A0kr")
            .Set("Effects[0].IndicatorName", "Andel elever").Set("Effects[1].IndicatorName", "Skillnad")
            .Set("Effects[0].Baseline", "1 500,5")
            .Set("Effects[0].Target", "78,5 %")
            .Set("Effects[1].Baseline", "\u22123,25"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await app.WithDbAsync(db => db.Initiatives.Include(i => i.Resources).Include(i => i.ExpectedEffects)
            .AsNoTracking().SingleAsync(i => i.Id == id));
        var resources = saved.Resources.OrderBy(r => r.SortOrder).ToList();
        var effects = saved.ExpectedEffects.OrderBy(e => e.SortOrder).ToList();
        Assert.Equal(150_000, resources[0].AmountKronor);
        Assert.Equal(1500, resources[0].Hours);
        Assert.Equal(2500, resources[1].AmountKronor);
        Assert.Equal(1500.5m, effects[0].IndicatorBaseline);
        Assert.Equal(78.5m, effects[0].IndicatorTarget);
        Assert.Equal(-3.25m, effects[1].IndicatorBaseline);
    }

    [Theory]
    [InlineData("Resources[0].AmountKronor", "abc", "Belopp (kronor)")]
    [InlineData("Resources[0].Hours", "1 500,5", "Timmar")]
    [InlineData("Effects[0].Baseline", "150.000", "Utgångsvärde")]
    [InlineData("Effects[0].Target", "mycket", "Målvärde")]
    [InlineData("GoalId", "x", "Mål")]
    [InlineData("StartDate", "igår", "Startdatum")]
    public async Task Anything_else_is_refused_with_the_fields_Swedish_label_and_no_property_name(string field, string value, string label)
    {
        var id = await InitiativeId("barn-och-elevhearings");
        var browser = app.CreateBrowser();
        await browser.SignInAsAsync(DemoUsers.DirectorOfEducation);

        var response = await browser.SubmitAsync($"/insatser/{S(id)}/redigera", form => form.Set(field, value));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        var summary = page.QuerySelector(".error-summary")!.TextContent;
        Assert.Contains($"är inte giltigt för {label}.", summary, StringComparison.Ordinal);
        var property = field.Split('.').Last();
        Assert.DoesNotContain(property, page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rektor_enters_a_measured_value_the_Swedish_way_and_a_wrong_one_is_named_in_Swedish()
    {
        var round = await app.OpenRoundAsync("Talomgång", new DateOnly(2021, 4, 30));
        var report = await app.WithDbAsync(db => db.FollowUpReports
            .Where(r => r.RoundId == round && r.Effects.Any(e => e.IndicatorName != null) && r.Unit!.Key == "vallasskolan")
            .Select(r => r.Id).FirstAsync());
        var url = $"/rapporter/{S(report)}";
        var rektor = app.CreateBrowser();
        await rektor.SignInAsAsync(DemoUsers.Principal);
        var page = await rektor.GetPageAsync(url);
        var name = page.QuerySelector("input[name$='.MeasuredValue']")!.GetAttribute("name")!;

        var wrong = await rektor.SubmitAsync(url, f => f.Set(name, "ungefär hälften"), "spara", "main form.report-form");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var summary = (await Browser.ParseAsync(wrong)).QuerySelector(".error-summary")!.TextContent;
        Assert.Contains("är inte giltigt för Uppmätt värde.", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("MeasuredValue", summary, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await rektor.SubmitAsync(url, f => f.Set(name, "78,5\u00A0%"), "spara", "main form.report-form")).StatusCode);
        var saved = await app.WithDbAsync(db => db.FollowUpReports.Where(r => r.Id == report)
            .SelectMany(r => r.Effects).Where(e => e.MeasuredValue != null).Select(e => e.MeasuredValue).SingleAsync());
        Assert.Equal(78.5m, saved);
    }

    /// <summary>
    /// Every type a controller action binds from a request, walked property by property: a value that can fail to
    /// bind (anything but text) must have a Swedish display name, and every validation rule its own Swedish message
    /// (the framework's default would name the English property).
    /// </summary>
    [Fact]
    public void Every_bound_form_field_has_a_Swedish_name_and_every_rule_a_Swedish_message()
    {
        var web = typeof(Program).Assembly;
        var problems = new List<string>();
        var seen = new HashSet<Type>();
        var actions = web.GetTypes().Where(t => typeof(ControllerBase).IsAssignableFrom(t) && !t.IsAbstract)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly));
        foreach (var parameter in actions.SelectMany(a => a.GetParameters()))
        {
            Walk(parameter.ParameterType);
        }
        Assert.True(seen.Count >= 10, $"Only {seen.Count} form types found.");
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        void Walk(Type type)
        {
            type = Element(type);
            if (type.Assembly != web || type.IsEnum || !type.IsClass || !seen.Add(type))
            {
                return;
            }
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.SetMethod is not { IsPublic: true } || property.IsDefined(typeof(BindNeverAttribute)))
                {
                    continue;
                }
                foreach (var rule in property.GetCustomAttributes<ValidationAttribute>())
                {
                    // [DataType(Password)] only hints the input type and never fails.
                    if (string.IsNullOrEmpty(rule.ErrorMessage) && rule.GetType() != typeof(DataTypeAttribute))
                    {
                        problems.Add($"{type.Name}.{property.Name}: [{rule.GetType().Name}] without a Swedish ErrorMessage");
                    }
                }
                var element = Element(property.PropertyType);
                if (element.Assembly == web && element.IsClass)
                {
                    Walk(element);
                }
                else if (property.PropertyType != typeof(string) && property.PropertyType != typeof(IFormFile))
                {
                    var name = property.GetCustomAttribute<DisplayAttribute>()?.Name;
                    if (string.IsNullOrWhiteSpace(name))
                    {
                        problems.Add($"{type.Name}.{property.Name}: no Swedish [Display(Name)]");
                    }
                }
            }
        }

        static Type Element(Type type) =>
            type != typeof(string) && type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type)
                ? type.GetGenericArguments()[0]
                : type;
    }
}
