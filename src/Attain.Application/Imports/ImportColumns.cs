namespace Attain.Application.Imports;

/// <summary>A column of Attain's own CSV format: its name and whether every row must fill it.</summary>
public sealed record ColumnSpec(string Name, bool Required);

/// <summary>
/// The columns of Attain's own format per entity, in export order (exports write exactly these, so export → import
/// round-trips). Alternative reference columns that imports also accept (owner_email, owner, account_name, won, closed)
/// are listed in docs/import.md but never exported.
/// </summary>
public static class ImportColumns
{
    public const string ExternalId = "external_id";
    public const string Name = "name";
    public const string Code = "code";
    public const string MinorUnits = "minor_units";
    public const string FromCurrency = "from_currency";
    public const string ToCurrency = "to_currency";
    public const string Date = "date";
    public const string Rate = "rate";
    public const string RegionExternalId = "region_external_id";
    public const string LeaderExternalId = "leader_external_id";
    public const string FirstName = "first_name";
    public const string LastName = "last_name";
    public const string Email = "email";
    public const string EmployeeNumber = "employee_number";
    public const string Title = "title";
    public const string HireDate = "hire_date";
    public const string TerminationDate = "termination_date";
    public const string PayCurrency = "pay_currency";
    public const string CostCentre = "cost_centre";
    public const string ManagerExternalId = "manager_external_id";
    public const string ManagerEffectiveFrom = "manager_effective_from";
    public const string TeamExternalId = "team_external_id";
    public const string TeamEffectiveFrom = "team_effective_from";
    public const string FamilyExternalId = "family_external_id";
    public const string ListPrice = "list_price";
    public const string ListPriceCurrency = "list_price_currency";
    public const string Order = "order";
    public const string Probability = "probability";
    public const string IsClosed = "is_closed";
    public const string IsWon = "is_won";
    public const string Industry = "industry";
    public const string Employees = "employees";
    public const string AnnualRevenue = "annual_revenue";
    public const string RevenueCurrency = "revenue_currency";
    public const string Country = "country";
    public const string Region = "region";
    public const string City = "city";
    public const string PostalCode = "postal_code";
    public const string Latitude = "latitude";
    public const string Longitude = "longitude";
    public const string OwnerExternalId = "owner_external_id";
    public const string OwnerEmail = "owner_email";
    public const string Owner = "owner";
    public const string AccountExternalId = "account_external_id";
    public const string AccountName = "account_name";
    public const string Amount = "amount";
    public const string Currency = "currency";
    public const string Stage = "stage";
    public const string ForecastCategory = "forecast_category";
    public const string CloseDate = "close_date";
    public const string CreatedDate = "created_date";
    public const string Source = "source";
    public const string Status = "status";
    public const string Won = "won";
    public const string Closed = "closed";
    public const string CloseReason = "close_reason";
    public const string OpportunityExternalId = "opportunity_external_id";
    public const string FromStage = "from_stage";
    public const string EnteredOn = "entered_on";
    public const string Type = "type";
    public const string OccurredAt = "occurred_at";
    public const string DurationMinutes = "duration_minutes";
    public const string ContactName = "contact_name";
    public const string Subject = "subject";
    public const string Outcome = "outcome";
    public const string Kind = "kind";
    public const string ProductExternalId = "product_external_id";
    public const string Quantity = "quantity";
    public const string BookingDate = "booking_date";
    public const string Margin = "margin";
    public const string ListAmount = "list_amount";
    public const string OriginalBookingExternalId = "original_booking_external_id";
    public const string PersonExternalId = "person_external_id";
    public const string Period = "period";

    private static readonly Dictionary<ImportEntity, ColumnSpec[]> Specs = new()
    {
        [ImportEntity.Currencies] = [new(Code, true), new(Name, true), new(MinorUnits, true)],
        [ImportEntity.FxRates] = [new(FromCurrency, true), new(ToCurrency, true), new(Date, true), new(Rate, true)],
        [ImportEntity.Regions] = [new(ExternalId, true), new(Name, true)],
        [ImportEntity.Teams] = [new(ExternalId, true), new(Name, true), new(RegionExternalId, false), new(LeaderExternalId, false)],
        [ImportEntity.People] =
        [
            new(ExternalId, true), new(FirstName, true), new(LastName, true), new(Email, true), new(EmployeeNumber, false),
            new(Title, false), new(HireDate, true), new(TerminationDate, false), new(PayCurrency, true), new(CostCentre, false),
            new(ManagerExternalId, false), new(ManagerEffectiveFrom, false), new(TeamExternalId, false), new(TeamEffectiveFrom, false),
        ],
        [ImportEntity.ProductFamilies] = [new(ExternalId, true), new(Name, true)],
        [ImportEntity.Products] =
        [
            new(ExternalId, true), new(Name, true), new(FamilyExternalId, false), new(ListPrice, false), new(ListPriceCurrency, false),
        ],
        [ImportEntity.Stages] = [new(Name, true), new(Order, true), new(Probability, true), new(IsClosed, false), new(IsWon, false)],
        [ImportEntity.Accounts] =
        [
            new(ExternalId, true), new(Name, true), new(Industry, false), new(Employees, false), new(AnnualRevenue, false),
            new(RevenueCurrency, false), new(Country, false), new(Region, false), new(City, false), new(PostalCode, false),
            new(Latitude, false), new(Longitude, false), new(OwnerExternalId, false),
        ],
        [ImportEntity.Opportunities] =
        [
            new(ExternalId, true), new(Name, true), new(OwnerExternalId, true), new(AccountExternalId, true), new(Amount, false),
            new(Currency, true), new(Stage, true), new(ForecastCategory, false), new(CloseDate, true), new(CreatedDate, true),
            new(Source, false), new(Status, false), new(CloseReason, false),
        ],
        [ImportEntity.OpportunityStageHistory] =
        [
            new(OpportunityExternalId, true), new(Stage, true), new(EnteredOn, true), new(FromStage, false),
        ],
        [ImportEntity.Activities] =
        [
            new(ExternalId, true), new(Type, true), new(OwnerExternalId, true), new(OccurredAt, true), new(DurationMinutes, false),
            new(AccountExternalId, false), new(OpportunityExternalId, false), new(ContactName, false), new(Subject, false), new(Outcome, false),
        ],
        [ImportEntity.Bookings] =
        [
            new(ExternalId, true), new(Kind, true), new(OwnerExternalId, true), new(AccountExternalId, false),
            new(OpportunityExternalId, false), new(ProductExternalId, false), new(Quantity, false), new(Amount, true),
            new(Currency, true), new(BookingDate, true), new(Margin, false), new(ListAmount, false), new(OriginalBookingExternalId, false),
        ],
        [ImportEntity.Quotas] = [new(PersonExternalId, true), new(Period, true), new(Amount, true), new(Currency, true)],
    };

    /// <summary>The entity's columns in Attain's format, in export order.</summary>
    public static IReadOnlyList<ColumnSpec> For(ImportEntity entity) => Specs[entity];
}
