using Attain.Application.Bookings;
using Attain.Application.Imports;
using Attain.Application.Imports.Csv;
using Attain.Engine.Crediting;
using Attain.Engine.Monetary;
using Attain.Engine.Periods;
using static Attain.Application.Compensation.CalculationFiles;
using static Attain.Application.Imports.ImportErrorCodes;
using Booking = Attain.Engine.Crediting.Booking;
using Columns = Attain.Application.Imports.ImportColumns;

namespace Attain.Application.Compensation;

/// <summary>The data of a directory, or the problems that keep it from being calculated (then <see cref="Data"/> is null).</summary>
public sealed record CalculationDataResult(CalculationData? Data, IReadOnlyList<CalculationProblem> Problems);

/// <summary>
/// Reads a data directory of CSV files (docs/import.md, "Calculation files") into <see cref="CalculationData"/>, with
/// the import layer's parsing and error reporting (<see cref="RowReader"/>: file, row with the header as row 1, column,
/// code). Unlike an import, nothing is stored and any problem rejects the whole directory: a calculation never runs on
/// part of its input.
/// </summary>
public static class CalculationFileReader
{
    private static readonly IReadOnlySet<string> CurrencyCodes = Currency.All.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);

    public static async Task<CalculationDataResult> ReadAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var problems = new List<CalculationProblem>();
        if (!Directory.Exists(directory))
        {
            return new CalculationDataResult(null, [new CalculationProblem(directory, string.Empty, "missing_directory", "The data directory does not exist.")]);
        }

        foreach (var required in Required.Order(StringComparer.Ordinal).Where(f => !File.Exists(Path.Combine(directory, FileName(f)))))
        {
            problems.Add(new CalculationProblem(FileName(required), string.Empty, "missing_file", $"The data directory has no {FileName(required)}."));
        }

        var reader = new DirectoryReader(directory, cancellationToken);
        var settings = await reader.ReadAsync(Settings, ParseSettings, keyOf: null);
        var setting = settings.Rows.Count > 0 ? settings.Rows[0].Value : null;
        var calendar = new FiscalCalendar(setting?.FirstMonth ?? 1);
        var policy = setting?.Policy ?? CreditingPolicy.Default;
        if (settings.Rows.Count > 1)
        {
            settings.Context.Error(settings.Rows[1].Row, null, InvalidValue, "settings.csv holds one data row; remove the others.");
        }

        var people = await reader.ReadAsync(People, ParsePerson, p => p.Id);
        var families = await reader.ReadAsync(ProductFamilies, r => r.Required(Columns.ExternalId, 100), f => f);
        var products = await reader.ReadAsync(CalculationFiles.Products, r => r.Required(Columns.ExternalId, 100) is { } id ? new Product(id, r.Text(Columns.FamilyExternalId, 100)) : null, p => p.Id);
        var fx = await reader.ReadAsync(FxRates, ParseRate, r => $"{r.From.Code}/{r.To.Code}/{CsvValues.Format(r.Date)}");
        var bookings = await reader.ReadAsync(CalculationFiles.Bookings, ParseBooking, b => b.Id);
        var splits = await reader.ReadAsync(Splits, ParseSplit, s => $"{s.BookingId}/{s.Share.ParticipantId}/{s.Share.Kind}");
        var creditRules = await reader.ReadAsync(CalculationFiles.CreditRules, ParseCreditRule, r => r.Id);
        var quotas = await reader.ReadAsync(CalculationFiles.Quotas, r => ParseQuota(r, calendar), q => $"{q.PersonId}/{q.Period.Key}");
        var assignments = await reader.ReadAsync(PlanAssignments, ParseAssignment, keyOf: null);

        // References between files, checked once every file is read.
        var personIds = people.Rows.Select(p => p.Value.Id).ToHashSet(StringComparer.Ordinal);
        var familyIds = families.Rows.Select(f => f.Value).ToHashSet(StringComparer.Ordinal);
        var familyOf = products.Rows.ToDictionary(p => p.Value.Id, p => p.Value.Family, StringComparer.Ordinal);
        var bookingIds = bookings.Rows.Select(b => b.Value.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (row, person) in people.Rows)
        {
            if (person.ManagerId is { } manager && !personIds.Contains(manager))
            {
                people.Context.Error(row, Columns.ManagerExternalId, UnknownReference, $"No person with external id '{manager}' in people.csv.");
            }
        }

        if (families.Exists)
        {
            foreach (var (row, product) in products.Rows.Where(p => p.Value.Family is { } family && !familyIds.Contains(family)))
            {
                products.Context.Error(row, Columns.FamilyExternalId, UnknownReference, $"No product family with external id '{product.Family}' in product-families.csv.");
            }
        }

        foreach (var (row, booking) in bookings.Rows)
        {
            if (!personIds.Contains(booking.OwnerId))
            {
                bookings.Context.Error(row, Columns.OwnerExternalId, UnknownReference, $"No person with external id '{booking.OwnerId}' in people.csv.");
            }

            if (products.Exists && booking.Product.Length > 0 && !familyOf.ContainsKey(booking.Product))
            {
                bookings.Context.Error(row, Columns.ProductExternalId, UnknownReference, $"No product with external id '{booking.Product}' in products.csv.");
            }

            if (booking.OriginalBookingId is { } original && !bookingIds.Contains(original))
            {
                bookings.Context.Error(row, Columns.OriginalBookingExternalId, UnknownReference, $"No booking with external id '{original}' in bookings.csv.");
            }
        }

        foreach (var (row, split) in splits.Rows)
        {
            if (!bookingIds.Contains(split.BookingId))
            {
                splits.Context.Error(row, BookingExternalId, UnknownReference, $"No booking with external id '{split.BookingId}' in bookings.csv.");
            }

            if (!personIds.Contains(split.Share.ParticipantId))
            {
                splits.Context.Error(row, PersonExternalId, UnknownReference, $"No person with external id '{split.Share.ParticipantId}' in people.csv.");
            }
        }

        foreach (var (row, rule) in creditRules.Rows.Where(r => !personIds.Contains(r.Value.ParticipantId)))
        {
            creditRules.Context.Error(row, PersonExternalId, UnknownReference, $"No person with external id '{rule.ParticipantId}' in people.csv.");
        }

        foreach (var (row, quota) in quotas.Rows.Where(q => !personIds.Contains(q.Value.PersonId)))
        {
            quotas.Context.Error(row, PersonExternalId, UnknownReference, $"No person with external id '{quota.PersonId}' in people.csv.");
        }

        foreach (var (row, assignment) in assignments.Rows.Where(a => !personIds.Contains(a.Value.PersonId)))
        {
            assignments.Context.Error(row, PersonExternalId, UnknownReference, $"No person with external id '{assignment.PersonId}' in people.csv.");
        }

        var fileOrder = All.Select(FileName).ToList();
        problems.AddRange(reader.Errors
            .OrderBy(e => fileOrder.IndexOf(e.File)).ThenBy(e => e.Row).ThenBy(e => e.Column, StringComparer.Ordinal)
            .Select(CalculationProblem.From));
        if (problems.Count > 0)
        {
            return new CalculationDataResult(null, problems);
        }

        var data = new CalculationData(
            calendar,
            policy,
            [.. people.Rows.Select(p => new Participant(p.Value.Id, p.Value.PayCurrency))],
            [.. people.Rows.Where(p => p.Value.ManagerId is not null).Select(p => new ReportingLine(p.Value.Id, p.Value.ManagerId!, p.Value.ManagerEffective))],
            [.. bookings.Rows.Select(b => b.Value with { Family = familyOf.GetValueOrDefault(b.Value.Product) ?? string.Empty })],
            [.. splits.Rows.GroupBy(s => s.Value.BookingId, StringComparer.Ordinal).Select(g => new SplitRule(g.Key, [.. g.Select(s => s.Value.Share)]))],
            new FxTable(fx.Rows.Select(r => r.Value)),
            [.. assignments.Rows.Select(a => a.Value)],
            [.. quotas.Rows.Select(q => q.Value)])
        {
            CreditRules = [.. creditRules.Rows.Select(r => r.Value)],
        };
        return new CalculationDataResult(data, []);
    }

    private sealed record SettingsRow(int FirstMonth, CreditingPolicy Policy);

    private sealed record Person(string Id, Currency PayCurrency, string? ManagerId, DateRange ManagerEffective);

    private sealed record Split(string BookingId, SplitShare Share);

    private sealed record Product(string Id, string? Family);

    private static SettingsRow? ParseSettings(RowReader row)
    {
        var month = row.Int(FiscalYearStartMonth, min: 1) ?? 1;
        if (month > 12)
        {
            row.Error(FiscalYearStartMonth, InvalidNumber, $"'{month}' is not a month (1 to 12).");
        }

        var levels = row.Int(RollUpLevels, min: 0) ?? 0;
        var rounding = row.Enum<MidpointRounding>(CreditRounding) ?? MidpointRounding.ToEven;
        if (rounding is not (MidpointRounding.ToEven or MidpointRounding.AwayFromZero))
        {
            row.Error(CreditRounding, InvalidValue, "Use ToEven or AwayFromZero.");
        }

        return row.HasErrors ? null : new SettingsRow(month, new CreditingPolicy(levels, rounding));
    }

    private static Person? ParsePerson(RowReader row)
    {
        var id = row.Required(Columns.ExternalId, 100);
        var currency = row.Currency(Columns.PayCurrency, required: true);
        var hire = row.Date(Columns.HireDate);
        var termination = row.Date(Columns.TerminationDate);
        var manager = row.Text(Columns.ManagerExternalId, 100);
        var from = row.Date(Columns.ManagerEffectiveFrom) ?? hire;
        if (manager is not null && manager == id)
        {
            row.Error(Columns.ManagerExternalId, InvalidValue, "A person cannot be their own manager.");
        }

        if (manager is not null && from is null)
        {
            row.Error(Columns.ManagerEffectiveFrom, MissingRequired, "A reporting line needs manager_effective_from or hire_date.");
        }

        if (termination is not null && from is not null && termination < from)
        {
            row.Error(Columns.TerminationDate, InvalidValue, "The termination date is before the reporting line starts.");
        }

        return id is null || currency is null || row.HasErrors
            ? null
            : new Person(id, Currency.FromCode(currency), manager, new DateRange(from ?? DateOnly.MinValue, termination));
    }

    private static FxRate? ParseRate(RowReader row)
    {
        var from = row.Currency(Columns.FromCurrency, required: true);
        var to = row.Currency(Columns.ToCurrency, required: true);
        var date = row.Date(Columns.Date, required: true);
        var rate = row.Decimal(Columns.Rate, required: true, maxDecimals: 10);
        if (rate <= 0m)
        {
            row.Error(Columns.Rate, InvalidNumber, "A rate must be above 0.");
        }

        if (from is not null && from == to)
        {
            row.Error(Columns.ToCurrency, InvalidValue, "A rate converts between two different currencies.");
        }

        return from is null || to is null || date is null || rate is null || row.HasErrors
            ? null
            : new FxRate(Currency.FromCode(from), Currency.FromCode(to), date.Value, rate.Value);
    }

    private static Booking? ParseBooking(RowReader row)
    {
        var id = row.Required(Columns.ExternalId, 100);
        var kind = row.Enum<BookingKind>(Columns.Kind, required: true);
        var owner = row.Required(Columns.OwnerExternalId, 100);
        var account = row.Text(Columns.AccountExternalId, 100);
        var opportunity = row.Text(Columns.OpportunityExternalId, 100);
        var product = row.Text(Columns.ProductExternalId, 100);
        var quantity = row.Decimal(Columns.Quantity);
        var amount = row.Decimal(Columns.Amount, required: true);
        var currency = row.Currency(Columns.Currency, required: true);
        var date = row.Date(Columns.BookingDate, required: true);
        var margin = row.Decimal(Columns.Margin);
        var original = row.Text(Columns.OriginalBookingExternalId, 100);
        if (kind == BookingKind.Order && original is not null)
        {
            row.Error(Columns.OriginalBookingExternalId, InvalidValue, "An order does not reverse another booking; leave this empty.");
        }

        if (kind is BookingKind.Cancellation or BookingKind.Return && original is null)
        {
            row.Error(Columns.OriginalBookingExternalId, MissingRequired, $"A {kind.Value.ToString().ToLowerInvariant()} must name the order it reverses.");
        }

        if ((kind == BookingKind.Order && amount < 0) || (kind is BookingKind.Cancellation or BookingKind.Return && amount > 0))
        {
            row.Error(Columns.Amount, InvalidValue, "An order's amount is positive; a cancellation's or return's is negative.");
        }

        if (id is null || kind is null || owner is null || amount is null || currency is null || date is null || row.HasErrors)
        {
            return null;
        }

        var money = Currency.FromCode(currency);
        if (new Money(amount.Value, money).Round(MidpointRounding.ToEven).Amount != amount.Value)
        {
            row.Error(Columns.Amount, InvalidNumber, $"'{CsvValues.Format(amount.Value)}' has more decimal places than {currency} has ({money.MinorUnits}).");
            return null;
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["kind"] = kind.Value.ToString() };
        if (account is not null)
        {
            attributes["account"] = account;
        }

        if (opportunity is not null)
        {
            attributes["opportunity"] = opportunity;
        }

        return new Booking(id, date.Value, new Money(amount.Value, money), owner, product ?? string.Empty, string.Empty, attributes,
            margin is null ? null : new Money(margin.Value, money), quantity ?? 0m, original);
    }

    private static Split? ParseSplit(RowReader row)
    {
        var booking = row.Required(BookingExternalId, 100);
        var person = row.Required(PersonExternalId, 100);
        var percent = row.Decimal(Percent, required: true, maxDecimals: 10);
        var kind = row.Enum<SplitKind>(Columns.Kind) ?? SplitKind.Revenue;
        if (percent <= 0m)
        {
            row.Error(Percent, InvalidNumber, "A share is above 0 %.");
        }

        return booking is null || person is null || percent is null || row.HasErrors ? null : new Split(booking, new SplitShare(person, percent.Value, kind));
    }

    private static CreditRule? ParseCreditRule(RowReader row)
    {
        var id = row.Required(RuleId, 100);
        var person = row.Required(PersonExternalId, 100);
        var percent = row.Decimal(Percent, required: true, maxDecimals: 10);
        var from = row.Date(EffectiveFrom, required: true);
        var to = row.Date(EffectiveTo);
        var condition = row.Text(Condition, 1000);
        if (to < from)
        {
            row.Error(EffectiveTo, InvalidValue, "effective_to is before effective_from.");
        }

        if (id is null || person is null || percent is null || from is null || row.HasErrors)
        {
            return null;
        }

        var (rule, issues) = CreditRule.Create(id, person, percent.Value, new DateRange(from.Value, to), condition);
        foreach (var issue in issues)
        {
            row.Error(issue.Code == "credit-rule.percent" ? Percent : Condition, issue.Code == "credit-rule.percent" ? InvalidNumber : InvalidValue, issue.Message);
        }

        return rule;
    }

    private static QuotaRow? ParseQuota(RowReader row, FiscalCalendar calendar)
    {
        var person = row.Required(PersonExternalId, 100);
        var periodText = row.Required(CalculationFiles.Period, 20);
        var amount = row.Decimal(Columns.Amount, required: true);
        var currency = row.Currency(Columns.Currency, required: true);
        Engine.Periods.Period? period = null;
        if (periodText is not null && !calendar.TryParse(periodText, out period))
        {
            row.Error(CalculationFiles.Period, InvalidValue, $"'{periodText}' is not a fiscal period key such as FY2026, FY2026-Q1 or FY2026-M03.");
        }

        if (amount < 0m)
        {
            row.Error(Columns.Amount, InvalidNumber, "A quota is not negative.");
        }

        return person is null || period is null || amount is null || currency is null || row.HasErrors
            ? null
            : new QuotaRow(row.Row, person, period, amount.Value, Currency.FromCode(currency));
    }

    private static AssignmentRow? ParseAssignment(RowReader row)
    {
        var person = row.Required(PersonExternalId, 100);
        var plan = row.Required(Plan, 100);
        var from = row.Date(EffectiveFrom, required: true);
        var to = row.Date(EffectiveTo);
        var incentive = row.Decimal(TargetIncentive);
        var basis = row.Enum<TargetIncentiveBasis>(TargetIncentivePer) ?? TargetIncentiveBasis.Year;
        if (to < from)
        {
            row.Error(EffectiveTo, InvalidValue, "effective_to is before effective_from.");
        }

        if (incentive < 0m)
        {
            row.Error(TargetIncentive, InvalidNumber, "A target incentive is not negative.");
        }

        return person is null || plan is null || from is null || row.HasErrors
            ? null
            : new AssignmentRow(row.Row, person, plan, new DateRange(from.Value, to), incentive, basis);
    }

    /// <summary>One CSV file's context: its column map, and errors recorded against its rows.</summary>
    private sealed class FileContext(string file, ColumnMap columns, List<ImportError> errors) : IRowContext
    {
        public ColumnMap Columns { get; } = columns;

        public IReadOnlySet<string> CurrencyCodes => CalculationFileReader.CurrencyCodes;

        public void Error(int row, string? column, string code, string message) =>
            errors.Add(new ImportError(file, row, column is null ? null : Columns.SourceName(column), code, message));
    }

    internal sealed record FileRows<T>(bool Exists, IRowContext Context, IReadOnlyList<(int Row, T Value)> Rows);

    internal sealed class DirectoryReader(string directory, CancellationToken cancellationToken)
    {
        public List<ImportError> Errors { get; } = [];

        /// <summary>
        /// Reads a file with the import's rules: required header columns (<c>missing_column</c> on row 1), blank rows skipped,
        /// <c>column_count</c>, row errors from <paramref name="parse"/>, and <c>duplicate_id</c> for a repeated key.
        /// A missing file gives no rows (whether it is required is checked by the caller).
        /// </summary>
        public async Task<FileRows<T>> ReadAsync<T>(string file, Func<RowReader, T?> parse, Func<T, string>? keyOf)
        {
            var name = FileName(file);
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                return new FileRows<T>(false, new FileContext(name, ColumnMap.CreateAttain([]), Errors), []);
            }

            await using var stream = File.OpenRead(path);
            await using var source = await CsvSource.OpenAsync(stream, cancellationToken);
            var context = new FileContext(name, Map(file, source.Header), Errors);
            var rows = new List<(int Row, T Value)>();
            var missing = Columns(file).Where(c => c.Required && !context.Columns.Has(c.Name)).ToList();
            foreach (var column in missing)
            {
                context.Error(1, column.Name, MissingColumn, $"The header has no '{column.Name}' column.");
            }

            if (missing.Count > 0)
            {
                return new FileRows<T>(true, context, rows);
            }

            var firstRowOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
            await foreach (var raw in source.RowsAsync(cancellationToken))
            {
                var row = new RowReader(context, raw);
                if (row.IsBlank)
                {
                    continue;
                }

                if (!row.HasExpectedCellCount)
                {
                    context.Error(row.Row, null, ColumnCount, $"The row has {row.CellCount} cells; the header has {context.Columns.HeaderCount}.");
                    continue;
                }

                var value = parse(row);
                if (value is null || row.HasErrors)
                {
                    continue;
                }

                if (keyOf is not null && !firstRowOfKey.TryAdd(keyOf(value), row.Row))
                {
                    var key = keyOf(value);
                    context.Error(row.Row, Columns(file)[0].Name, DuplicateId, $"'{key}' already appears on row {firstRowOfKey[key]}.");
                    continue;
                }

                rows.Add((row.Row, value));
            }

            return new FileRows<T>(true, context, rows);
        }
    }
}
