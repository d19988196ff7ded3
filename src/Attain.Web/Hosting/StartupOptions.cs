namespace Attain.Web.Hosting;

/// <summary>Configuration section <c>Attain</c>: what the host does when it starts.</summary>
public sealed class StartupOptions
{
    /// <summary>Apply pending migrations at start (creates the SQLite file on first start).</summary>
    public bool Migrate { get; set; } = true;

    /// <summary>Load the demo company into an empty store and create the demo logins.</summary>
    public bool Demo { get; set; }

    /// <summary>When the store has no users, create <c>admin</c> with a random password printed once.</summary>
    public bool CreateFirstAdmin { get; set; } = true;
}
