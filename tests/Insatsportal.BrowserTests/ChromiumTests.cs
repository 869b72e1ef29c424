using Insatsportal.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace Insatsportal.BrowserTests;

public sealed class ChromiumTests
{
    [Fact]
    public async Task A_missing_browser_fails_with_how_to_install_chromium_instead_of_skipping()
    {
        using var playwright = await Playwright.CreateAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Chromium.LaunchAsync(playwright, "/finns-inte/chromium"));

        Assert.Contains("apt-get install chromium", error.Message, StringComparison.Ordinal);
    }
}
