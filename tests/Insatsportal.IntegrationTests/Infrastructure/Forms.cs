using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Insatsportal.IntegrationTests.Infrastructure;

/// <summary>Reading a form's current values the way a browser would submit them, and asserting outcomes.</summary>
public static class Forms
{
    /// <summary>Selects the antiforgery token from the layout's sign-out form, for posts to pages a user may not open.</summary>
    public const string AnyForm = "header form";

    public static async Task<Dictionary<string, string>> ReadFormAsync(
        this HttpClient client, string url, string selector = "main form[method=post]")
    {
        var page = await client.GetPageAsync(url);
        return Values(page.QuerySelector(selector) ?? throw new InvalidOperationException($"No form {selector} on {url}"));
    }

    public static Dictionary<string, string> Values(IElement form)
    {
        var values = new Dictionary<string, string>();
        foreach (var element in form.QuerySelectorAll("input, select, textarea"))
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || name == "__RequestVerificationToken")
            {
                continue;
            }
            switch (element)
            {
                case IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    if (input.IsChecked) { values[name] = input.Value; }
                    break;
                case IHtmlInputElement input when input.Type is "submit":
                    break;
                case IHtmlInputElement input:
                    values[name] = input.Value;
                    break;
                case IHtmlSelectElement select:
                    values[name] = select.Value ?? "";
                    break;
                case IHtmlTextAreaElement area:
                    values[name] = area.Value;
                    break;
            }
        }
        return values;
    }

    public static void AssertAccessDenied(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/atkomst-nekad", response.Headers.Location!.OriginalString.Replace("https://localhost", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    public static void AssertRedirect(HttpResponseMessage response, string startOfLocation)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Expected a redirect, got {(int)response.StatusCode}");
        Assert.StartsWith(startOfLocation, response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    /// <summary>The message next to a field, by the field's error element id ("Name-fel").</summary>
    public static string FieldError(IParentNode page, string field) =>
        page.QuerySelector($"#{field.Replace(".", "_", StringComparison.Ordinal).Replace("[", "_", StringComparison.Ordinal).Replace("]", "_", StringComparison.Ordinal)}-fel")?.TextContent.Trim() ?? "";

    public static string Summary(IParentNode page) => page.QuerySelector(".error-summary")?.TextContent ?? "";

    public static Dictionary<string, string> With(this Dictionary<string, string> values, params (string Key, string Value)[] changes)
    {
        var copy = new Dictionary<string, string>(values);
        foreach (var (key, value) in changes)
        {
            copy[key] = value;
        }
        return copy;
    }
}
