using System.Globalization;
using System.Text;
using Attain.Application.Access;
using Attain.Application.Calendar;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Application.Organisation;
using Attain.Testing.Documents;
using Attain.Testing.Stores;
using Microsoft.EntityFrameworkCore;
using nietras.SeparatedValues;

namespace Attain.Application.Tests.Compensation;

/// <summary>
/// The demo company with a published run of FY2027-M09, once per provider for the whole class. Tests that add rows use
/// their own person or period so they do not see each other's.
/// </summary>
public sealed class StatementStores : IAsyncDisposable
{
    public const string Period = "FY2027-M09";
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<StoreProvider, TestStore> stores = [];

    public async Task<TestStore> GetAsync(StoreProvider provider, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (!stores.TryGetValue(provider, out var store))
            {
                store = await DemoCompanyStores.CreateAsync(provider, ct);
                await using var db = store.NewContext("analyst");
                var outcome = await new CalculationRunService(db, store.Clock).RunAsync(Period, "statements", ct);
                Assert.Empty(outcome.Problems);
                stores[provider] = store;
            }

            return store;
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in stores.Values)
        {
            await store.DisposeAsync();
        }

        gate.Dispose();
    }
}

public class StatementServiceTests(StatementStores stores) : IClassFixture<StatementStores>
{
    private const string Period = StatementStores.Period;

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task GetAsync_DemoRepWithAdjustments_TotalReconcilesToTheCentWithLinesAndApprovedAdjustments(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await stores.GetAsync(provider, ct);
        await using var db = store.NewContext("comp");
        var reps = await RepsWithLinesAsync(db, ct);
        var rep = reps[0];
        db.Adjustments.AddRange(
            Adjustment(rep.Id, 125.55m, AdjustmentStatus.Approved, "Missed split on the Contoso renewal", "finance-lead"),
            Adjustment(rep.Id, -99m, AdjustmentStatus.Pending, "Still being looked at", null),
            Adjustment(rep.Id, 500m, AdjustmentStatus.Rejected, "Not agreed", "finance-lead"));
        await db.SaveChangesAsync(ct);

        var answer = await Service(db).GetAsync(RepViewer(rep.Id), Scope.Only([rep.Id]), Period, null, cancellationToken: ct);

        var statement = Assert.IsType<Statement>(answer.Value);
        var runId = statement.Header.RunId;
        var payable = (await db.RunPayouts.Where(p => p.RunId == runId && p.PersonId == rep.Id).Select(p => p.Payable).ToListAsync(ct)).Sum();
        Assert.Equal(StatementFailure.None, answer.Failure);
        Assert.Equal(rep.ExternalId, statement.Header.PersonExternalId);
        Assert.Equal("provisional", statement.Header.Status);
        Assert.Equal(payable, Assert.Single(statement.Totals).Payable);
        Assert.Equal(statement.Lines.Sum(l => l.Amount), Assert.Single(statement.Totals).Payable);
        Assert.Equal(statement.Components.Sum(c => c.Amount), Assert.Single(statement.Totals).Payable);
        Assert.Equal(statement.Lines.Sum(l => l.Amount) + 125.55m, Assert.Single(statement.Totals).Total);
        var adjustment = Assert.Single(statement.Adjustments);
        Assert.Equal(("Missed split on the Contoso renewal", "finance-lead", 125.55m), (adjustment.Reason, adjustment.ApprovedBy, adjustment.Amount));
        Assert.Contains(statement.Header.Plans, p => p.Key == DemoPlans.AccountExecutive && p.Name == "Account Executive quarterly plan");
        Assert.Contains(statement.Attainment, a => a.ComponentId == "bonus" && a.Quota > 0 && a.PeriodKey == "FY2027-Q3");
        Assert.Equal(Assert.Single(statement.Totals).Total, Assert.Single(statement.YearToDate.Totals).Total);
        Assert.Equal(9, statement.YearToDate.Periods.Count);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task GetAsync_DemoRun_EveryLineInPlainWordsWithItsBookingAndArithmetic(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await stores.GetAsync(provider, ct);
        await using var db = store.NewContext();
        var runId = await PublishedRunAsync(db, Period, ct);
        var lines = await db.RunLines.Where(l => l.RunId == runId).ToListAsync(ct);
        var people = lines.Select(l => l.PersonId).Distinct().ToList();

        var statements = new List<Statement>();
        foreach (var person in people.Take(25))
        {
            statements.Add((await Service(db).GetAsync(Viewer.System, Scope.All, Period, await ExternalIdAsync(db, person, ct), cancellationToken: ct)).Value!);
        }

        var all = statements.SelectMany(s => s.Lines).ToList();
        Assert.All(statements, s => Assert.Equal(s.Lines.Sum(l => l.Amount) + s.Adjustments.Sum(a => a.Amount), Assert.Single(s.Totals).Total));
        Assert.All(all.Where(l => l.Kind == "Commission"), l =>
        {
            Assert.Matches(@"^(Commission|Accelerator) on booking \S+ \(.+, \d{1,2} \w{3} \d{4}\)", l.Description);
            Assert.Contains($"= {StatementWords.Money(l.Amount, l.Currency)}", l.Description, StringComparison.Ordinal);
            Assert.Contains(l.BookingIds[0], l.Description, StringComparison.Ordinal);
        });
        Assert.Contains(all, l => l.Kind == "Commission" && l.Tier is null && l.Description.StartsWith("Commission on booking", StringComparison.Ordinal) && l.Description.Contains("at 1 % = ", StringComparison.Ordinal));
        Assert.Contains(all, l => l.Kind == "Commission" && l.Tier == 1 && l.Description.Contains(": the part up to your quota pays 5 %: ", StringComparison.Ordinal) && l.Description.Contains("at 5 % = ", StringComparison.Ordinal) && l.Description.Contains("% of your quarter's quota", StringComparison.Ordinal));
        Assert.All(all.Where(l => l.Kind == "Commission" && l.Tier == 2), l => Assert.StartsWith("Accelerator on booking", l.Description, StringComparison.Ordinal));
        Assert.Contains(all, l => l.Kind == "PeriodCap");
        Assert.All(all.Where(l => l.Kind == "PeriodCap" && l.Amount < 0), l => Assert.StartsWith(
            $"Cap for the quarter FY2027-Q3: the plan pays at most 60,000.00 in a quarter, so the {StatementWords.Money(-l.Amount, l.Currency)} above it is not paid", l.Description, StringComparison.Ordinal));
        Assert.All(all.Where(l => l.Kind == "QuotaBonus"), l => Assert.StartsWith("Quota bonus for the quarter FY2027-Q3", l.Description, StringComparison.Ordinal));
        Assert.Empty(all.Where(l => l.Description == $"{l.Kind}: {StatementWords.Money(l.Amount, l.Currency)}").Select(l => l.Kind).Distinct());
        Assert.All(all.Where(l => l.Kind == "Recovery"), l => Assert.StartsWith($"Recovery: {StatementWords.Money(-l.Amount, l.Currency)} of what you owe", l.Description, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetAsync_AcceleratorLine_SaysThePartAboveQuotaPaysTheHigherRate()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await stores.GetAsync(StoreProvider.Sqlite, ct);
        await using var db = store.NewContext();
        var line = new RunLine
        {
            Kind = "Commission",
            PlanKey = "ae-quarterly",
            PeriodKey = "FY2027-Q3",
            ComponentId = "commission",
            BookingIds = "B-1042",
            TierIndex = 1,
            Rate = 0.08m,
            Base = 20000m,
            AttainmentPercent = 112.5m,
            Amount = 1600m,
            Currency = "USD",
            Rule = "marginal tier 1 [100, ∞) %: 20000 × 0.08",
        };
        var bookings = new Dictionary<string, StatementBooking> { ["B-1042"] = new("B-1042", "Order", new DateOnly(2026, 10, 12), "Acme Corp", null, 20000m, "USD") };

        var words = StatementWords.Describe(line, bookings);

        Assert.Equal("Accelerator on booking B-1042 (Acme Corp, 12 Oct 2026): the part above your quota pays 8 %: 20,000.00 at 8 % = 1,600.00 — you were at 112.5 % of your quarter's quota", words);
        Assert.Equal("tier 2: from 100 % to no limit", StatementWords.TierText(line));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task GetAsync_HandBuiltRunWithPaymentLines_PlainWordsPerKindAndOwnGroup(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await stores.GetAsync(provider, ct);
        await using var db = store.NewContext();
        var rep = (await RepsWithLinesAsync(db, ct))[1];
        var booking = await db.Bookings.Where(b => b.OwnerId == rep.Id && b.Kind == Application.Bookings.BookingKind.Order).OrderBy(b => b.Id).FirstAsync(ct);
        await PublishHandBuiltAsync(db, "FY2027-M05", rep.Id, rep.PayCurrency,
        [
            Line(RunLineSource.Earning, "Commission", 1000m, booking.ExternalId, "flat rate 0.05: 20000 × 0.05", rate: 0.05m, @base: 20000m, attainment: 84m),
            Line(RunLineSource.Payment, "Clawback", -250m, booking.ExternalId,
                $"cancellation C-0981 of 2026-10-03, 40 days after booking {booking.ExternalId} (window 90 days), cancels 1 of credit c1: reverses Commission line 1 of commission FY2027-Q3 at rate 0.05, paid 250.00 USD: running share 1 × 250 rounded ToEven = 250, less 0 clawed before"),
            Line(RunLineSource.Payment, "Hold", -100m, booking.ExternalId,
                $"10 % of 1000.00 {rep.PayCurrency} on booking {booking.ExternalId} in FY2027-M05, rounded ToEven, held until attributes.invoicePaidOn (no release date yet)"),
            Line(RunLineSource.Payment, "Release", 40m, booking.ExternalId, "held in FY2027-M04; release date 2026-09-15 (attributes.invoicePaidOn) is on or before 2026-09-30"),
            Line(RunLineSource.Payment, "DrawAdvance", 310m, null, "recoverable draw 1000.00 less net earnings 690.00: advanced and owed; balance 0 → 310"),
            Line(RunLineSource.Payment, "Recovery", -30m, null, "net earnings 1300 above the draw 1000 recover the balance 30: 30 recovered in FY2027-M05; balance → 0"),
            Line(RunLineSource.Payment, "Deficit", 15m, null, "net earnings -15 are below zero: carried forward as owed; balance 0 → 15"),
        ], balanceAfter: 310m, heldAfter: 100m);

        var statement = (await Service(db).GetAsync(RepViewer(rep.Id), Scope.Only([rep.Id]), "FY2027-M05", null, cancellationToken: ct)).Value!;

        string Words(string kind) => statement.Lines.Single(l => l.Kind == kind).Description;
        var totals = Assert.Single(statement.Totals);
        Assert.Equal(985m, totals.Total);
        Assert.Equal(statement.Lines.Sum(l => l.Amount), totals.Total);
        Assert.Equal((1000m, -15m, 310m, 100m), (totals.Earned, totals.PaymentLines, totals.DrawBalance, totals.HeldPending));
        Assert.StartsWith($"Clawback: booking {booking.ExternalId} was cancelled on 3 Oct 2026 (C-0981), 40 days after it was booked, within the plan's 90 days, so its earnings are taken back", Words("Clawback"), StringComparison.Ordinal);
        Assert.StartsWith("Held until the invoice is paid: 10 % of your earnings on booking", Words("Hold"), StringComparison.Ordinal);
        Assert.Contains("in FY2027-M04 is paid now, its release date 15 Sept 2026 has come", Words("Release").Replace("Sep ", "Sept ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.StartsWith("Draw: your earnings this period were below your draw, so 310.00 is advanced now", Words("DrawAdvance"), StringComparison.Ordinal);
        Assert.StartsWith("Recovery: 30.00 of what you owe", Words("Recovery"), StringComparison.Ordinal);
        Assert.StartsWith("Negative earnings carried forward", Words("Deficit"), StringComparison.Ordinal);
        Assert.Equal(
            ["Commission", "Clawbacks", "Held for later", "Released holds", "Draw advances", "Recovered from earlier draws", "Negative earnings carried forward"],
            statement.Components.Select(c => c.Name));
        Assert.All(statement.Components.Skip(1), c => Assert.Equal(StatementGroup.Payments, c.Group));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task GetAsync_EarlierPeriodPublished_YearToDateSumsPublishedRunsAndApprovedAdjustmentsOfTheYear(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await stores.GetAsync(provider, ct);
        await using var db = store.NewContext();
        var rep = (await RepsWithLinesAsync(db, ct))[2];
        await PublishHandBuiltAsync(db, "FY2027-M08", rep.Id, rep.PayCurrency, [Line(RunLineSource.Earning, "Commission", 300.10m, null, "flat rate 0.05: 6002 × 0.05")]);
        await PublishHandBuiltAsync(db, "FY2026-M12", rep.Id, rep.PayCurrency, [Line(RunLineSource.Earning, "Commission", 7777m, null, "flat rate 0.05: last year")]);
        db.Adjustments.Add(Adjustment(rep.Id, 20m, AdjustmentStatus.Approved, "Spring correction", "finance-lead", "FY2027-M02"));
        await db.SaveChangesAsync(ct);

        var statement = (await Service(db).GetAsync(Viewer.System, Scope.All, Period, rep.ExternalId, cancellationToken: ct)).Value!;

        Assert.Equal("FY2027", statement.YearToDate.FiscalYear);
        Assert.Equal("FY2027-M01", statement.YearToDate.Periods[0]);
        Assert.Equal(Assert.Single(statement.Totals).Payable + 300.10m, Assert.Single(statement.YearToDate.Totals).Payable);
        Assert.Equal(20m, Assert.Single(statement.YearToDate.Totals).Adjustments);
        Assert.Equal(Assert.Single(statement.Totals).Total + 320.10m, Assert.Single(statement.YearToDate.Totals).Total);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task GetAsync_Scoping_RepOwnOnlyManagerSubtreeOfficeEveryone(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await stores.GetAsync(provider, ct);
        await using var db = store.NewContext();
        var reps = await RepsWithLinesAsync(db, ct);
        var (rep, other) = (reps[0], reps.First(r => ManagerOf(db, r.Id) != ManagerOf(db, reps[0].Id)));
        var manager = ManagerOf(db, rep.Id)!.Value;
        var scopes = new ScopeResolver(db, new OrganisationTime(db, store.Clock));
        var repViewer = RepViewer(rep.Id);
        var managerViewer = new Viewer("m", "m", manager, new HashSet<string> { Roles.Manager });
        var service = Service(db);

        var own = await service.GetAsync(repViewer, await scopes.ResolveAsync(repViewer, ct), Period, rep.ExternalId, cancellationToken: ct);
        var others = await service.GetAsync(repViewer, await scopes.ResolveAsync(repViewer, ct), Period, other.ExternalId, cancellationToken: ct);
        var otherLine = await service.GetLineAsync(repViewer, await scopes.ResolveAsync(repViewer, ct), Period, 1, other.ExternalId, cancellationToken: ct);
        var managersRep = await service.GetAsync(managerViewer, await scopes.ResolveAsync(managerViewer, ct), Period, rep.ExternalId, cancellationToken: ct);
        var managersOther = await service.GetAsync(managerViewer, await scopes.ResolveAsync(managerViewer, ct), Period, other.ExternalId, cancellationToken: ct);
        var office = await service.GetAsync(new Viewer("f", "f", null, new HashSet<string> { Roles.Finance }), Scope.All, Period, other.ExternalId, cancellationToken: ct);
        var repWithRun = await service.GetAsync(repViewer, Scope.Only([rep.Id]), Period, null, own.Value!.Header.RunId, ct);
        var officeWithRun = await service.GetAsync(Viewer.System, Scope.All, Period, rep.ExternalId, own.Value!.Header.RunId, ct);
        var unpublished = await service.GetAsync(repViewer, Scope.Only([rep.Id]), "FY2027-M11", null, cancellationToken: ct);
        var invalid = await service.GetAsync(repViewer, Scope.Only([rep.Id]), "2026-10", null, cancellationToken: ct);
        var nobody = await service.GetAsync(new Viewer("o", "o", null, new HashSet<string> { Roles.Rep }), Scope.Only([]), Period, null, cancellationToken: ct);

        Assert.Equal(rep.Id, own.Value!.Header.PersonId);
        Assert.Equal((null, StatementFailure.NotFound), (others.Value, others.Failure));
        Assert.Equal((null, StatementFailure.NotFound), (otherLine.Value, otherLine.Failure));
        Assert.Equal(rep.Id, managersRep.Value!.Header.PersonId);
        Assert.Equal(StatementFailure.NotFound, managersOther.Failure);
        Assert.Equal(other.Id, office.Value!.Header.PersonId);
        Assert.Equal(StatementFailure.Forbidden, repWithRun.Failure);
        Assert.Equal(own.Value.Totals, officeWithRun.Value!.Totals);
        Assert.Equal(StatementFailure.NotPublished, unpublished.Failure);
        Assert.Equal(StatementFailure.InvalidPeriod, invalid.Failure);
        Assert.Equal(StatementFailure.NoPerson, nobody.Failure);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task GetLineAsync_CommissionLine_OpensToItsBookingAccountCreditTierRateAndRule(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await stores.GetAsync(provider, ct);
        await using var db = store.NewContext();
        var runId = await PublishedRunAsync(db, Period, ct);
        var line = await db.RunLines.Where(l => l.RunId == runId && l.Kind == "Commission" && l.TierIndex != null).OrderBy(l => l.PersonId).ThenBy(l => l.Number).FirstAsync(ct);
        var booking = await db.Bookings.SingleAsync(b => b.ExternalId == line.BookingIds, ct);
        var account = await db.Accounts.SingleAsync(a => a.Id == booking.AccountId, ct);

        var answer = await Service(db).GetLineAsync(Viewer.System, Scope.All, Period, line.Number, await ExternalIdAsync(db, line.PersonId, ct), cancellationToken: ct);
        var missing = await Service(db).GetLineAsync(Viewer.System, Scope.All, Period, 100_000, await ExternalIdAsync(db, line.PersonId, ct), cancellationToken: ct);

        var detail = answer.Value!;
        var shown = Assert.Single(detail.Bookings);
        Assert.Equal((booking.ExternalId, booking.BookingDate, account.Name, booking.Amount, booking.Currency), (shown.ExternalId, shown.Date, shown.Account, shown.Amount, shown.Currency));
        Assert.NotNull(shown.Product);
        Assert.Equal(line.CreditIds!.Split('|'), detail.CreditIds);
        Assert.Equal(line.Rule, detail.Rule);
        Assert.StartsWith($"tier {line.TierIndex + 1}: from ", detail.TierText, StringComparison.Ordinal);
        Assert.Equal((line.Rate, line.Amount), (detail.Line.Rate, detail.Line.Amount));
        Assert.Equal(StatementFailure.NotFound, missing.Failure);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Pdf_DemoRepStatement_ReadsBackWithTheServicesTotalsAndEveryLine(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await stores.GetAsync(provider, ct);
        await using var db = store.NewContext();
        var rep = (await RepsWithLinesAsync(db, ct))[3];
        var adjustment = Adjustment(rep.Id, 42.42m, AdjustmentStatus.Approved, "Conference SPIFF agreed by email", "finance-lead");
        adjustment.Currency = rep.PayCurrency;
        db.Adjustments.Add(adjustment);
        await db.SaveChangesAsync(ct);
        var statement = (await Service(db).GetAsync(RepViewer(rep.Id), Scope.Only([rep.Id]), Period, null, cancellationToken: ct)).Value!;

        var text = PdfText.All(StatementDocuments.Pdf(statement));

        var c = Assert.Single(statement.Totals).Currency;
        Assert.Contains($"Total to be paid {StatementWords.Money(Assert.Single(statement.Totals).Total, c)} {c}", text, StringComparison.Ordinal);
        Assert.Contains($"Payable from your plans {StatementWords.Money(Assert.Single(statement.Totals).Payable, c)} {c}", text, StringComparison.Ordinal);
        Assert.Contains($"Approved adjustments {StatementWords.Money(42.42m, c)} {c}", text, StringComparison.Ordinal);
        Assert.Contains("Conference SPIFF agreed by email", text, StringComparison.Ordinal);
        Assert.Contains("provisional", text, StringComparison.Ordinal);
        Assert.All(statement.Lines, l => Assert.Contains(l.BookingIds.Count > 0 ? l.BookingIds[0] : l.Kind, text, StringComparison.Ordinal));
        var amounts = statement.Lines.Sum(l => decimal.Parse(StatementWords.Money(l.Amount, l.Currency), NumberStyles.Number, CultureInfo.InvariantCulture));
        Assert.Equal(Assert.Single(statement.Totals).Payable, amounts);
    }

    [Fact]
    public async Task WriteCsvAsync_DemoRepStatement_OneRowPerLineAndAdjustmentSummingToTheTotal()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await stores.GetAsync(StoreProvider.Sqlite, ct);
        await using var db = store.NewContext();
        var rep = (await RepsWithLinesAsync(db, ct))[4];
        db.Adjustments.Add(Adjustment(rep.Id, -10.01m, AdjustmentStatus.Approved, "Duplicate credit, \"B-1\" removed", "finance-lead"));
        await db.SaveChangesAsync(ct);
        var statement = (await Service(db).GetAsync(Viewer.System, Scope.All, Period, rep.ExternalId, cancellationToken: ct)).Value!;
        using var stream = new MemoryStream();

        await StatementDocuments.WriteCsvAsync(statement, stream, ct);

        using var reader = Sep.Reader(o => o with { Unescape = true }).From(new MemoryStream(stream.ToArray()));
        var rows = new List<(string Group, string Description, decimal Amount)>();
        foreach (var row in reader)
        {
            rows.Add((row["group"].ToString(), row["description"].ToString(), decimal.Parse(row["amount"].ToString(), NumberStyles.Number | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)));
        }

        Assert.Equal(string.Join(',', StatementDocuments.CsvColumns), Encoding.UTF8.GetString(stream.ToArray()).Split('\n')[0].TrimEnd('\r'));
        Assert.Equal(statement.Lines.Count + 1, rows.Count);
        Assert.Equal(Assert.Single(statement.Totals).Total, rows.Sum(r => r.Amount));
        Assert.Equal(("adjustment", "Adjustment (manual adjustment): Duplicate credit, \"B-1\" removed — approved by finance-lead"), (rows[^1].Group, rows[^1].Description));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task GetAsync_PlansInUsdAndEur_TotalPerCurrencyAndPayrollReconcilesPerCurrency(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await stores.GetAsync(provider, ct);
        await using var db = store.NewContext();
        var rep = (await RepsWithLinesAsync(db, ct))[5];
        var usd = Line(RunLineSource.Earning, "Commission", 1234.56m, null, "flat rate 0.05: 24691.20 × 0.05");
        var eur = Line(RunLineSource.Earning, "Spiff", 500.25m, null, "SPIFF 500.25 EUR");
        var eurHold = Line(RunLineSource.Payment, "Hold", -50.03m, null, "10 % of 500.25 EUR held");
        (eur.PlanKey, eur.ComponentId, eur.Currency, eurHold.PlanKey, eurHold.Currency) = ("emea-spiff", "spiff", "EUR", "emea-spiff", "EUR");
        await PublishHandBuiltAsync(db, "FY2027-M03", rep.Id, null, [usd, eur, eurHold], heldAfter: 50.03m);
        db.Adjustments.Add(Adjustment(rep.Id, 10.10m, AdjustmentStatus.Approved, "Missed split", "finance-lead", "FY2027-M03"));
        var eurAdjustment = Adjustment(rep.Id, -0.22m, AdjustmentStatus.Approved, "Rounding agreed", "finance-lead", "FY2027-M03");
        eurAdjustment.Currency = "EUR";
        db.Adjustments.Add(eurAdjustment);
        await db.SaveChangesAsync(ct);

        var statement = (await Service(db).GetAsync(Viewer.System, Scope.All, "FY2027-M03", rep.ExternalId, cancellationToken: ct)).Value!;
        var payroll = (await new PayrollExportService(db).BuildAsync("FY2027-M03", cancellationToken: ct)).File!;
        var pdf = PdfText.All(StatementDocuments.Pdf(statement));

        Assert.Equal(
            [new StatementTotals(1234.56m, 0m, 1234.56m, 10.10m, 1244.66m, 0m, 0m, "USD"), new StatementTotals(500.25m, -50.03m, 450.22m, -0.22m, 450.00m, 0m, 50.03m, "EUR")],
            statement.Totals.OrderByDescending(t => t.Currency, StringComparer.Ordinal));
        Assert.Equal(statement.Totals.Select(t => (t.Currency, t.Total)).OrderBy(t => t.Currency, StringComparer.Ordinal),
            payroll.TotalsOf(rep.ExternalId).Select(t => (t.Currency, t.Amount)));
        Assert.All(statement.Components, c => Assert.Equal(c.PlanKey == "emea-spiff" ? "EUR" : "USD", c.Currency));
        Assert.Equal(450.00m, statement.YearToDate.In("EUR").Total);
        Assert.Contains("Totals in EUR", pdf, StringComparison.Ordinal);
        Assert.Contains("Total to be paid 450.00 EUR", pdf, StringComparison.Ordinal);
        Assert.Contains("Total to be paid 1,244.66 USD", pdf, StringComparison.Ordinal);
    }

    // ---- arranging ----

    private static StatementService Service(AttainDbContext db) => new(db);

    private static Viewer RepViewer(long person) => new("u" + person.ToString(CultureInfo.InvariantCulture), "rep", person, new HashSet<string> { Roles.Rep });

    /// <summary>The reps on the AE plan with lines in the demo run, most lines first.</summary>
    private static async Task<List<Person>> RepsWithLinesAsync(AttainDbContext db, CancellationToken ct)
    {
        var runId = await PublishedRunAsync(db, Period, ct);
        var counts = await db.RunLines.Where(l => l.RunId == runId && l.PlanKey == DemoPlans.AccountExecutive)
            .GroupBy(l => l.PersonId).Select(g => new { Person = g.Key, Lines = g.Count() }).ToListAsync(ct);
        var ids = counts.OrderByDescending(c => c.Lines).ThenBy(c => c.Person).Select(c => c.Person).ToList();
        var people = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        return [.. ids.Select(id => people.Single(p => p.Id == id))];
    }

    private static long? ManagerOf(AttainDbContext db, long person) =>
        db.ReportingLines.AsNoTracking().Where(l => l.PersonId == person && l.EffectiveTo == null).Select(l => l.ManagerId).FirstOrDefault();

    private static async Task<long> PublishedRunAsync(AttainDbContext db, string period, CancellationToken ct) =>
        (await db.CompensationPeriods.AsNoTracking().SingleAsync(p => p.PeriodKey == period, ct)).PublishedRunId!.Value;

    private static Task<string> ExternalIdAsync(AttainDbContext db, long person, CancellationToken ct) =>
        db.People.Where(p => p.Id == person).Select(p => p.ExternalId).SingleAsync(ct);

    private static Adjustment Adjustment(long person, decimal amount, AdjustmentStatus status, string reason, string? decidedBy, string period = Period) => new()
    {
        PersonId = person,
        PeriodKey = period,
        Kind = AdjustmentKind.Manual,
        Amount = amount,
        Currency = "USD",
        Reason = reason,
        Status = status,
        RequestedBy = "comp-admin",
        RequestedAt = new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc),
        DecidedBy = decidedBy,
        DecidedAt = decidedBy is null ? null : new DateTime(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc),
    };

    private static RunLine Line(RunLineSource source, string kind, decimal amount, string? booking, string rule, decimal? rate = null, decimal? @base = null, decimal? attainment = null) => new()
    {
        Source = source,
        Kind = kind,
        PlanKey = DemoPlans.AccountExecutive,
        PlanVersion = 1,
        ComponentId = source == RunLineSource.Earning ? "commission" : null,
        PeriodKey = "FY2027-Q3",
        Date = new DateOnly(2026, 6, 15),
        BookingIds = booking,
        Rate = rate,
        Base = @base,
        AttainmentPercent = attainment,
        Rule = rule,
        Amount = amount,
        Currency = "USD",
    };

    /// <summary>Publishes a run of <paramref name="period"/> holding only <paramref name="lines"/> for one person, numbered in order.</summary>
    /// <param name="currency">The currency of every line, or null to keep each line's own (one payout per plan and currency).</param>
    internal static async Task<long> PublishHandBuiltAsync(AttainDbContext db, string period, long person, string? currency, IReadOnlyList<RunLine> lines, decimal balanceAfter = 0m, decimal heldAfter = 0m)
    {
        var run = new CalculationRun { PeriodKey = period, Number = 1, Status = RunStatus.Published, StartedBy = "test", ApprovalStatus = ApprovalStatus.Approved };
        db.CalculationRuns.Add(run);
        await db.SaveChangesAsync();
        for (var i = 0; i < lines.Count; i++)
        {
            lines[i].RunId = run.Id;
            lines[i].PersonId = person;
            lines[i].Number = i + 1;
            lines[i].Currency = currency ?? lines[i].Currency;
        }

        db.RunLines.AddRange(lines);
        var payouts = lines.GroupBy(l => (l.PlanKey, l.Currency)).ToList();
        db.RunPayouts.AddRange(payouts.Select((g, i) => new RunPayout
        {
            RunId = run.Id,
            PersonId = person,
            PlanKey = g.Key.PlanKey,
            PeriodKey = period,
            Currency = g.Key.Currency,
            Payable = g.Sum(l => l.Amount),
            BalanceAfter = i == payouts.Count - 1 ? balanceAfter : 0m,
            HeldAfter = i == payouts.Count - 1 ? heldAfter : 0m,
        }));
        db.CompensationPeriods.Add(new CompensationPeriod { PeriodKey = period, State = PeriodState.Open, PublishedRunId = run.Id });
        await db.SaveChangesAsync();
        return run.Id;
    }
}
