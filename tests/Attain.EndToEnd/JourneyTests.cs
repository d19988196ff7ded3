using Microsoft.Playwright;

namespace Attain.EndToEnd;

/// <summary>
/// A browser journey's fixture: the app on the demo company (<see cref="AttainServer"/>) and headless Chromium, started
/// before each test and stopped after it.
/// </summary>
public abstract class JourneyTests : IAsyncLifetime
{
    private IPlaywright playwright = null!;

    /// <summary>The running app.</summary>
    protected AttainServer Server { get; private set; } = null!;

    /// <summary>The browser the journey drives.</summary>
    protected IBrowser Chromium { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        Server = await AttainServer.StartAsync(TestContext.Current.CancellationToken);
        (playwright, Chromium) = await Browser.LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        playwright.Dispose();
        await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
