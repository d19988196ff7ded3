using System.Diagnostics;
using Attain.Application.Demo;
using Microsoft.Playwright;

namespace Attain.EndToEnd;

/// <summary>Debian's Chromium driven by Playwright: no browser download, the flags this machine needs.</summary>
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium package (test.sh does).");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
        return (playwright, browser);
    }

    /// <summary>
    /// Signs in on the login page as a demo user and waits until the browser has left it. Only the page's address is
    /// watched (not the next page's load), with room for a slow machine; callers wait for what they need on the page.
    /// </summary>
    /// <remarks>
    /// The address is polled rather than awaited with <c>WaitForURLAsync</c>: when the navigation had already happened by
    /// the time that was called, it went on to wait for a load state and once timed out after 120 s with the signed-in
    /// page on screen.
    /// </remarks>
    public static async Task SignInAsync(IPage page, string userName)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("login");
        await page.FillAsync("input[name=userName]", userName);
        await page.FillAsync("input[name=password]", DemoCompany.Password);
        await page.ClickAsync("button[type=submit]");
        var waited = Stopwatch.StartNew();
        while (page.Url.Contains("/login", StringComparison.Ordinal))
        {
            if (waited.Elapsed > SignInPatience)
            {
                throw new TimeoutException($"Signing in as '{userName}' did not leave the login page within {SignInPatience.TotalSeconds} s (at {page.Url}).");
            }

            await Task.Delay(100);
        }
    }

    private static readonly TimeSpan SignInPatience = TimeSpan.FromSeconds(120);

    /// <summary>Where a test keeps a screenshot: <c>screenshots/</c> beside the test binaries.</summary>
    public static string ScreenshotPath(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
