using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Attain.Testing.Postgres;

/// <summary>
/// A throwaway PostgreSQL 15 server for a test run: its own temp directory, a free port on 127.0.0.1,
/// trust authentication for user <c>postgres</c> and durability switched off for speed.
/// Stopping it deletes everything it wrote. Most tests want <see cref="SharedAsync"/>.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";

    public const string SkipReason =
        "ATTAIN_SKIP_POSTGRES=1: PostgreSQL tests are skipped on this machine (CI never skips them)";

    private const int MaxStartAttempts = 3;
    private const string DirectoryPrefix = "attain-pg-";
    private const string OwnerFileName = "owner.pid";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);

    // Task.Run keeps the start off the first caller's synchronization context (xunit installs one).
    private static readonly Lazy<Task<PostgresServer>> Shared =
        new(() => Task.Run(StartSharedAsync), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string binDirectory;
    private readonly bool runAsPostgres;
    private readonly bool isShared;
    private int stopped;

    private PostgresServer(string binDirectory, bool runAsPostgres, string rootDirectory, int port, bool isShared)
    {
        this.binDirectory = binDirectory;
        this.runAsPostgres = runAsPostgres;
        this.isShared = isShared;
        RootDirectory = rootDirectory;
        Port = port;
    }

    /// <summary>The temp directory holding the data directory, the log and the Unix socket.</summary>
    public string RootDirectory { get; }

    public string DataDirectory => Path.Combine(RootDirectory, "data");

    public string LogFile => Path.Combine(RootDirectory, "log");

    public int Port { get; }

    /// <summary>The directory holding initdb and pg_ctl: env ATTAIN_PG_BIN, else <see cref="DefaultBinDirectory"/>.</summary>
    public static string BinDirectory =>
        Environment.GetEnvironmentVariable("ATTAIN_PG_BIN") is { Length: > 0 } bin ? bin : DefaultBinDirectory;

    /// <summary>True when ATTAIN_SKIP_POSTGRES=1 and CI is not "true": CI never skips PostgreSQL tests.</summary>
    public static bool SkipRequested =>
        Environment.GetEnvironmentVariable("ATTAIN_SKIP_POSTGRES") == "1"
        && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The one server of this test process, started on first use and stopped at process exit.
    /// Do not stop or dispose it: other test classes share it. A failed start is not retried per caller.
    /// </summary>
    public static Task<PostgresServer> SharedAsync() => Shared.Value;

    /// <summary>Starts a server the caller owns and must stop (or dispose).</summary>
    public static Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(isShared: false, cancellationToken);

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            Pooling = true,
        }.ConnectionString;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await ExecuteAdminAsync($"CREATE DATABASE {QuoteIdentifier(name)}", cancellationToken);
        return ConnectionString(name);
    }

    /// <summary>
    /// Creates a database as a copy of <paramref name="template"/> (<c>CREATE DATABASE … TEMPLATE</c>) and returns its
    /// connection string. Nobody may be connected to the template: its pooled connections are cleared first.
    /// </summary>
    public async Task<string> CreateDatabaseFromTemplateAsync(string name, string template, CancellationToken cancellationToken = default)
    {
        await using (var pooled = new NpgsqlConnection(ConnectionString(template)))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await ExecuteAdminAsync($"CREATE DATABASE {QuoteIdentifier(name)} TEMPLATE {QuoteIdentifier(template)}", cancellationToken);
        return ConnectionString(name);
    }

    /// <summary>Drops the database if it exists, closing any connections to it.</summary>
    public async Task DropDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        var quoted = QuoteIdentifier(name);
        await using (var pooled = new NpgsqlConnection(ConnectionString(name)))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)", cancellationToken);
    }

    /// <summary>Stops the server immediately (no checkpoint) and deletes its directory. Idempotent.</summary>
    public async Task StopAsync()
    {
        if (isShared)
        {
            throw new InvalidOperationException(
                "The shared PostgreSQL server is stopped at process exit; other test classes are still using it.");
        }

        await StopCoreAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static async Task<PostgresServer> StartSharedAsync()
    {
        var server = await StartAsync(isShared: true, CancellationToken.None);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                server.StopCoreAsync().GetAwaiter().GetResult();
            }
            catch (Exception exception)
            {
                Console.Error.WriteLine($"Stopping the shared PostgreSQL server failed: {exception.Message}");
            }
        };
        return server;
    }

    private static async Task<PostgresServer> StartAsync(bool isShared, CancellationToken cancellationToken)
    {
        var bin = BinDirectory;
        if (!File.Exists(Path.Combine(bin, "initdb")) || !File.Exists(Path.Combine(bin, "pg_ctl")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 binaries not found at {bin}: install postgresql-15 or set ATTAIN_PG_BIN; "
                + "set ATTAIN_SKIP_POSTGRES=1 to skip PostgreSQL tests locally (CI never does)");
        }

        var runAsPostgres = await IsRootAsync(cancellationToken);
        await RemoveOrphansAsync(bin, runAsPostgres);

        var root = Path.Combine(Path.GetTempPath(), DirectoryPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        try
        {
            await File.WriteAllTextAsync(
                Path.Combine(root, OwnerFileName),
                Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                cancellationToken);
            if (runAsPostgres)
            {
                var chown = await RunAsync("chown", ["postgres:postgres", root], root, cancellationToken);
                chown.ThrowIfFailed($"chown postgres:postgres {root}");
            }

            var server = new PostgresServer(bin, runAsPostgres, root, port: 0, isShared);
            var initdb = await server.RunToolAsync(
                "initdb",
                ["-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
                cancellationToken);
            initdb.ThrowIfFailed("initdb");

            return await server.StartOnFreePortAsync(cancellationToken);
        }
        catch
        {
            DeleteDirectory(root);
            throw;
        }
    }

    private async Task<PostgresServer> StartOnFreePortAsync(CancellationToken cancellationToken)
    {
        var failures = new StringBuilder();
        for (var attempt = 1; attempt <= MaxStartAttempts; attempt++)
        {
            var port = FreePort();
            var options = string.Join(
                ' ',
                $"-p {port.ToString(CultureInfo.InvariantCulture)}",
                $"-k '{RootDirectory}'",
                "-c listen_addresses=127.0.0.1",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=200");
            var start = await RunToolAsync(
                "pg_ctl",
                ["-D", DataDirectory, "-l", LogFile, "-w", "-o", options, "start"],
                cancellationToken);
            if (start.ExitCode == 0)
            {
                return new PostgresServer(binDirectory, runAsPostgres, RootDirectory, port, isShared);
            }

            failures.AppendLine(CultureInfo.InvariantCulture, $"attempt {attempt} on port {port}: {start}");

            // A server that came up after pg_ctl gave up would hold the data directory.
            await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "stop"], CancellationToken.None);
        }

        throw new InvalidOperationException(
            $"pg_ctl start failed {MaxStartAttempts} times:\n{failures}\nserver log ({LogFile}):\n{ReadLog()}");
    }

    private async Task StopCoreAsync()
    {
        if (Interlocked.Exchange(ref stopped, 1) != 0)
        {
            return;
        }

        try
        {
            var stop = await RunToolAsync(
                "pg_ctl",
                ["-D", DataDirectory, "-m", "immediate", "-w", "stop"],
                CancellationToken.None);
            if (stop.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"pg_ctl stop failed: {stop}\nserver log ({LogFile}):\n{ReadLog()}");
            }
        }
        finally
        {
            DeleteDirectory(RootDirectory);
        }
    }

    private async Task ExecuteAdminAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task<ToolResult> RunToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunToolAsync(binDirectory, runAsPostgres, RootDirectory, tool, arguments, cancellationToken);

    private static Task<ToolResult> RunToolAsync(
        string binDirectory,
        bool runAsPostgres,
        string workingDirectory,
        string tool,
        IReadOnlyList<string> arguments,
        CancellationToken cancellationToken)
    {
        var path = Path.Combine(binDirectory, tool);

        // initdb and postgres refuse to run as root.
        return runAsPostgres
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments], workingDirectory, cancellationToken)
            : RunAsync(path, arguments, workingDirectory, cancellationToken);
    }

    private static async Task<ToolResult> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,

            // The postgres user may not be able to enter the test's working directory.
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var commandLine = string.Join(' ', [fileName, .. arguments]);
        using var process = Process.Start(info)
            ?? throw new InvalidOperationException($"Could not start {commandLine}");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ToolTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{commandLine} did not finish within {ToolTimeout}");
        }

        return new ToolResult(commandLine, process.ExitCode, await stdout, await stderr);
    }

    private static async Task<bool> IsRootAsync(CancellationToken cancellationToken)
    {
        if (Environment.UserName == "root")
        {
            return true;
        }

        var id = await RunAsync("id", ["-u"], Path.GetTempPath(), cancellationToken);
        return id.ExitCode == 0 && id.StandardOutput.Trim() == "0";
    }

    /// <summary>
    /// Stops and deletes servers left behind by test processes that were killed before ProcessExit ran.
    /// Best effort: directories of live processes, of other users or without an owner file are left alone.
    /// </summary>
    private static async Task RemoveOrphansAsync(string binDirectory, bool runAsPostgres)
    {
        string[] candidates;
        try
        {
            candidates = Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*");
        }
        catch (IOException)
        {
            return;
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }

        foreach (var candidate in candidates)
        {
            try
            {
                var ownerFile = Path.Combine(candidate, OwnerFileName);
                if (!File.Exists(ownerFile)
                    || !int.TryParse(await File.ReadAllTextAsync(ownerFile), CultureInfo.InvariantCulture, out var owner)
                    || IsAlive(owner))
                {
                    continue;
                }

                var data = Path.Combine(candidate, "data");
                if (File.Exists(Path.Combine(data, "postmaster.pid")))
                {
                    await RunToolAsync(
                        binDirectory,
                        runAsPostgres,
                        candidate,
                        "pg_ctl",
                        ["-D", data, "-m", "immediate", "stop"],
                        CancellationToken.None);
                }

                DeleteDirectory(candidate);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or TimeoutException)
            {
                // Someone else's directory or one being deleted right now: not ours to clean.
            }
        }
    }

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string QuoteIdentifier(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Encoding.UTF8.GetByteCount(name) > 63)
        {
            // PostgreSQL would silently truncate it and the connection string would name another database.
            throw new ArgumentException($"Database name '{name}' is longer than 63 bytes.", nameof(name));
        }

        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private string ReadLog()
    {
        try
        {
            return File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no log file)";
        }
        catch (IOException exception)
        {
            return $"(could not read the log: {exception.Message})";
        }
    }

    private static void DeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp directory must not fail the run; the next start removes orphans.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed record ToolResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
    {
        public void ThrowIfFailed(string what)
        {
            if (ExitCode != 0)
            {
                throw new InvalidOperationException($"{what} failed: {this}");
            }
        }

        public override string ToString() =>
            $"`{CommandLine}` exited with {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
    }
}
