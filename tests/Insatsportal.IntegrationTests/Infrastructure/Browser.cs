using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Insatsportal.IntegrationTests.Infrastructure;

public static class DemoUsers
{
    public const string DirectorOfEducation = "forvaltningschef@insatsportal.example";
    public const string DepartmentHead = "avdelningschef@insatsportal.example";
    public const string Principal = "rektor@insatsportal.example";
    public const string Official = "tjansteperson@insatsportal.example";
    public const string Administrator = "administrator@insatsportal.example";
}

/// <summary>Form posting the way a browser does it: read the page, take its antiforgery token, post.</summary>
public static class Browser
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetPageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} gave {(int)response.StatusCode}");
        return await ParseAsync(response);
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    public static Task<HttpResponseMessage> PostFormAsync(
        this HttpClient client, string pageUrl, IDictionary<string, string> fields, string? formSelector = null, string? postUrl = null) =>
        client.PostFormAsync(pageUrl, fields.ToList(), formSelector, postUrl);

    /// <summary>Posts the fields as given, repeated names included (a tampered form).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(
        this HttpClient client, string pageUrl, IReadOnlyList<KeyValuePair<string, string>> fields, string? formSelector = null, string? postUrl = null)
    {
        var page = await client.GetPageAsync(pageUrl);
        var form = (IHtmlFormElement?)page.QuerySelector(formSelector ?? "main form[method=post]")
            ?? throw new InvalidOperationException($"No form on {pageUrl}");
        var values = new List<KeyValuePair<string, string>>();
        var token = (form.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement)?.Value;
        if (token is not null)
        {
            values.Add(new("__RequestVerificationToken", token));
        }
        values.AddRange(fields);
        var action = postUrl ?? (string.IsNullOrEmpty(form.GetAttribute("action")) ? pageUrl : form.GetAttribute("action")!);
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string? password = null)
    {
        var response = await client.PostFormAsync("/logga-in", new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password ?? AppFactory.DemoPassword,
        });
        return response;
    }

    public static async Task SignInAsAsync(this HttpClient client, string email)
    {
        var response = await client.SignInAsync(email);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in as {email} gave {(int)response.StatusCode}");
    }
}

public static class Tokens
{
    /// <summary>The antiforgery token of the first form on a page (the layout's sign-out form when signed in).</summary>
    public static async Task<string?> ReadTokenAsync(this HttpClient client, string url)
    {
        var page = await client.GetPageAsync(url);
        return (page.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement)?.Value;
    }
}

public static class Urls
{
    private static int _next;

    /// <summary>
    /// The URL with a parameter no page reads and no earlier request had, so the output cache cannot answer it and
    /// the page is rendered: for tests that count what rendering a page costs, after a warm-up of the same page.
    /// </summary>
    public static string Uncached(this string url) =>
        $"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}ny={Interlocked.Increment(ref _next)}";
}
