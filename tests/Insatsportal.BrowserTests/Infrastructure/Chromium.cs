using Microsoft.Playwright;

namespace Insatsportal.BrowserTests.Infrastructure;

/// <summary>Starts headless Chromium: Debian's <c>chromium</c> where installed, otherwise a browser installed with
/// Playwright's own CLI. A missing browser fails the run with how to install one; browser tests are never skipped.</summary>
public static class Chromium
{
    private static readonly string[] DebianPaths = ["/usr/bin/chromium", "/usr/lib/chromium/chromium"];

    // Root in a container has no user namespace for the sandbox; the rest keeps Chromium from calling home or
    // spending the shared CPU on GPU emulation, component updates and sync.
    private static readonly string[] Arguments =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

    public const string HowToInstall =
        "Chromium was not found. The browser tests need it: on Debian/Ubuntu run `apt-get install chromium` " +
        "(as root, after `apt-get update`); elsewhere install Playwright's browser with " +
        "`pwsh tests/Insatsportal.BrowserTests/bin/Debug/net10.0/playwright.ps1 install chromium`.";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        LaunchAsync(playwright, DebianPaths.FirstOrDefault(File.Exists));

    /// <summary>Launches the browser at <paramref name="executablePath"/>, or Playwright's own when it is null.</summary>
    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright, string? executablePath)
    {
        try
        {
            return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executablePath,
                Headless = true,
                Args = Arguments,
            });
        }
        catch (PlaywrightException e)
        {
            throw new InvalidOperationException($"{HowToInstall} (Playwright said: {e.Message.Split('\n')[0]})", e);
        }
    }
}
