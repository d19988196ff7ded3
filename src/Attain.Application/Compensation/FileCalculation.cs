using Attain.Engine.Calculation;
using Attain.Engine.Periods;
using Attain.Engine.Plans;

namespace Attain.Application.Compensation;

/// <summary>The plans of a directory, or the problems found in its files (then <see cref="Plans"/> is empty).</summary>
/// <param name="Plans">The plans, in file name order.</param>
/// <param name="ByFile">Each plan by its file name (<c>ae-quarterly.json</c>).</param>
/// <param name="Problems">Problems of the plan files, naming file, line and column.</param>
public sealed record PlanSet(IReadOnlyList<Plan> Plans, IReadOnlyDictionary<string, Plan> ByFile, IReadOnlyList<CalculationProblem> Problems);

/// <summary>
/// A calculation: the engine's result, or the problems that stopped it before the engine ran (then
/// <see cref="Result"/> is null). The result's own issues (records the engine left out) are in <see cref="CalculationResult.Issues"/>.
/// </summary>
public sealed record FileCalculationResult(CalculationInput? Input, CalculationResult? Result, IReadOnlyList<CalculationProblem> Problems);

/// <summary>
/// Calculates a period from files: plans from a directory of <c>*.json</c> files (docs/plans.md) and data from a
/// directory of CSV files (docs/import.md, "Calculation files"). <c>attain calc</c> and <c>attain plan test</c> use it;
/// the calculation itself is the engine's <see cref="Calculator"/>, the same code the app runs.
/// </summary>
public static class FileCalculation
{
    /// <summary>The free booking attributes a calculation data directory provides to plan filters (<c>attributes.NAME</c>).</summary>
    public static IReadOnlySet<string> BookingAttributes { get; } = new HashSet<string>(StringComparer.Ordinal) { "kind", "account", "opportunity" };

    /// <summary>Reads every <c>*.json</c> file directly in <paramref name="directory"/> (sorted by name) as a plan.</summary>
    public static async Task<PlanSet> ReadPlansAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            return new PlanSet([], new Dictionary<string, Plan>(), [new CalculationProblem(directory, string.Empty, "missing_directory", "The plan directory does not exist.")]);
        }

        var plans = new List<Plan>();
        var byFile = new Dictionary<string, Plan>(StringComparer.Ordinal);
        var problems = new List<CalculationProblem>();
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var read = PlanReader.Read(await File.ReadAllTextAsync(path, cancellationToken), BookingAttributes);
            problems.AddRange(read.Issues.Select(i => CalculationProblem.From(name, i)));
            if (read.Plan is not { } plan)
            {
                continue;
            }

            if (!files.TryAdd(plan.Id, name))
            {
                problems.Add(new CalculationProblem(name, "line 1, column 1 ($.id)", "plan.duplicate-id", $"Plan id '{plan.Id}' is also the id of {files[plan.Id]}."));
                continue;
            }

            plans.Add(plan);
            byFile.Add(name, plan);
        }

        if (plans.Count == 0 && problems.Count == 0)
        {
            problems.Add(new CalculationProblem(directory, string.Empty, "missing_file", "The plan directory has no *.json plan files."));
        }

        return problems.Count > 0 ? new PlanSet([], new Dictionary<string, Plan>(), problems) : new PlanSet(plans, byFile, []);
    }

    /// <summary>Reads the plans and the data and calculates <paramref name="periodKey"/>; nothing runs on invalid input.</summary>
    public static async Task<FileCalculationResult> RunAsync(string plansDirectory, string dataDirectory, string periodKey, CancellationToken cancellationToken = default)
    {
        var plans = await ReadPlansAsync(plansDirectory, cancellationToken);
        var data = await CalculationFileReader.ReadAsync(dataDirectory, cancellationToken);
        var problems = plans.Problems.Concat(data.Problems).ToList();
        if (problems.Count > 0)
        {
            return new FileCalculationResult(null, null, problems);
        }

        return Run(plans.Plans, data.Data!, periodKey);
    }

    /// <summary>Calculates <paramref name="periodKey"/> of read data with read plans.</summary>
    public static FileCalculationResult Run(IReadOnlyList<Plan> plans, CalculationData data, string periodKey)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.Calendar.TryParse(periodKey, out var period))
        {
            return new FileCalculationResult(null, null, [new CalculationProblem("--period", string.Empty, "invalid_value", $"'{periodKey}' is not a fiscal period key such as FY2026, FY2026-Q1 or FY2026-M03.")]);
        }

        var problems = new List<CalculationProblem>();
        var input = data.ToInput(period, plans, problems);
        return problems.Count > 0
            ? new FileCalculationResult(null, null, problems)
            : new FileCalculationResult(input, Calculator.Calculate(input), []);
    }

    /// <summary>Whether <paramref name="periodKey"/> is written like a fiscal period key, whatever the calendar.</summary>
    public static bool IsPeriodKey(string? periodKey) => new FiscalCalendar(1).TryParse(periodKey, out _);
}
