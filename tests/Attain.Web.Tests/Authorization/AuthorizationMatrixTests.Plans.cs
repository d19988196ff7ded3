using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Attain.Application.Compensation;
using Attain.Application.Demo;
using Attain.Application.Organisation;
using Attain.Application.Quotas;
using Attain.Application.Tests.Browse;
using Microsoft.EntityFrameworkCore;

namespace Attain.Web.Tests.Authorization;

/// <summary>
/// Probes of plan administration, plan documents and the estimator. Ann gets the demo's account executive plan (seeded
/// on first use, directly in the store), so her document and estimate exist; nobody else has a plan.
/// </summary>
public partial class AuthorizationMatrixTests
{
    private static bool PlanReader(Caller caller) => caller.Role is Roles.Admin or Roles.CompAdmin or Roles.Finance;

    private static bool PlanWriter(Caller caller) => caller.Role is Roles.Admin or Roles.CompAdmin;

    private static async Task<long> AnnAssignmentAsync(World world)
    {
        await using var db = world.App.Store.NewContext("matrix");
        if (await db.PlanAssignments.Select(a => (long?)a.Id).FirstOrDefaultAsync(Ct) is { } id)
        {
            return id;
        }

        var plans = new PlanService(db, TimeProvider.System);
        await plans.CreateDraftAsync(new PlanDraftRequest(DemoPlans.AccountExecutiveDocument, null, "matrix"), Ct);
        await plans.PublishAsync(DemoPlans.AccountExecutive, 1, new PlanPublishRequest("matrix"), Ct);
        var ann = world.Org.People[OrgFixture.Ann];
        db.Quotas.Add(new Quota { PersonId = ann, Period = "FY2026-Q4", PeriodStart = new DateOnly(2026, 10, 1), PeriodEnd = new DateOnly(2026, 12, 31), Amount = 100_000m, Currency = "EUR" });
        await db.SaveChangesAsync(Ct);
        var assignment = await plans.CreateAssignmentAsync(new PlanAssignmentRequest(ann, DemoPlans.AccountExecutive, new DateOnly(2026, 1, 1), null, 40_000m, null, null, "matrix"), Ct);
        return assignment.Value!.Id;
    }

    private static Probe RoleProbe(HttpMethod method, string path, Func<Caller, bool> allowed, HttpStatusCode whenAllowed, object? body = null) =>
        async (world, caller, client, failures) =>
        {
            await AnnAssignmentAsync(world);
            using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await client.SendAsync(request, Ct);
            var expected = caller.Anonymous ? HttpStatusCode.Unauthorized : allowed(caller) ? whenAllowed : HttpStatusCode.Forbidden;
            ExpectStatus(response, expected, failures);
        };

    /// <summary>Estimates for every person: those in the caller's scope are answered (Ann's, the only one with a plan, with 200; others 400 no_assignment), the rest 404.</summary>
    private static async Task EstimateProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        await AnnAssignmentAsync(world);
        foreach (var (key, person) in world.Org.People)
        {
            using var response = await client.PostAsJsonAsync(
                "/api/v1/estimates", new { personId = person, deals = new[] { new { amount = 1000m, currency = "EUR", date = "2026-11-30" } } }, Ct);
            var expected = caller.Anonymous ? HttpStatusCode.Unauthorized
                : !CanSee(world, caller, person) ? HttpStatusCode.NotFound
                : key == OrgFixture.Ann ? HttpStatusCode.OK
                : HttpStatusCode.BadRequest;
            if (ExpectStatus(response, expected, failures, key) && expected == HttpStatusCode.OK)
            {
                var estimate = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
                if (estimate.GetProperty("personId").GetInt64() != person)
                {
                    failures.Add($"{key}: estimate for another person: {estimate}");
                }
            }
        }
    }

    private static async Task EstimateOpportunitiesProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        foreach (var (key, person) in world.Org.People)
        {
            using var response = await client.GetAsync(new Uri($"/api/v1/estimates/opportunities?personId={person}", UriKind.Relative), Ct);
            var expected = caller.Anonymous ? HttpStatusCode.Unauthorized : CanSee(world, caller, person) ? HttpStatusCode.OK : HttpStatusCode.NotFound;
            if (ExpectStatus(response, expected, failures, key) && expected == HttpStatusCode.OK)
            {
                var items = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
                var mine = world.Org.OpportunityOwners.Where(o => o.Value == person).Select(o => o.Key).Order();
                if (!items.EnumerateArray().Select(o => o.GetProperty("id").GetInt64()).Order().SequenceEqual(mine))
                {
                    failures.Add($"{key}: opportunities of someone else: {items}");
                }
            }
        }
    }

    /// <summary>Ann's document: visible to whoever may see Ann, 404 for the rest; the PDF likewise.</summary>
    private static Probe PlanDocumentProbe(string suffix) => async (world, caller, client, failures) =>
    {
        var assignment = await AnnAssignmentAsync(world);
        var ann = world.Org.People[OrgFixture.Ann];
        using var response = await client.GetAsync(new Uri($"/api/v1/plan-documents/{assignment}{suffix}", UriKind.Relative), Ct);
        var expected = caller.Anonymous ? HttpStatusCode.Unauthorized : CanSee(world, caller, ann) ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        ExpectStatus(response, expected, failures);
    };

    /// <summary>Only Ann may accept her document (with a stale hash: 409, nothing saved); others who see it get 403, the rest 404.</summary>
    private static async Task AcceptPlanDocumentProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        var assignment = await AnnAssignmentAsync(world);
        var ann = world.Org.People[OrgFixture.Ann];
        using var response = await client.PostAsJsonAsync($"/api/v1/plan-documents/{assignment}/accept", new { sha256 = new string('0', 64) }, Ct);
        var expected = caller.Anonymous ? HttpStatusCode.Unauthorized
            : !CanSee(world, caller, ann) ? HttpStatusCode.NotFound
            : caller.PersonKey == OrgFixture.Ann ? HttpStatusCode.Conflict
            : HttpStatusCode.Forbidden;
        ExpectStatus(response, expected, failures);
    }

    private static async Task MyPlanDocumentsProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        await AnnAssignmentAsync(world);
        using var response = await client.GetAsync(new Uri("/api/v1/plan-documents/mine", UriKind.Relative), Ct);
        if (ExpectStatus(response, caller.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, failures) && !caller.Anonymous)
        {
            var documents = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            var expected = caller.PersonKey == OrgFixture.Ann ? 1 : 0;
            if (documents.GetArrayLength() != expected || documents.EnumerateArray().Any(d => d.GetProperty("personId").GetInt64() != world.Org.People[OrgFixture.Ann]))
            {
                failures.Add($"expected {expected} document(s) of the caller's own: {documents}");
            }
        }
    }
}
