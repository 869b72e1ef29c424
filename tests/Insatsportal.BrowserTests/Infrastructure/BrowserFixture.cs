using Microsoft.Playwright;

namespace Insatsportal.BrowserTests.Infrastructure;

public static class DemoUsers
{
    public const string DirectorOfEducation = "forvaltningschef@insatsportal.example";
    public const string DepartmentHead = "avdelningschef@insatsportal.example";
    public const string Principal = "rektor@insatsportal.example";
    public const string Official = "tjansteperson@insatsportal.example";
    public const string Administrator = "administrator@insatsportal.example";
}

/// <summary>One app and one Chromium shared by the tests of a collection: starting either is the slow part.</summary>
public class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public AppServer App { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The app to start; a fixture with other settings overrides it.</summary>
    protected virtual Task<AppServer> CreateAppAsync() => Task.FromResult(new AppServer());

    public virtual async Task InitializeAsync()
    {
        App = await CreateAppAsync();
        App.Start();
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }

    /// <summary>A new browser profile (its own cookies) with the app as base address.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString(),
            Locale = "sv-SE",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the real sign-in form, as a user does.</summary>
    public static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/logga-in");
        await page.GetByLabel("E-postadress").FillAsync(email);
        await page.GetByLabel("Lösenord").FillAsync(AppServer.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/logga-in", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" })).ToBeVisibleAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class JourneyCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Resor i webbläsaren";
}
