using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Attain.Application.Compensation;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Application.Organisation;
using Attain.Testing.Stores;
using Attain.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attain.Web.Tests.Api;

/// <summary>
/// The issue's full period close through the API on the demo company: run → review → approve (with segregation of
/// duties) → statements → a payroll file that reconciles to the cent with the statements.
/// </summary>
public class PeriodCloseJourneyTests
{
    private const string Period = "FY2027-M09";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PeriodClose_RunApproveStatementsPayroll_PayrollReconcilesWithEveryStatementToTheCent()
    {
        await using var store = await DemoCompanyStores.CreateAsync(StoreProvider.Sqlite, Ct);

        await using var app = await TestApp.StartAsync(store);
        List<long> reps;
        long manager;
        await using (var db = store.NewContext())
        {
            reps = await db.PlanAssignments.Where(a => a.PlanKey == DemoPlans.AccountExecutive).OrderBy(a => a.PersonId).Select(a => a.PersonId).Take(2).ToListAsync(Ct);
            manager = await db.PlanAssignments.Where(a => a.PlanKey == DemoPlans.ManagerOverride).OrderBy(a => a.PersonId).Select(a => a.PersonId).FirstAsync(Ct);
        }

        using var starter = await ClientAsync(app, "carla", null, Roles.CompAdmin);
        using var requester = await ClientAsync(app, "cody", null, Roles.CompAdmin);
        using var reviewer = await ClientAsync(app, "cora", null, Roles.CompAdmin);
        using var finance = await ClientAsync(app, "fin", null, Roles.Finance);
        using var lead = await ClientAsync(app, "mona", manager, Roles.Manager);
        using var rep = await ClientAsync(app, "rory", reps[0], Roles.Rep);

        using var started = await starter.PostAsJsonAsync("/api/v1/runs", new { period = Period, reason = "October close" }, Ct);
        var runId = JsonDocument.Parse(await started.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetInt64();
        var status = await WaitForAsync(starter, runId);
        using var adjustment = await requester.PostAsJsonAsync("/api/v1/adjustments",
            new { personId = reps[0], periodKey = Period, amount = 125.50m, currency = await CurrencyAsync(store, reps[0]), reason = "Missed SPIFF for the Q3 launch deal" }, Ct);
        var adjustmentId = JsonDocument.Parse(await adjustment.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetInt64();
        using var adjustmentApproved = await finance.PostAsJsonAsync($"/api/v1/adjustments/{adjustmentId}/approve", new { reason = "agreed" }, Ct);
        using var submitted = await starter.PostAsJsonAsync($"/api/v1/approvals/runs/{runId}/submit", new { }, Ct);
        using var provisional = await rep.GetAsync(new Uri($"/api/v1/statements/{Period}", UriKind.Relative), Ct);
        var provisionalFinal = JsonDocument.Parse(await provisional.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("header").GetProperty("final").GetBoolean();
        using var step1 = await lead.PostAsJsonAsync($"/api/v1/approvals/runs/{runId}/approve", new { reason = "team looks right" }, Ct);
        using var starterApproves = await starter.PostAsJsonAsync($"/api/v1/approvals/runs/{runId}/approve", new { reason = "mine" }, Ct);
        using var requesterApproves = await requester.PostAsJsonAsync($"/api/v1/approvals/runs/{runId}/approve", new { reason = "x" }, Ct);
        using var step2 = await reviewer.PostAsJsonAsync($"/api/v1/approvals/runs/{runId}/approve", new { reason = "reviewed" }, Ct);
        using var step3 = await finance.PostAsJsonAsync($"/api/v1/approvals/runs/{runId}/approve", new { reason = "books closed" }, Ct);
        var statements = new Dictionary<string, decimal>(StringComparer.Ordinal);
        await using (var db = store.NewContext())
        {
            foreach (var person in await db.RunPayouts.Where(p => p.RunId == runId).Select(p => p.PersonId).Distinct().ToListAsync(Ct))
            {
                var externalId = await db.People.Where(p => p.Id == person).Select(p => p.ExternalId).SingleAsync(Ct);
                using var response = await finance.GetAsync(new Uri($"/api/v1/statements/{Period}?person={externalId}", UriKind.Relative), Ct);
                var totals = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("totals")[0];
                statements[externalId] = totals.GetProperty("total").GetDecimal();
            }
        }

        using var own = await rep.GetAsync(new Uri($"/api/v1/statements/{Period}", UriKind.Relative), Ct);
        var ownStatement = JsonDocument.Parse(await own.Content.ReadAsStringAsync(Ct)).RootElement;
        var otherExternalId = await ExternalIdAsync(store, reps[1]);
        using var other = await rep.GetAsync(new Uri($"/api/v1/statements/{Period}?person={otherExternalId}", UriKind.Relative), Ct);
        using var payroll = await finance.GetAsync(new Uri($"/api/v1/payroll/{Period}.csv", UriKind.Relative), Ct);
        var rows = (await payroll.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split(',')).ToList();
        var header = rows[0].ToList();
        var paid = rows.Skip(1).GroupBy(r => r[header.IndexOf("person_id")], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(r => decimal.Parse(r[header.IndexOf("amount")], CultureInfo.InvariantCulture)), StringComparer.Ordinal);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("Published", status);
        Assert.True(adjustmentApproved.IsSuccessStatusCode, await adjustmentApproved.Content.ReadAsStringAsync(Ct));
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Forbidden, starterApproves.StatusCode);
        Assert.Contains("segregation_of_duties", await starterApproves.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.False(provisionalFinal);
        Assert.True(step1.IsSuccessStatusCode, await step1.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Forbidden, requesterApproves.StatusCode);
        Assert.Contains("segregation_of_duties", await requesterApproves.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.True(step2.IsSuccessStatusCode, await step2.Content.ReadAsStringAsync(Ct));
        Assert.True(step3.IsSuccessStatusCode, await step3.Content.ReadAsStringAsync(Ct));
        Assert.True(ownStatement.GetProperty("header").GetProperty("final").GetBoolean());
        Assert.Contains(ownStatement.GetProperty("adjustments").EnumerateArray(), a => a.GetProperty("amount").GetDecimal() == 125.50m);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, payroll.StatusCode);
        Assert.True(statements.Count > 60, $"every paid participant should have a statement, got {statements.Count}");
        Assert.Equal(statements.Where(s => s.Value != 0m).OrderBy(s => s.Key, StringComparer.Ordinal), paid.Where(p => p.Value != 0m).OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(statements.Values.Sum(), paid.Values.Sum());
    }

    private static async Task<HttpClient> ClientAsync(TestApp app, string userName, long? personId, string role)
    {
        var user = await app.CreateUserAsync(userName, personId, role);
        return app.Client((await app.IssueTokenAsync(user.Id)).Secret);
    }

    private static async Task<string?> WaitForAsync(HttpClient client, long runId)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            using var response = await client.GetAsync(new Uri($"/api/v1/runs/{runId}", UriKind.Relative), Ct);
            var run = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

            // A run that is staged but not yet published is still active (between its two transactions).
            if (!run.GetProperty("isActive").GetBoolean())
            {
                return run.GetProperty("status").GetString();
            }

            await Task.Delay(200, Ct);
        }

        return "Running";
    }

    private static async Task<string> CurrencyAsync(TestStore store, long person)
    {
        await using var db = store.NewContext();
        return await db.People.Where(p => p.Id == person).Select(p => p.PayCurrency).SingleAsync(Ct);
    }

    private static async Task<string> ExternalIdAsync(TestStore store, long person)
    {
        await using var db = store.NewContext();
        return await db.People.Where(p => p.Id == person).Select(p => p.ExternalId).SingleAsync(Ct);
    }
}
