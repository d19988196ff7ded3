using Attain.Application.Data;

namespace Attain.Application.Compensation;

/// <summary>
/// Writes a run's results (<see cref="RunLine"/>, <see cref="RunMeasure"/>, <see cref="RunPayout"/>) without change
/// tracking through <see cref="BulkTable{T}"/>: binary COPY on PostgreSQL, prepared INSERTs on SQLite. The rows are
/// stored exactly as <c>SaveChanges</c> would store them (same converters), in the caller's transaction, numbered by
/// the database; the rows' own <c>Id</c> stays 0. Writes no change-log entry: the caller logs one for the run.
/// </summary>
internal static class RunResultWriter
{
    /// <summary>
    /// Sets <paramref name="runId"/> on every row and writes them in the context's current transaction, reading each
    /// sequence once as it writes (rows made on the fly are never all held at once).
    /// </summary>
    public static async Task WriteAsync(
        AttainDbContext db, long runId, IEnumerable<RunLine> lines, IEnumerable<RunMeasure> measures, IEnumerable<RunPayout> payouts,
        CancellationToken cancellationToken)
    {
        await BulkTable.For<RunLine>(db).WriteAsync(db, lines, (row, _) => row.RunId = runId, cancellationToken);
        await WriteMeasuresAndPayoutsAsync(db, runId, measures, payouts, cancellationToken);
    }

    /// <summary>The measures and payouts of <see cref="WriteAsync"/>, for a run whose lines were written by <see cref="WriteLinesAsync"/>.</summary>
    public static async Task WriteMeasuresAndPayoutsAsync(
        AttainDbContext db, long runId, IEnumerable<RunMeasure> measures, IEnumerable<RunPayout> payouts, CancellationToken cancellationToken)
    {
        await BulkTable.For<RunMeasure>(db).WriteAsync(db, measures, (row, _) => row.RunId = runId, cancellationToken);
        await BulkTable.For<RunPayout>(db).WriteAsync(db, payouts, (row, _) => row.RunId = runId, cancellationToken);
    }

    /// <summary>Sets <paramref name="runId"/> on every line and writes them as they come, in the context's current transaction.</summary>
    public static async Task WriteLinesAsync(AttainDbContext db, long runId, IAsyncEnumerable<RunLine> lines, CancellationToken cancellationToken) =>
        await BulkTable.For<RunLine>(db).WriteAsync(db, lines, (row, _) => row.RunId = runId, cancellationToken);
}
