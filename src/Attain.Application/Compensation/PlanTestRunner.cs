using System.Globalization;
using Attain.Application.Imports.Csv;
using static Attain.Application.Compensation.CalculationFiles;

namespace Attain.Application.Compensation;

/// <summary>The outcome of one plan test case: problems (invalid input) or mismatches make it fail.</summary>
/// <param name="Plan">The plan file's name without <c>.json</c>.</param>
/// <param name="Case">The case folder's name.</param>
/// <param name="Problems">Input problems: the case was not compared.</param>
/// <param name="Issues">Engine issues of the case's calculations (records left out); they fail the case too.</param>
/// <param name="Diff">Mismatched rows in expected.csv's format: <c>- </c> expected, <c>+ </c> calculated.</param>
public sealed record PlanTestCase(string Plan, string Case, IReadOnlyList<CalculationProblem> Problems, IReadOnlyList<CalculationProblem> Issues, IReadOnlyList<string> Diff)
{
    public bool Passed => Problems.Count == 0 && Issues.Count == 0 && Diff.Count == 0;
}

/// <summary>Every case of a plan directory; <see cref="Problems"/> are those of the plan files themselves.</summary>
public sealed record PlanTestReport(IReadOnlyList<CalculationProblem> Problems, IReadOnlyList<PlanTestCase> Cases)
{
    public bool Passed => Problems.Count == 0 && Cases.All(c => c.Passed);
}

/// <summary>
/// Runs plan tests (docs/cli.md, <c>attain plan test</c>): beside each <c>PLAN.json</c>, a folder
/// <c>PLAN.tests/CASE/</c> holds a data directory <c>data/</c> and <c>expected.csv</c> with columns
/// <c>participant, component, period, earned, attainment</c>. For each period of expected.csv the case's data is
/// calculated for that period with every plan of the directory, and the measures of PLAN in that period are compared
/// with the rows: earned exactly, attainment rounded half away from zero to the decimals written (empty: no quota).
/// A calculated measure without a row is a mismatch too.
/// </summary>
public static class PlanTestRunner
{
    public static async Task<PlanTestReport> RunAsync(string plansDirectory, CancellationToken cancellationToken = default)
    {
        var plans = await FileCalculation.ReadPlansAsync(plansDirectory, cancellationToken);
        if (plans.Problems.Count > 0)
        {
            return new PlanTestReport(plans.Problems, []);
        }

        var cases = new List<PlanTestCase>();
        foreach (var path in Directory.EnumerateFiles(plansDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var plan = plans.ByFile[Path.GetFileName(path)];
            var tests = Path.Combine(plansDirectory, name + ".tests");
            if (!Directory.Exists(tests))
            {
                continue;
            }

            foreach (var folder in Directory.EnumerateDirectories(tests).Order(StringComparer.Ordinal))
            {
                cases.Add(await RunCaseAsync(name, plan.Id, plans, folder, cancellationToken));
            }
        }

        return new PlanTestReport([], cases);
    }

    private static async Task<PlanTestCase> RunCaseAsync(string planName, string planId, PlanSet plans, string folder, CancellationToken cancellationToken)
    {
        var caseName = Path.GetFileName(folder);
        var data = await CalculationFileReader.ReadAsync(Path.Combine(folder, "data"), cancellationToken);
        var reader = new CalculationFileReader.DirectoryReader(folder, cancellationToken);
        var expectedFile = await reader.ReadAsync(Expected, ParseExpected, e => $"{e.Participant}/{e.Component}/{e.Period}");
        var problems = data.Problems.ToList();
        if (!expectedFile.Exists)
        {
            problems.Add(new CalculationProblem(FileName(Expected), string.Empty, "missing_file", $"The case {caseName} has no expected.csv."));
        }

        problems.AddRange(reader.Errors.Select(CalculationProblem.From));
        if (problems.Count > 0)
        {
            return new PlanTestCase(planName, caseName, problems, [], []);
        }

        var issues = new List<CalculationProblem>();
        var diff = new List<string>();
        var expected = expectedFile.Rows.Select(r => r.Value).ToList();
        foreach (var period in expected.Select(e => e.Period).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var run = FileCalculation.Run(plans.Plans, data.Data!, period);
            if (run.Result is not { } result)
            {
                problems.AddRange(run.Problems);
                continue;
            }

            issues.AddRange(result.Issues.Select(CalculationProblem.From));
            var actual = result.Measures
                .Where(m => m.PlanId == planId && m.PeriodKey == period)
                .GroupBy(m => (m.ParticipantId, m.ComponentId))
                .ToDictionary(g => g.Key, g => (Earned: g.Sum(m => m.Earned.Amount), Attainment: g.Last().AttainmentPercent));
            var wanted = expected.Where(e => e.Period == period).ToDictionary(e => (e.Participant, e.Component));
            foreach (var key in actual.Keys.Union(wanted.Keys).OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal))
            {
                var want = wanted.GetValueOrDefault(key);
                var got = actual.TryGetValue(key, out var value) ? value : ((decimal Earned, decimal? Attainment)?)null;
                var places = want?.AttainmentPlaces ?? 2;
                decimal? rounded = got?.Attainment is { } a ? Math.Round(a, places, MidpointRounding.AwayFromZero) : null;
                if (want is not null && got is not null && want.Earned == got.Value.Earned && want.Attainment == rounded)
                {
                    continue;
                }

                if (want is not null)
                {
                    diff.Add("- " + Row(key.Item1, key.Item2, period, want.Earned, want.Attainment, places));
                }

                if (got is not null)
                {
                    diff.Add("+ " + Row(key.Item1, key.Item2, period, got.Value.Earned, rounded, places));
                }
            }
        }

        return new PlanTestCase(planName, caseName, problems, issues, diff);
    }

    private static string Row(string participant, string component, string period, decimal earned, decimal? attainment, int places) =>
        string.Join(',', participant, component, period, CsvValues.Format(earned),
            attainment is { } a ? a.ToString("F" + places.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : string.Empty);

    private sealed record ExpectedRow(string Participant, string Component, string Period, decimal Earned, decimal? Attainment, int AttainmentPlaces);

    private static ExpectedRow? ParseExpected(RowReader row)
    {
        var participant = row.Required(Participant, 100);
        var component = row.Required(Component, 100);
        var period = row.Required(Period, 20);
        var earned = row.Decimal(Earned, required: true);
        var attainment = row.Decimal(Attainment, maxDecimals: 10);
        if (period is not null && !FileCalculation.IsPeriodKey(period))
        {
            row.Error(Period, Imports.ImportErrorCodes.InvalidValue, $"'{period}' is not a fiscal period key such as FY2026-Q1.");
        }

        return participant is null || component is null || period is null || earned is null || row.HasErrors
            ? null
            : new ExpectedRow(participant, component, period, earned.Value, attainment, attainment is { } a ? CsvValues.DecimalPlaces(a) : 2);
    }
}
