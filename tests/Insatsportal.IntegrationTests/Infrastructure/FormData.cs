using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Insatsportal.IntegrationTests.Infrastructure;

/// <summary>A form's fields as a browser would post them: checked boxes only, selects' selected values.</summary>
public sealed class FormData
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    public string Action { get; }

    private FormData(string action) => Action = action;

    public static FormData From(IHtmlFormElement form, string pageUrl)
    {
        var data = new FormData(string.IsNullOrEmpty(form.GetAttribute("action")) ? pageUrl : form.GetAttribute("action")!);
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }
            switch (element)
            {
                case IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    if (input.IsChecked)
                    {
                        data._fields.Add(new(name, input.Value));
                    }
                    break;
                case IHtmlInputElement input when input.Type is "submit" or "button":
                    break;
                case IHtmlInputElement input:
                    data._fields.Add(new(name, input.Value));
                    break;
                case IHtmlTextAreaElement area:
                    data._fields.Add(new(name, area.Value));
                    break;
                case IHtmlSelectElement select:
                    var selected = select.Options.FirstOrDefault(o => o.IsSelected) ?? (select.Options.Length > 0 ? select.Options[0] : null);
                    data._fields.Add(new(name, selected?.Value ?? ""));
                    break;
            }
        }
        return data;
    }

    public string? this[string name] => _fields.LastOrDefault(f => f.Key == name).Value;

    public IReadOnlyList<string> All(string name) => _fields.Where(f => f.Key == name).Select(f => f.Value).ToList();

    public FormData Set(string name, string value)
    {
        _fields.RemoveAll(f => f.Key == name);
        _fields.Add(new(name, value));
        return this;
    }

    public FormData Add(string name, string value)
    {
        _fields.Add(new(name, value));
        return this;
    }

    public FormData Remove(string name)
    {
        _fields.RemoveAll(f => f.Key == name);
        return this;
    }

    public FormUrlEncodedContent ToContent(string? command) =>
        new(command is null ? _fields : _fields.Append(new("command", command)));
}

public static class FormSubmission
{
    /// <summary>Opens the page, lets the test fill in the form, and submits it (optionally with a row button).</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(
        this HttpClient client, string pageUrl, Action<FormData> fill, string? command = null, string selector = "main form.edit-form")
    {
        var page = await client.GetPageAsync(pageUrl);
        return await client.SubmitAsync(page, pageUrl, fill, command, selector);
    }

    public static async Task<HttpResponseMessage> SubmitAsync(
        this HttpClient client, IDocument page, string pageUrl, Action<FormData> fill, string? command = null, string selector = "main form.edit-form")
    {
        var form = (IHtmlFormElement?)page.QuerySelector(selector) ?? throw new InvalidOperationException($"No form {selector} on {pageUrl}");
        var data = FormData.From(form, pageUrl);
        fill(data);
        return await client.PostAsync(data.Action, data.ToContent(command));
    }
}
