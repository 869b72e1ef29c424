using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Insatsportal.BrowserTests.Infrastructure;

/// <summary>
/// A user journey: the pages it opens and a screenshot of each key page. The screenshots are kept in memory and
/// written only when the journey fails, to <c>bin/&lt;configuration&gt;/net10.0/artifacts/&lt;journey&gt;/</c>
/// with one of every open page at the moment of failure, so a red run shows what the user would have seen.
/// </summary>
public sealed class Journey(BrowserFixture fixture, ITestOutputHelper output, string name)
{
    private readonly List<(string Step, byte[] Png)> _shots = [];
    private readonly List<IPage> _pages = [];

    public static string ArtifactsRoot => Path.Combine(AppContext.BaseDirectory, "artifacts");

    /// <summary>A new browser profile signed in as the user (or anonymous when <paramref name="email"/> is null).</summary>
    public async Task<IPage> OpenAsync(string? email)
    {
        var page = await fixture.NewPageAsync();
        _pages.Add(page);
        if (email is not null)
        {
            await BrowserFixture.SignInAsync(page, email);
        }
        return page;
    }

    public async Task ShotAsync(IPage page, string step) =>
        _shots.Add((step, await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true })));

    public async Task RunAsync(Func<Journey, Task> body)
    {
        try
        {
            await body(this);
        }
        catch
        {
            await KeepArtifactsAsync();
            throw;
        }
        finally
        {
            foreach (var page in _pages)
            {
                await page.Context.CloseAsync();
            }
        }
    }

    private async Task KeepArtifactsAsync()
    {
        var folder = Path.Combine(ArtifactsRoot, name);
        // Only this failure's screenshots: an earlier run's would mislead.
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        Directory.CreateDirectory(folder);
        for (var i = 0; i < _pages.Count; i++)
        {
            try
            {
                _shots.Add(($"vid-felet-sida-{i + 1}", await _pages[i].ScreenshotAsync(new PageScreenshotOptions { FullPage = true })));
            }
            catch (PlaywrightException)
            {
                // A crashed page has nothing to show; the earlier screenshots are still kept.
            }
        }
        for (var i = 0; i < _shots.Count; i++)
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, $"{i + 1:00}-{_shots[i].Step}.png"), _shots[i].Png);
        }
        output.WriteLine($"Screenshots of the journey are in {folder}");
    }
}
