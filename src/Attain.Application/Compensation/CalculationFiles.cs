using Attain.Application.Imports;
using Attain.Application.Imports.Csv;

namespace Attain.Application.Compensation;

/// <summary>
/// The CSV files of a calculation data directory (docs/import.md, "Calculation files"): the import files the engine
/// reads, and the compensation files that only a calculation reads. Names are the file names without <c>.csv</c>.
/// </summary>
public static class CalculationFiles
{
    public const string People = "people";
    public const string Bookings = "bookings";
    public const string FxRates = "fx-rates";
    public const string Products = "products";
    public const string ProductFamilies = "product-families";
    public const string Quotas = "quotas";
    public const string PlanAssignments = "plan-assignments";
    public const string Splits = "splits";
    public const string CreditRules = "credit-rules";
    public const string Settings = "settings";

    /// <summary>A plan test case's expected results (docs/cli.md, <c>attain plan test</c>); not part of a data directory.</summary>
    public const string Expected = "expected";

    public const string PersonExternalId = "person_external_id";
    public const string BookingExternalId = "booking_external_id";
    public const string Period = "period";
    public const string Plan = "plan";
    public const string EffectiveFrom = "effective_from";
    public const string EffectiveTo = "effective_to";
    public const string TargetIncentive = "target_incentive";
    public const string TargetIncentivePer = "target_incentive_per";
    public const string Percent = "percent";
    public const string RuleId = "id";
    public const string Condition = "condition";
    public const string FiscalYearStartMonth = "fiscal_year_start_month";
    public const string RollUpLevels = "roll_up_levels";
    public const string CreditRounding = "credit_rounding";
    public const string Participant = "participant";
    public const string Component = "component";
    public const string Earned = "earned";
    public const string Attainment = "attainment";

    private static readonly Dictionary<string, ColumnSpec[]> Specs = new(StringComparer.Ordinal)
    {
        // Of the import files, a calculation needs only these columns; the others may be present and are ignored.
        [People] =
        [
            new(ImportColumns.ExternalId, true), new(ImportColumns.PayCurrency, true), new(ImportColumns.HireDate, false),
            new(ImportColumns.TerminationDate, false), new(ImportColumns.ManagerExternalId, false), new(ImportColumns.ManagerEffectiveFrom, false),
        ],
        [Bookings] =
        [
            new(ImportColumns.ExternalId, true), new(ImportColumns.Kind, true), new(ImportColumns.OwnerExternalId, true),
            new(ImportColumns.AccountExternalId, false), new(ImportColumns.OpportunityExternalId, false), new(ImportColumns.ProductExternalId, false),
            new(ImportColumns.Quantity, false), new(ImportColumns.Amount, true), new(ImportColumns.Currency, true), new(ImportColumns.BookingDate, true),
            new(ImportColumns.Margin, false), new(ImportColumns.OriginalBookingExternalId, false),
        ],
        [FxRates] = [.. ImportColumns.For(ImportEntity.FxRates)],
        [Products] = [new(ImportColumns.ExternalId, true), new(ImportColumns.FamilyExternalId, false)],
        [ProductFamilies] = [new(ImportColumns.ExternalId, true)],
        [Quotas] = [new(PersonExternalId, true), new(Period, true), new(ImportColumns.Amount, true), new(ImportColumns.Currency, true)],
        [PlanAssignments] =
        [
            new(PersonExternalId, true), new(Plan, true), new(EffectiveFrom, true), new(EffectiveTo, false),
            new(TargetIncentive, false), new(TargetIncentivePer, false),
        ],
        [Splits] = [new(BookingExternalId, true), new(PersonExternalId, true), new(Percent, true), new(ImportColumns.Kind, false)],
        [CreditRules] =
        [
            new(RuleId, true), new(PersonExternalId, true), new(Percent, true), new(EffectiveFrom, true), new(EffectiveTo, false),
            new(Condition, false),
        ],
        [Expected] = [new(Participant, true), new(Component, true), new(Period, true), new(Earned, true), new(Attainment, false)],
        [Settings] = [new(FiscalYearStartMonth, false), new(RollUpLevels, false), new(CreditRounding, false)],
    };

    /// <summary>Every file a data directory may hold, in the order they are read.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Settings, People, ProductFamilies, Products, FxRates, Bookings, Splits, CreditRules, Quotas, PlanAssignments];

    /// <summary>The files a data directory must hold; the others are optional.</summary>
    public static IReadOnlySet<string> Required { get; } = new HashSet<string>(StringComparer.Ordinal) { People, Bookings, PlanAssignments };

    /// <summary>The columns a calculation reads from the file.</summary>
    public static IReadOnlyList<ColumnSpec> Columns(string file) => Specs[file];

    /// <summary>The file name of <paramref name="file"/>: <c>&lt;name&gt;.csv</c>.</summary>
    public static string FileName(string file) => file + ".csv";

    internal static ColumnMap Map(string file, IReadOnlyList<string> header) => file switch
    {
        People => ColumnMap.Create(ImportEntity.People, ImportFormat.Attain, header),
        Bookings => ColumnMap.Create(ImportEntity.Bookings, ImportFormat.Attain, header),
        FxRates => ColumnMap.Create(ImportEntity.FxRates, ImportFormat.Attain, header),
        Products => ColumnMap.Create(ImportEntity.Products, ImportFormat.Attain, header),
        ProductFamilies => ColumnMap.Create(ImportEntity.ProductFamilies, ImportFormat.Attain, header),
        _ => ColumnMap.CreateAttain(header),
    };
}
