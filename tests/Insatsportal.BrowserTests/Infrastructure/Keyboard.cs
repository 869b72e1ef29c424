using Microsoft.Playwright;

namespace Insatsportal.BrowserTests.Infrastructure;

/// <summary>The focused element as a keyboard user meets it.</summary>
public sealed record Focused(string Tag, string? Name, string? Type, string? Href, string Text, string? Value, bool FocusVisible, string Description);

/// <summary>Moving through a page with the keyboard alone. Every stop is checked for a visible focus indicator.</summary>
public static class Keyboard
{
    // A visible focus indicator: an outline or a box shadow, under :focus-visible (what keyboard focus gets).
    private const string FocusScript = """
        () => {
            const e = document.activeElement;
            if (!e || e === document.body) return { tag: 'body', name: null, type: null, href: null, text: '', value: null, focusVisible: false, description: 'body' };
            const s = getComputedStyle(e);
            const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
            const shadow = s.boxShadow && s.boxShadow !== 'none';
            return {
                tag: e.tagName.toLowerCase(), name: e.getAttribute('name'), type: e.getAttribute('type'), href: e.getAttribute('href'),
                text: (e.innerText || e.getAttribute('aria-label') || '').trim(), value: 'value' in e ? e.value : null,
                focusVisible: e.matches(':focus-visible') && (outline || shadow),
                description: e.outerHTML.slice(0, 160),
            };
        }
        """;

    public static async Task<Focused> FocusedAsync(IPage page)
    {
        var f = await page.EvaluateAsync<FocusedJson>(FocusScript);
        return new Focused(f.Tag, f.Name, f.Type, f.Href, f.Text, f.Value, f.FocusVisible, f.Description);
    }

    /// <summary>Presses Tab (or Shift+Tab) until the focused element matches; every element passed on the way
    /// must show where focus is.</summary>
    public static async Task<Focused> TabToAsync(IPage page, Func<Focused, bool> target, string what, bool backwards = false, int maxStops = 120)
    {
        for (var i = 0; i < maxStops; i++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            var focused = await FocusedAsync(page);
            Assert.True(focused.FocusVisible, $"Keyboard focus is not visible on {focused.Description}");
            if (target(focused))
            {
                return focused;
            }
        }
        throw new InvalidOperationException($"Tab never reached {what} within {maxStops} stops.");
    }

    /// <summary>Chooses an option of the focused (closed) select with the arrow keys, as a keyboard user does.</summary>
    public static async Task ChooseAsync(IPage page, string value)
    {
        for (var i = 0; i < 12 && (await FocusedAsync(page)).Value != value; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }
        for (var i = 0; i < 12 && (await FocusedAsync(page)).Value != value; i++)
        {
            await page.Keyboard.PressAsync("ArrowUp");
        }
        Assert.Equal(value, (await FocusedAsync(page)).Value);
    }

    /// <summary>Replaces the text of the focused field by typing.</summary>
    public static async Task TypeAsync(IPage page, string text)
    {
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.PressAsync("Delete");
        await page.Keyboard.TypeAsync(text);
    }

    // Playwright fills a result object through a parameterless constructor and setters.
    private sealed class FocusedJson
    {
        public string Tag { get; set; } = "";
        public string? Name { get; set; }
        public string? Type { get; set; }
        public string? Href { get; set; }
        public string Text { get; set; } = "";
        public string? Value { get; set; }
        public bool FocusVisible { get; set; }
        public string Description { get; set; } = "";
    }
}
