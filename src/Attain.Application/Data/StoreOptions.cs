namespace Attain.Application.Data;

public enum StoreProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Which store the app uses, from configuration section <c>Store</c>.</summary>
public sealed class StoreOptions
{
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;
    /// <summary>ADO.NET connection string. Default for SQLite: <c>Data Source=data/attain.db</c>.</summary>
    public string? ConnectionString { get; set; }

    public string EffectiveConnectionString =>
        ConnectionString ?? (Provider == StoreProvider.Sqlite
            ? "Data Source=data/attain.db"
            : throw new InvalidOperationException("Store:ConnectionString is required for the PostgreSQL store."));
}
