using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Tests.Browse;
using Attain.Testing.Documents;
using Attain.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attain.Web.Tests.Api;

/// <summary>
/// A hand-built published run of <see cref="Period"/> on the fixture organisation: every person has one commission line of
/// 100 + their index (a rep's on their own booking B-ANN, ...), and Ann also an approved adjustment of 12.34.
/// </summary>
public static class StatementSeed
{
    public const string Period = "FY2026-M10";

    public static decimal LineAmount(OrgFixture org, long person) => 100m + org.People.Values.Order().ToList().IndexOf(person);

    /// <summary>What the person's statement totals: their line, plus Ann's adjustment.</summary>
    public static decimal Total(OrgFixture org, long person) => LineAmount(org, person) + (person == org.People[OrgFixture.Ann] ? 12.34m : 0m);

    /// <summary>The run's id; seeds once per store.</summary>
    public static async Task<long> EnsureAsync(IServiceProvider services, OrgFixture org, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AttainDbContext>();
        if (await db.CompensationPeriods.SingleOrDefaultAsync(p => p.PeriodKey == Period, ct) is { PublishedRunId: { } existing })
        {
            return existing;
        }

        var run = new CalculationRun { PeriodKey = Period, Number = 1, Status = RunStatus.Published, StartedBy = "test" };
        db.CalculationRuns.Add(run);
        await db.SaveChangesAsync(ct);
        foreach (var (key, person) in org.People)
        {
            var rep = OrgFixture.RepKeys.Contains(key);
            db.RunLines.Add(new RunLine
            {
                RunId = run.Id,
                PersonId = person,
                Number = 1,
                Source = RunLineSource.Earning,
                Kind = "Commission",
                PlanKey = "plan",
                PlanVersion = 1,
                ComponentId = "commission",
                PeriodKey = "FY2026-Q4",
                Date = new DateOnly(2026, 10, 15),
                BookingIds = rep ? $"B-{key.ToUpperInvariant()}" : null,
                CreditIds = rep ? $"c-{key}" : null,
                Rate = 0.05m,
                Base = LineAmount(org, person) * 20m,
                Rule = "flat rate 0.05",
                Amount = LineAmount(org, person),
                Currency = "EUR",
            });
            db.RunPayouts.Add(new RunPayout { RunId = run.Id, PersonId = person, PlanKey = "plan", PeriodKey = Period, Currency = "EUR", Earned = LineAmount(org, person), Payable = LineAmount(org, person) });
        }

        db.Adjustments.Add(new Adjustment
        {
            PersonId = org.People[OrgFixture.Ann],
            PeriodKey = Period,
            Kind = AdjustmentKind.Manual,
            Amount = 12.34m,
            Currency = "EUR",
            Reason = "Split missed on B-ANN",
            Status = AdjustmentStatus.Approved,
            RequestedBy = "comp",
            DecidedBy = "finance",
            DecidedAt = new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc),
        });
        db.CompensationPeriods.Add(new CompensationPeriod { PeriodKey = Period, PublishedRunId = run.Id });
        await db.SaveChangesAsync(ct);
        return run.Id;
    }
}

public class StatementsEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetStatement_RepOwn_TotalReconcilesAndCsvAndPdfCarryIt()
    {
        await using var app = await SeededApp.StartAsync();
        await StatementSeed.EnsureAsync(app.App.App.Services, app.Org, Ct);
        using var ann = app.Ann();
        var annId = app.Org.People[OrgFixture.Ann];

        using var json = await ann.GetAsync(new Uri($"/api/v1/statements/{StatementSeed.Period}", UriKind.Relative), Ct);
        using var csv = await ann.GetAsync(new Uri($"/api/v1/statements/{StatementSeed.Period}/statement.csv", UriKind.Relative), Ct);
        using var pdf = await ann.GetAsync(new Uri($"/api/v1/statements/{StatementSeed.Period}/statement.pdf", UriKind.Relative), Ct);
        using var line = await ann.GetAsync(new Uri($"/api/v1/statements/{StatementSeed.Period}/lines/1", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        var statement = JsonDocument.Parse(await json.Content.ReadAsStringAsync(Ct)).RootElement;
        var total = statement.GetProperty("totals")[0].GetProperty("total").GetDecimal();
        Assert.Equal(StatementSeed.Total(app.Org, annId), total);
        Assert.Equal("P-ANN", statement.GetProperty("header").GetProperty("personExternalId").GetString());
        Assert.Equal("provisional", statement.GetProperty("header").GetProperty("status").GetString());
        Assert.Equal("Split missed on B-ANN", statement.GetProperty("adjustments")[0].GetProperty("reason").GetString());
        Assert.StartsWith("Commission on booking B-ANN", statement.GetProperty("lines")[0].GetProperty("description").GetString(), StringComparison.Ordinal);

        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var rows = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, rows.Length);
        Assert.Equal(total, rows.Skip(1).Sum(r => decimal.Parse(r.Split(',')[^2], NumberStyles.Number | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)));

        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var text = PdfText.All(await pdf.Content.ReadAsByteArrayAsync(Ct));
        Assert.Contains($"Total to be paid {StatementWords.Money(total, "EUR")} EUR", text, StringComparison.Ordinal);

        var detail = JsonDocument.Parse(await line.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("B-ANN", detail.GetProperty("bookings")[0].GetProperty("externalId").GetString());
        Assert.Equal("c-ann", detail.GetProperty("creditIds")[0].GetString());
    }

    [Fact]
    public async Task GetStatement_RepAsksForAnotherRep_NotFoundLikeAnUnknownPerson()
    {
        await using var app = await SeededApp.StartAsync();
        await StatementSeed.EnsureAsync(app.App.App.Services, app.Org, Ct);
        using var ann = app.Ann();

        using var other = await ann.GetAsync(new Uri($"/api/v1/statements/{StatementSeed.Period}?person=P-BOB", UriKind.Relative), Ct);
        using var otherLine = await ann.GetAsync(new Uri($"/api/v1/statements/{StatementSeed.Period}/lines/1?person=P-BOB", UriKind.Relative), Ct);
        using var otherPdf = await ann.GetAsync(new Uri($"/api/v1/statements/{StatementSeed.Period}/statement.pdf?person=P-BOB", UriKind.Relative), Ct);
        using var unknown = await ann.GetAsync(new Uri($"/api/v1/statements/{StatementSeed.Period}?person=P-NOBODY", UriKind.Relative), Ct);

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { other.StatusCode, otherLine.StatusCode, otherPdf.StatusCode, unknown.StatusCode });
        var body = await other.Content.ReadAsStringAsync(Ct);
        Assert.Contains("\"code\":\"not_found\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Bob", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatement_NotPublishedBadPeriodOrRunFromARep_ProblemWithItsCode()
    {
        await using var app = await SeededApp.StartAsync();
        var runId = await StatementSeed.EnsureAsync(app.App.App.Services, app.Org, Ct);
        using var ann = app.Ann();
        using var admin = app.Admin();

        var cases = new (HttpClient Client, string Path, HttpStatusCode Status, string Code)[]
        {
            (ann, "/api/v1/statements/FY2026-M11", HttpStatusCode.NotFound, "statement_not_published"),
            (ann, "/api/v1/statements/2026-10", HttpStatusCode.BadRequest, "invalid_query"),
            (ann, $"/api/v1/statements/{StatementSeed.Period}?run={runId}", HttpStatusCode.Forbidden, "forbidden"),
            (ann, $"/api/v1/statements/{StatementSeed.Period}?run=x", HttpStatusCode.BadRequest, "invalid_query"),
            (ann, $"/api/v1/statements/{StatementSeed.Period}/lines/2", HttpStatusCode.NotFound, "not_found"),
            (admin, $"/api/v1/statements/{StatementSeed.Period}", HttpStatusCode.BadRequest, "invalid_query"),
        };
        var answers = new List<string>();
        foreach (var (client, path, _, _) in cases)
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
            answers.Add($"{path} {(int)response.StatusCode} {body.GetProperty("code").GetString()}");
        }

        using var adminWithRun = await admin.GetAsync(new Uri($"/api/v1/statements/{StatementSeed.Period}?person=P-BOB&run={runId}", UriKind.Relative), Ct);

        Assert.Equal(cases.Select(c => $"{c.Path} {(int)c.Status} {c.Code}"), answers);
        Assert.Equal(HttpStatusCode.OK, adminWithRun.StatusCode);
    }
}
