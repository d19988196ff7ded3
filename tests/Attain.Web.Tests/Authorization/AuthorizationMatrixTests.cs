using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Attain.Application.Data;
using Attain.Application.Organisation;
using Attain.Application.Tests.Browse;
using Attain.Testing.Stores;
using Attain.Web.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attain.Web.Tests.Authorization;

/// <summary>
/// Every endpoint of the app, for every kind of caller, on the hand-made organisation (<see cref="OrgFixture"/>):
/// the expected status, and no row outside the caller's scope in any response. An endpoint without an entry fails.
/// </summary>
public partial class AuthorizationMatrixTests
{
    /// <summary>A caller: a login with a role and maybe a person, or nobody (anonymous); optionally signed in by cookie.</summary>
    public sealed record Caller(string Name, string? Role, string? PersonKey, bool ByCookie = false)
    {
        public bool Anonymous => Role is null;

        public override string ToString() => ByCookie ? Name + " (cookie)" : Name;
    }

    private static readonly Caller[] Callers =
    [
        new("admin", Roles.Admin, null),
        new("comp-admin", Roles.CompAdmin, null),
        new("finance", Roles.Finance, null),
        new("sales-ops", Roles.SalesOps, null),
        new(OrgFixture.Vp, Roles.Manager, OrgFixture.Vp),
        new(OrgFixture.North, Roles.Manager, OrgFixture.North),
        new(OrgFixture.South, Roles.Manager, OrgFixture.South),
        new(OrgFixture.Ann, Roles.Rep, OrgFixture.Ann),
        new(OrgFixture.Cal, Roles.Rep, OrgFixture.Cal),
        new(OrgFixture.Dee, Roles.Rep, OrgFixture.Dee),
        new("orphan", Roles.Rep, null),
        new(OrgFixture.North, Roles.Manager, OrgFixture.North, ByCookie: true),
        new("anonymous", null, null),
    ];

    private delegate Task Probe(World world, Caller caller, HttpClient client, List<string> failures);

    /// <summary>The matrix: one probe per endpoint, keyed "METHOD /route/pattern" (trailing slash trimmed).</summary>
    private static readonly Dictionary<string, Probe> Endpoints = new(StringComparer.Ordinal)
    {
        ["GET /api/v1/me"] = ProbeMeAsync,
        ["GET /api/v1/people"] = ListProbe("/api/v1/people", w => w.Org.People.Values.ToDictionary(id => id, id => (long?)id)),
        ["GET /api/v1/people/{id:long}"] = GetProbe("/api/v1/people/{0}", w => w.Org.People.Values.ToDictionary(id => id, id => (long?)id)),
        ["GET /api/v1/teams"] = ListProbe("/api/v1/teams", w => OrgStructure([w.Org.LeadershipTeam, w.Org.NorthTeam, w.Org.SouthTeam])),
        ["GET /api/v1/teams/{id:long}"] = GetProbe("/api/v1/teams/{0}", w => OrgStructure([w.Org.LeadershipTeam, w.Org.NorthTeam, w.Org.SouthTeam])),
        ["GET /api/v1/regions"] = ListProbe("/api/v1/regions", w => OrgStructure([w.Org.Region])),
        ["GET /api/v1/regions/{id:long}"] = GetProbe("/api/v1/regions/{0}", w => OrgStructure([w.Org.Region])),
        ["GET /api/v1/accounts"] = ListProbe("/api/v1/accounts", w => w.Org.AccountOwners),
        ["GET /api/v1/accounts/{id:long}"] = GetProbe("/api/v1/accounts/{0}", w => w.Org.AccountOwners),
        ["GET /api/v1/opportunities"] = ListProbe("/api/v1/opportunities", w => Owned(w.Org.OpportunityOwners)),
        ["GET /api/v1/opportunities/{id:long}"] = GetProbe("/api/v1/opportunities/{0}", w => Owned(w.Org.OpportunityOwners)),
        ["GET /api/v1/opportunities/{id:long}/stage-history"] = StageHistoryProbeAsync,
        ["GET /api/v1/activities"] = ListProbe("/api/v1/activities", w => Owned(w.Org.ActivityOwners)),
        ["GET /api/v1/activities/{id:long}"] = GetProbe("/api/v1/activities/{0}", w => Owned(w.Org.ActivityOwners)),
        ["GET /api/v1/bookings"] = ListProbe("/api/v1/bookings", w => Owned(w.Org.BookingOwners)),
        ["GET /api/v1/bookings/{id:long}"] = GetProbe("/api/v1/bookings/{0}", w => Owned(w.Org.BookingOwners)),
        ["GET /api/v1/kpis"] = KpiCatalogProbeAsync,
        ["GET /api/v1/kpis/{name}"] = KpiProbeAsync,
        ["GET /api/v1/pipeline/funnel"] = PipelineFunnelProbeAsync,
        ["GET /api/v1/pipeline/flags"] = PipelineFlagsProbeAsync,
        ["GET /api/v1/pipeline/coverage-gaps"] = PipelineCoverageGapsProbeAsync,
        ["GET /api/v1/pipeline/reviews/{personId:long}"] = PipelineReviewProbeAsync,
        ["GET /api/v1/pipeline/settings"] = PublicToSignedInProbe("/api/v1/pipeline/settings", "stalledAfterDays"),
        ["PUT /api/v1/pipeline/settings"] = PipelineSettingsUpdateProbeAsync,
        ["GET /api/v1/segmentations"] = SegmentationListProbeAsync,
        ["GET /api/v1/segmentations/{id:long}"] = SegmentationGetProbeAsync,
        ["GET /api/v1/segmentations/{id:long}/summary"] = SegmentationSummaryProbeAsync,
        ["POST /api/v1/segmentations"] = SegmentationWriteProbeAsync,
        ["PUT /api/v1/segmentations/{id:long}"] = SegmentationWriteProbeAsync,
        ["POST /api/v1/segmentations/{id:long}/recompute"] = SegmentationWriteProbeAsync,
        ["GET /api/v1/dashboards/rep"] = RepDashboardProbeAsync,
        ["GET /api/v1/dashboards/manager"] = LeaderDashboardProbe("manager"),
        ["GET /api/v1/dashboards/executive"] = LeaderDashboardProbe("executive"),
        ["GET /api/v1/periods"] = PublicToSignedInProbe("/api/v1/periods", "periodKey"),
        ["POST /api/v1/periods/{key}/close"] = RoleProbe(HttpMethod.Post, "/api/v1/periods/FY2027-M08/close", HttpStatusCode.Conflict, Roles.Admin, Roles.CompAdmin, Roles.Finance),
        ["POST /api/v1/periods/{key}/recalculate"] = RoleProbe(HttpMethod.Post, "/api/v1/periods/not-a-period/recalculate", HttpStatusCode.BadRequest, Roles.Admin, Roles.CompAdmin),
        ["GET /api/v1/pay-changes"] = PayChangesProbeAsync,
        ["GET /api/v1/payroll/{period}.csv"] = RoleProbe(HttpMethod.Get, "/api/v1/payroll/FY2027-M08.csv", HttpStatusCode.Conflict, Roles.Finance, Roles.Admin, Roles.CompAdmin),
        ["GET /api/v1/accruals/{period}"] = RoleProbe(HttpMethod.Get, "/api/v1/accruals/FY2027-M08?format=xlsx", HttpStatusCode.Conflict, Roles.Finance, Roles.Admin, Roles.CompAdmin),
        ["GET /api/v1/statements/{period}"] = StatementsProbeAsync,
        ["GET /api/v1/statements/{period}/lines/{number:int}"] = StatementsProbeAsync,
        ["GET /api/v1/statements/{period}/statement.csv"] = StatementsProbeAsync,
        ["GET /api/v1/statements/{period}/statement.pdf"] = StatementsProbeAsync,
        ["GET /api/v1/tokens"] = ListTokensProbeAsync,
        ["POST /api/v1/tokens"] = CreateTokenProbeAsync,
        ["DELETE /api/v1/tokens/{id:long}"] = RevokeTokenProbeAsync,
        ["POST /api/v1/imports/{entity}"] = ImportProbeAsync,
        ["POST /api/v1/runs"] = RunsProbeAsync,
        ["GET /api/v1/runs"] = RunsProbeAsync,
        ["GET /api/v1/runs/compare"] = RunsProbeAsync,
        ["GET /api/v1/runs/{id:long}"] = RunsProbeAsync,
        ["GET /api/v1/runs/{id:long}/payouts"] = RunsProbeAsync,
        ["GET /api/v1/exports/{entity}"] = ExportProbeAsync,
        ["GET /api/v1/audit"] = AuditProbe("/api/v1/audit?entity=UserRole&pageSize=200", "\"entity\":\"UserRole\""),
        ["GET /api/v1/audit/export"] = AuditProbe("/api/v1/audit/export?format=csv&entity=ApiToken", ",ApiToken,"),
        ["GET /api/v1/approvals/chain"] = PublicToSignedInProbe("/api/v1/approvals/chain", "steps"),
        ["PUT /api/v1/approvals/chain"] = ApprovalChainUpdateProbeAsync,
        ["GET /api/v1/approvals/runs"] = RunApprovalsListProbeAsync,
        ["GET /api/v1/approvals/runs/{runId:long}"] = RunApprovalGetProbeAsync,
        ["POST /api/v1/approvals/runs/{runId:long}/submit"] = RunSubmitProbeAsync,
        ["POST /api/v1/approvals/runs/{runId:long}/approve"] = RunDecisionProbe("approve"),
        ["POST /api/v1/approvals/runs/{runId:long}/reject"] = RunDecisionProbe("reject"),
        ["GET /api/v1/adjustments"] = AdjustmentListProbeAsync,
        ["GET /api/v1/adjustments/{id:long}"] = AdjustmentGetProbeAsync,
        ["POST /api/v1/adjustments"] = AdjustmentCreateProbeAsync,
        ["POST /api/v1/adjustments/{id:long}/approve"] = AdjustmentDecisionProbe("approve"),
        ["POST /api/v1/adjustments/{id:long}/reject"] = AdjustmentDecisionProbe("reject"),
        ["GET /api/v1/disputes"] = DisputeListProbeAsync,
        ["GET /api/v1/disputes/{id:long}"] = DisputeGetProbeAsync,
        ["POST /api/v1/disputes"] = DisputeRaiseProbeAsync,
        ["POST /api/v1/disputes/{id:long}/comments"] = DisputeCommentProbeAsync,
        ["POST /api/v1/disputes/{id:long}/review"] = DisputeTransitionProbe("review"),
        ["POST /api/v1/disputes/{id:long}/resolve"] = DisputeTransitionProbe("resolve"),
        ["POST /api/v1/disputes/{id:long}/reject"] = DisputeTransitionProbe("reject"),
        ["GET /api/v1/disputes/settings"] = PublicToSignedInProbe("/api/v1/disputes/settings", "slaDays"),
        ["PUT /api/v1/disputes/settings"] = DisputeSettingsUpdateProbeAsync,
        ["GET /api/v1/notifications"] = NotificationListProbeAsync,
        ["POST /api/v1/notifications/{id:long}/read"] = NotificationReadProbeAsync,
        ["POST /api/v1/notifications/read-all"] = NotificationReadAllProbeAsync,
        ["GET /api/v1/plans"] = RoleProbe(HttpMethod.Get, "/api/v1/plans", PlanReader, HttpStatusCode.OK),
        ["GET /api/v1/plans/{key}/versions/{version:int}"] = RoleProbe(HttpMethod.Get, "/api/v1/plans/ae-quarterly/versions/1", PlanReader, HttpStatusCode.OK),
        ["POST /api/v1/plans"] = RoleProbe(HttpMethod.Post, "/api/v1/plans", PlanWriter, HttpStatusCode.BadRequest, new { document = "{", reason = "matrix" }),
        ["POST /api/v1/plans/{key}/versions/{version:int}/publish"] = RoleProbe(HttpMethod.Post, "/api/v1/plans/ae-quarterly/versions/9/publish", PlanWriter, HttpStatusCode.NotFound, new { reason = "matrix" }),
        ["POST /api/v1/plans/{key}/versions/{version:int}/what-if"] = RoleProbe(HttpMethod.Post, "/api/v1/plans/ae-quarterly/versions/9/what-if", PlanWriter, HttpStatusCode.NotFound),
        ["GET /api/v1/plan-assignments"] = RoleProbe(HttpMethod.Get, "/api/v1/plan-assignments", PlanReader, HttpStatusCode.OK),
        ["GET /api/v1/plan-assignments/{id:long}"] = RoleProbe(HttpMethod.Get, "/api/v1/plan-assignments/999999", PlanReader, HttpStatusCode.NotFound),
        ["POST /api/v1/plan-assignments"] = RoleProbe(HttpMethod.Post, "/api/v1/plan-assignments", PlanWriter, HttpStatusCode.BadRequest, new { personId = 0, planKey = "", effectiveFrom = "2026-01-01", reason = "" }),
        ["POST /api/v1/plan-assignments/{id:long}/end"] = RoleProbe(HttpMethod.Post, "/api/v1/plan-assignments/999999/end", PlanWriter, HttpStatusCode.NotFound, new { effectiveTo = "2026-12-31", reason = "matrix" }),
        ["GET /api/v1/plan-documents/mine"] = MyPlanDocumentsProbeAsync,
        ["GET /api/v1/plan-documents/acceptances"] = RoleProbe(HttpMethod.Get, "/api/v1/plan-documents/acceptances", PlanReader, HttpStatusCode.OK),
        ["GET /api/v1/plan-documents/{assignmentId:long}"] = PlanDocumentProbe(string.Empty),
        ["GET /api/v1/plan-documents/{assignmentId:long}/pdf"] = PlanDocumentProbe("/pdf"),
        ["POST /api/v1/plan-documents/{assignmentId:long}/accept"] = AcceptPlanDocumentProbeAsync,
        ["POST /api/v1/estimates"] = EstimateProbeAsync,
        ["GET /api/v1/estimates/opportunities"] = EstimateOpportunitiesProbeAsync,
        // Health checks map without an HTTP method: any method answers.
        ["* /health"] = PublicProbe("/health", "Healthy"),
        ["GET /openapi/{documentName}.json"] = PublicProbe("/openapi/v1.json", "\"openapi\""),
        ["POST /account/login"] = LoginWithoutAntiforgeryProbeAsync,
        ["POST /account/logout"] = LogoutProbeAsync,
    };

    /// <summary>Endpoint families owned by frameworks, matched by what they are rather than one by one.</summary>
    private static readonly (string Name, Func<RouteEndpoint, bool> Matches, Probe Probe)[] Families =
    [
        ("static asset", e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is not null, NoProbe),
        ("Blazor circuit", e => e.RoutePattern.RawText!.StartsWith("/_blazor", StringComparison.Ordinal)
            || e.RoutePattern.RawText!.StartsWith("/_framework/", StringComparison.Ordinal), NoProbe),
        ("static file fallback", e => e.RoutePattern.RawText == "{**path:file}", NoProbe),
        ("API reference", e => e.RoutePattern.RawText!.StartsWith("/api/reference/", StringComparison.Ordinal), PublicProbe("/api/reference/", "<html")),
        ("UI page", e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null, PageProbeAsync),
    ];

    /// <summary>UI pages that anonymous users may open; every other page must require sign-in.</summary>
    private static readonly HashSet<string> AnonymousPages = ["/login"];

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task EveryEndpoint_EveryCaller_StatusAndRowsMatchScope(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var app = await TestApp.StartAsync(store);
        var world = await World.CreateAsync(app);
        var failures = new List<string>();
        var probes = new List<(string Endpoint, Probe Probe)>();
        foreach (var endpoint in app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var key = Key(endpoint);
            if (Endpoints.TryGetValue(key, out var probe))
            {
                probes.Add((key, probe));
            }
            else if (Families.FirstOrDefault(f => f.Matches(endpoint)) is { Name: not null } family)
            {
                probes.Add(($"{family.Name} {key}", family.Probe));
                if (family.Name == "UI page")
                {
                    CheckPageAuthorization(endpoint, failures);
                }
            }
            else
            {
                failures.Add($"{key}: no entry in the authorization matrix");
            }
        }

        var mapped = probes.Select(p => p.Endpoint).ToHashSet(StringComparer.Ordinal);
        failures.AddRange(Endpoints.Keys.Where(k => !mapped.Contains(k)).Select(k => $"{k}: in the matrix but not an endpoint any more"));

        foreach (var caller in Callers)
        {
            using var client = await world.ClientAsync(caller);
            foreach (var (endpoint, probe) in probes.DistinctBy(p => p.Probe))
            {
                var before = failures.Count;
                await probe(world, caller, client, failures);
                for (var i = before; i < failures.Count; i++)
                {
                    failures[i] = $"{endpoint} as {caller}: {failures[i]}";
                }
            }
        }

        Assert.True(probes.Count(p => p.Endpoint.Contains("/api/v1/", StringComparison.Ordinal)) >= 27, "the API endpoints were not found");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static string Key(RouteEndpoint endpoint)
    {
        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
        var pattern = endpoint.RoutePattern.RawText ?? string.Empty;
        if (pattern.Length > 1)
        {
            pattern = pattern.TrimEnd('/');
        }

        return $"{string.Join(",", methods)} {pattern}";
    }

    private static void CheckPageAuthorization(RouteEndpoint endpoint, List<string> failures)
    {
        var pattern = endpoint.RoutePattern.RawText!;
        var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
        var authorized = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0;
        if (AnonymousPages.Contains(pattern) != anonymous || (!anonymous && !authorized))
        {
            failures.Add($"UI page {pattern}: must carry [Authorize] (only {string.Join(", ", AnonymousPages)} may be anonymous)");
        }
    }

    // ---- what each caller may see ----

    /// <summary>The people whose records the caller may see, or null for everyone.</summary>
    private static IReadOnlySet<long>? VisiblePeople(World world, Caller caller) => caller switch
    {
        { Role: Roles.Admin or Roles.CompAdmin or Roles.Finance or Roles.SalesOps } => null,
        { PersonKey: null } => new HashSet<long>(),
        { Role: Roles.Manager, PersonKey: { } key } => world.Org.SubtreeOf(key),
        { PersonKey: { } key } => new HashSet<long> { world.Org.People[key] },
    };

    private static bool CanSee(World world, Caller caller, long? owner) =>
        VisiblePeople(world, caller) is not { } people || (owner is { } id && people.Contains(id));

    private static Dictionary<long, long?> Owned(Dictionary<long, long> owners) => owners.ToDictionary(o => o.Key, o => (long?)o.Value);

    /// <summary>Org structure has no owner: a marker every signed-in caller sees.</summary>
    private const long Everyone = -1;

    private static Dictionary<long, long?> OrgStructure(IEnumerable<long> ids) => ids.ToDictionary(id => id, _ => (long?)Everyone);

    private static bool Visible(World world, Caller caller, long? owner) => owner == Everyone || CanSee(world, caller, owner);

    // ---- probes ----

    private static Task NoProbe(World world, Caller caller, HttpClient client, List<string> failures) => Task.CompletedTask;

    private static Probe ListProbe(string path, Func<World, Dictionary<long, long?>> owners) => async (world, caller, client, failures) =>
    {
        using var response = await client.GetAsync(new Uri(path + "?pageSize=200", UriKind.Relative), Ct);
        if (!ExpectStatus(response, caller.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, failures))
        {
            return;
        }

        if (caller.Anonymous)
        {
            return;
        }

        var all = owners(world);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var ids = json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        foreach (var id in ids)
        {
            if (!all.TryGetValue(id, out var owner))
            {
                failures.Add($"item {id} is not in the fixture");
            }
            else if (!Visible(world, caller, owner))
            {
                failures.Add($"item {id} owned by {owner} is outside the caller's scope");
            }
        }

        var expected = all.Where(o => Visible(world, caller, o.Value)).Select(o => o.Key).Order().ToList();
        if (!expected.SequenceEqual(ids.Order()))
        {
            failures.Add($"expected items [{string.Join(",", expected)}] but got [{string.Join(",", ids.Order())}]");
        }

        if (json.RootElement.GetProperty("total").GetInt32() != expected.Count)
        {
            failures.Add($"total {json.RootElement.GetProperty("total")} but {expected.Count} visible");
        }
    };

    private static Probe GetProbe(string pathFormat, Func<World, Dictionary<long, long?>> owners) => async (world, caller, client, failures) =>
    {
        foreach (var (id, owner) in owners(world).Append(new(999_999, Everyone)))
        {
            var exists = id != 999_999;
            using var response = await client.GetAsync(new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, pathFormat, id), UriKind.Relative), Ct);
            var expected = caller.Anonymous ? HttpStatusCode.Unauthorized
                : exists && Visible(world, caller, owner) ? HttpStatusCode.OK
                : HttpStatusCode.NotFound;
            if (!ExpectStatus(response, expected, failures, $"id {id}"))
            {
                continue;
            }

            var body = await response.Content.ReadAsStringAsync(Ct);
            using var json = JsonDocument.Parse(body.Length == 0 ? "{}" : body);
            if (expected == HttpStatusCode.OK && json.RootElement.GetProperty("id").GetInt64() != id)
            {
                failures.Add($"id {id}: answered with another record");
            }

            if (expected == HttpStatusCode.NotFound && (!json.RootElement.TryGetProperty("code", out var code) || code.GetString() != "not_found"))
            {
                failures.Add($"id {id}: 404 without code not_found: {body}");
            }
        }
    };

    private static async Task StageHistoryProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        foreach (var (id, owner) in world.Org.OpportunityOwners)
        {
            using var response = await client.GetAsync(new Uri($"/api/v1/opportunities/{id}/stage-history", UriKind.Relative), Ct);
            var expected = caller.Anonymous ? HttpStatusCode.Unauthorized : CanSee(world, caller, owner) ? HttpStatusCode.OK : HttpStatusCode.NotFound;
            if (ExpectStatus(response, expected, failures, $"opportunity {id}") && expected == HttpStatusCode.OK)
            {
                var changes = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
                if (changes.GetArrayLength() != 2 || changes.EnumerateArray().Any(c => c.GetProperty("opportunityId").GetInt64() != id))
                {
                    failures.Add($"opportunity {id}: history holds another opportunity's changes: {changes}");
                }
            }
        }
    }

    private static async Task KpiCatalogProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        using var response = await client.GetAsync(new Uri("/api/v1/kpis", UriKind.Relative), Ct);
        if (ExpectStatus(response, caller.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, failures) && !caller.Anonymous)
        {
            var catalog = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            if (!catalog.EnumerateArray().Any(k => k.GetProperty("key").GetString() == "bookings"))
            {
                failures.Add($"the catalog lacks bookings: {catalog}");
            }
        }
    }

    /// <summary>
    /// FY2026-Q4 (2026-10-01..2026-12-31) holds every fixture booking (500.25 + the rep's index, in EUR) and every
    /// open opportunity (1000 + the rep's index): the drill-down holds exactly the visible ones, and the total is their sum.
    /// </summary>
    private static async Task KpiProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        decimal IndexOf(long owner) => OrgFixture.RepKeys.ToList().IndexOf(world.Org.People.Single(p => p.Value == owner).Key);
        var cases = new (string Kpi, Dictionary<long, long> Owners, decimal Base)[]
        {
            ("bookings", world.Org.BookingOwners, 500.25m),
            ("pipeline-value", world.Org.OpportunityOwners, 1000m),
        };
        foreach (var (kpi, owners, amount) in cases)
        {
            using var response = await client.GetAsync(new Uri($"/api/v1/kpis/{kpi}?period=FY2026-Q4&groupBy=rep", UriKind.Relative), Ct);
            if (!ExpectStatus(response, caller.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, failures, kpi) || caller.Anonymous)
            {
                continue;
            }

            var result = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            var current = result.GetProperty("total").GetProperty("current");
            var ids = current.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).Order().ToList();
            var visible = owners.Where(o => CanSee(world, caller, o.Value)).ToList();
            if (!ids.SequenceEqual(visible.Select(o => o.Key).Order()))
            {
                failures.Add($"{kpi}: drill-down [{string.Join(",", ids)}] but visible [{string.Join(",", visible.Select(o => o.Key).Order())}]");
            }

            var expected = visible.Sum(o => amount + IndexOf(o.Value));
            if (current.GetProperty("value").GetDecimal() != expected)
            {
                failures.Add($"{kpi}: total {current.GetProperty("value")} but the visible records sum to {expected}");
            }

            var outside = result.GetProperty("groups").EnumerateArray().Select(g => long.Parse(g.GetProperty("key").GetString()!, System.Globalization.CultureInfo.InvariantCulture))
                .Where(owner => !CanSee(world, caller, owner)).ToList();
            if (outside.Count > 0)
            {
                failures.Add($"{kpi}: groups for people outside the scope: {string.Join(",", outside)}");
            }
        }
    }

    // ---- pipeline: every opportunity of the fixture is open, in Propose, closing in FY2026-Q4 (the current quarter) ----

    private static List<long> VisibleOpportunities(World world, Caller caller) =>
        [.. world.Org.OpportunityOwners.Where(o => CanSee(world, caller, o.Value)).Select(o => o.Key).Order()];

    private static async Task<JsonElement?> PipelineGetAsync(HttpClient client, Caller caller, string path, List<string> failures)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        if (!ExpectStatus(response, caller.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, failures, path) || caller.Anonymous)
        {
            return null;
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private static void ExpectIds(string what, IEnumerable<long> actual, IEnumerable<long> expected, List<string> failures)
    {
        var (got, want) = (actual.Order().ToList(), expected.Order().ToList());
        if (!got.SequenceEqual(want))
        {
            failures.Add($"{what}: [{string.Join(",", got)}] but visible [{string.Join(",", want)}]");
        }
    }

    private static async Task PipelineFunnelProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        if (await PipelineGetAsync(client, caller, "/api/v1/pipeline/funnel", failures) is { } funnel)
        {
            var ids = funnel.GetProperty("stages").EnumerateArray().SelectMany(s => s.GetProperty("opportunityIds").EnumerateArray().Select(i => i.GetInt64()));
            ExpectIds("funnel", ids, VisibleOpportunities(world, caller), failures);
        }
    }

    private static async Task PipelineFlagsProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        if (await PipelineGetAsync(client, caller, "/api/v1/pipeline/flags?flaggedOnly=false&pageSize=200", failures) is { } flags)
        {
            ExpectIds("flags", flags.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("opportunityId").GetInt64()), VisibleOpportunities(world, caller), failures);
        }
    }

    private static async Task PipelineCoverageGapsProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        if (await PipelineGetAsync(client, caller, "/api/v1/pipeline/coverage-gaps", failures) is { } gaps)
        {
            var owners = world.Org.OpportunityOwners.Values.Concat(world.Org.BookingOwners.Values).Distinct().Where(o => CanSee(world, caller, o));
            ExpectIds("coverage gaps", gaps.GetProperty("gaps").EnumerateArray().Select(g => g.GetProperty("personId").GetInt64()), owners, failures);
        }
    }

    private static async Task PipelineReviewProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        foreach (var rep in OrgFixture.RepKeys)
        {
            var person = world.Org.People[rep];
            using var response = await client.GetAsync(new Uri($"/api/v1/pipeline/reviews/{person}", UriKind.Relative), Ct);
            var expected = caller.Anonymous ? HttpStatusCode.Unauthorized : CanSee(world, caller, person) ? HttpStatusCode.OK : HttpStatusCode.NotFound;
            if (ExpectStatus(response, expected, failures, rep) && expected == HttpStatusCode.OK)
            {
                var review = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
                ExpectIds($"review of {rep}", review.GetProperty("deals").EnumerateArray().Select(d => d.GetProperty("opportunityId").GetInt64()),
                    world.Org.OpportunityOwners.Where(o => o.Value == person).Select(o => o.Key), failures);
            }
        }
    }

    /// <summary>Only admins and sales ops change settings; the probe writes the default back, so it changes nothing.</summary>
    private static async Task PipelineSettingsUpdateProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        using var response = await client.PutAsJsonAsync("/api/v1/pipeline/settings", new { stalledAfterDays = 30 }, Ct);
        var expected = caller.Anonymous ? HttpStatusCode.Unauthorized
            : caller.Role is Roles.Admin or Roles.SalesOps ? HttpStatusCode.OK
            : HttpStatusCode.Forbidden;
        ExpectStatus(response, expected, failures);
    }

    private static Probe PublicToSignedInProbe(string path, string contains) => async (world, caller, client, failures) =>
    {
        if (await PipelineGetAsync(client, caller, path, failures) is { } body && !body.ToString().Contains(contains, StringComparison.Ordinal))
        {
            failures.Add($"{path} does not contain {contains}");
        }
    };

    // ---- compensation: the world has no runs, so the allowed roles get the "nothing to do" answer without side effects ----

    /// <summary>Only <paramref name="roles"/> pass authorization; they get <paramref name="allowed"/> (a problem with a code), the others 403.</summary>
    private static Probe RoleProbe(HttpMethod method, string path, HttpStatusCode allowed, params string[] roles) => async (world, caller, client, failures) =>
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        using var response = await client.SendAsync(request, Ct);
        var expected = caller.Anonymous ? HttpStatusCode.Unauthorized : caller.Role is { } role && roles.Contains(role) ? allowed : HttpStatusCode.Forbidden;
        if (ExpectStatus(response, expected, failures, path) && expected == allowed)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            if (!body.Contains("\"code\"", StringComparison.Ordinal))
            {
                failures.Add($"{path}: answered without a problem code: {body}");
            }
        }
    };

    /// <summary>A participant's pay changes: their own (a rep), their subtree (a manager), everyone (the see-everything roles); 404 otherwise.</summary>
    private static async Task PayChangesProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        foreach (var (key, person) in world.Org.People)
        {
            using var response = await client.GetAsync(new Uri($"/api/v1/pay-changes?participant={person}&from=FY2027-M08&to=FY2027-M09", UriKind.Relative), Ct);
            var expected = caller.Anonymous ? HttpStatusCode.Unauthorized : CanSee(world, caller, person) ? HttpStatusCode.OK : HttpStatusCode.NotFound;
            if (ExpectStatus(response, expected, failures, key) && expected == HttpStatusCode.OK
                && (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("personId").GetInt64() != person)
            {
                failures.Add($"{key}: answered with another person's pay");
            }
        }
    }

    // ---- segmentations: the world's scheme "geo" puts the four DE rep accounts in "dach" and the unowned FR one in "other" ----

    private static async Task SegmentationListProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        using var response = await client.GetAsync(new Uri("/api/v1/segmentations", UriKind.Relative), Ct);
        if (ExpectStatus(response, caller.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, failures) && !caller.Anonymous
            && !(await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).EnumerateArray().Any(s => s.GetProperty("key").GetString() == "geo"))
        {
            failures.Add("the list lacks the scheme geo");
        }
    }

    private static async Task SegmentationGetProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        using var found = await client.GetAsync(new Uri($"/api/v1/segmentations/{world.Geo}", UriKind.Relative), Ct);
        ExpectStatus(found, caller.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, failures, "geo");
        using var missing = await client.GetAsync(new Uri("/api/v1/segmentations/999999", UriKind.Relative), Ct);
        ExpectStatus(missing, caller.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.NotFound, failures, "missing");
    }

    /// <summary>The summary and the segment filter count only the accounts the caller may see.</summary>
    private static async Task SegmentationSummaryProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        using var response = await client.GetAsync(new Uri($"/api/v1/segmentations/{world.Geo}/summary", UriKind.Relative), Ct);
        if (!ExpectStatus(response, caller.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, failures) || caller.Anonymous)
        {
            return;
        }

        var summary = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var counts = summary.GetProperty("segments").EnumerateArray().ToDictionary(s => s.GetProperty("key").GetString()!, s => s.GetProperty("accounts").GetInt32());
        var dach = world.Org.AccountOwners.Where(a => a.Key != world.Org.UnownedAccount && CanSee(world, caller, a.Value)).Select(a => a.Key).Order().ToList();
        var other = VisiblePeople(world, caller) is null ? 1 : 0;
        if (counts.GetValueOrDefault("dach") != dach.Count || counts.GetValueOrDefault("other") != other)
        {
            failures.Add($"summary counts {string.Join(",", counts)} but {dach.Count} DACH and {other} other are visible");
        }

        var filtered = await client.GetFromJsonAsync<JsonElement>("/api/v1/accounts?segment=geo:dach&pageSize=200", Ct);
        var ids = filtered.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).Order().ToList();
        if (!ids.SequenceEqual(dach))
        {
            failures.Add($"accounts?segment=geo:dach gave [{string.Join(",", ids)}] but [{string.Join(",", dach)}] are visible");
        }
    }

    /// <summary>Only admins and sales ops create, change and recompute; the write is a valid update of geo (same rules), so it changes nothing.</summary>
    private static async Task SegmentationWriteProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        var expectedWrite = caller.Anonymous ? HttpStatusCode.Unauthorized : caller.Role is Roles.Admin or Roles.SalesOps ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
        using (var put = await client.PutAsJsonAsync($"/api/v1/segmentations/{world.Geo}", World.GeoRequest, Ct))
        {
            ExpectStatus(put, expectedWrite, failures, "PUT geo");
        }

        using (var recompute = await client.PostAsync(new Uri($"/api/v1/segmentations/{world.Geo}/recompute", UriKind.Relative), null, Ct))
        {
            ExpectStatus(recompute, expectedWrite, failures, "recompute geo");
        }

        var fresh = World.GeoRequest with { Key = "m" + Guid.NewGuid().ToString("N")[..12] };
        using var post = await client.PostAsJsonAsync("/api/v1/segmentations", fresh, Ct);
        ExpectStatus(post, expectedWrite == HttpStatusCode.OK ? HttpStatusCode.Created : expectedWrite, failures, "POST");
    }

    /// <summary>
    /// Calc runs: admin, comp-admin and finance read every run; admin and comp-admin start one (each caller its own
    /// period, so no start meets another's run); everyone else gets 403, whatever run they ask for.
    /// </summary>
    private static async Task RunsProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        long runId;
        await using (var db = world.App.Store.NewContext())
        {
            var run = await db.CalculationRuns.FirstOrDefaultAsync(r => r.PeriodKey == "FY2025-M12", Ct);
            if (run is null)
            {
                run = new Application.Compensation.CalculationRun { PeriodKey = "FY2025-M12", Number = 1, Status = Application.Compensation.RunStatus.Staged, StartedBy = "matrix" };
                db.CalculationRuns.Add(run);
                await db.SaveChangesAsync(Ct);
            }

            runId = run.Id;
        }

        var reads = caller.Anonymous ? HttpStatusCode.Unauthorized : caller.Role is Roles.Admin or Roles.CompAdmin or Roles.Finance ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
        foreach (var path in new[] { "/api/v1/runs", $"/api/v1/runs/{runId}", $"/api/v1/runs/{runId}/payouts", $"/api/v1/runs/compare?from={runId}&to={runId}" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
            ExpectStatus(response, reads, failures, path);
        }

        var starts = caller.Anonymous ? HttpStatusCode.Unauthorized : caller.Role is Roles.Admin or Roles.CompAdmin ? HttpStatusCode.Accepted : HttpStatusCode.Forbidden;
        var period = caller.Role == Roles.Admin ? "FY2026-M01" : "FY2026-M02";
        using var start = await client.PostAsJsonAsync("/api/v1/runs", new { period }, Ct);
        ExpectStatus(start, starts, failures, "POST /api/v1/runs");
    }

    /// <summary>The visible FY2026-Q4 bookings of <paramref name="owners"/> (500.25 + the rep's index each, in EUR).</summary>
    private static decimal BookingsOf(World world, Caller caller, Func<long, bool> owners) =>
        world.Org.BookingOwners.Values.Where(o => owners(o) && CanSee(world, caller, o))
            .Sum(o => 500.25m + OrgFixture.RepKeys.ToList().IndexOf(world.Org.People.Single(p => p.Value == o).Key));

    /// <summary>
    /// A rep's dashboard shows only the caller's own numbers by default, and another person's only when the caller may see
    /// them (400 otherwise, naming nothing of theirs); a caller who is no person gets 400.
    /// </summary>
    private static async Task RepDashboardProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        using var response = await client.GetAsync(new Uri("/api/v1/dashboards/rep?period=FY2026-Q4", UriKind.Relative), Ct);
        var self = caller.PersonKey is { } key ? world.Org.People[key] : (long?)null;
        var expected = caller.Anonymous ? HttpStatusCode.Unauthorized : self is null ? HttpStatusCode.BadRequest : HttpStatusCode.OK;
        if (ExpectStatus(response, expected, failures) && expected == HttpStatusCode.OK)
        {
            var dashboard = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            if (dashboard.GetProperty("personId").GetInt64() != self)
            {
                failures.Add($"rep dashboard of {dashboard.GetProperty("personId")} instead of the caller's own");
            }

            var bookings = dashboard.GetProperty("bookings").GetProperty("value").GetDecimal();
            if (bookings != BookingsOf(world, caller, o => o == self))
            {
                failures.Add($"rep dashboard bookings {bookings} are not the caller's own {BookingsOf(world, caller, o => o == self)}");
            }
        }

        if (caller.Anonymous)
        {
            return;
        }

        foreach (var person in world.Org.People.Values)
        {
            using var other = await client.GetAsync(new Uri($"/api/v1/dashboards/rep?period=FY2026-Q4&person={person}", UriKind.Relative), Ct);
            var allowed = CanSee(world, caller, person);
            if (ExpectStatus(other, allowed ? HttpStatusCode.OK : HttpStatusCode.BadRequest, failures, $"person {person}") && allowed)
            {
                var dashboard = await other.Content.ReadFromJsonAsync<JsonElement>(Ct);
                var bookings = dashboard.GetProperty("bookings").GetProperty("value").GetDecimal();
                if (dashboard.GetProperty("personId").GetInt64() != person || bookings != BookingsOf(world, caller, o => o == person))
                {
                    failures.Add($"rep dashboard of person {person} shows {dashboard.GetProperty("personId")} with bookings {bookings}");
                }
            }
        }
    }

    /// <summary>
    /// Statements (one probe for the JSON, line, CSV and PDF routes) over a hand-built published run: your own without
    /// <c>person</c> (400 for a user who is no person); every person's as 200 inside your scope and 404 outside it — a rep
    /// never reads another rep's statement — with the right person and total; <c>run</c> only for the compensation office.
    /// </summary>
    private static async Task StatementsProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        var runId = await Api.StatementSeed.EnsureAsync(world.App.App.Services, world.Org, Ct);
        var self = caller.PersonKey is { } key ? world.Org.People[key] : (long?)null;
        var period = Api.StatementSeed.Period;
        using (var own = await client.GetAsync(new Uri($"/api/v1/statements/{period}", UriKind.Relative), Ct))
        {
            var expected = caller.Anonymous ? HttpStatusCode.Unauthorized : self is null ? HttpStatusCode.BadRequest : HttpStatusCode.OK;
            if (ExpectStatus(own, expected, failures, "own statement") && expected == HttpStatusCode.OK)
            {
                var header = (await own.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("header");
                if (header.GetProperty("personId").GetInt64() != self)
                {
                    failures.Add($"own statement is person {header.GetProperty("personId")}'s");
                }
            }
        }

        foreach (var (personKey, person) in world.Org.People)
        {
            var external = "P-" + personKey.ToUpperInvariant();
            var allowed = !caller.Anonymous && CanSee(world, caller, person);
            if (caller.Role == Roles.Rep && person != self && allowed)
            {
                failures.Add($"rep {caller.Name} may see {external}'s statement");
            }

            var expected = caller.Anonymous ? HttpStatusCode.Unauthorized : allowed ? HttpStatusCode.OK : HttpStatusCode.NotFound;
            foreach (var path in new[] { string.Empty, "/lines/1", "/statement.csv", "/statement.pdf" })
            {
                using var response = await client.GetAsync(new Uri($"/api/v1/statements/{period}{path}?person={external}", UriKind.Relative), Ct);
                if (!ExpectStatus(response, expected, failures, $"{external}{path}"))
                {
                    continue;
                }

                var body = await response.Content.ReadAsStringAsync(Ct);
                if (expected == HttpStatusCode.NotFound && !body.Contains("\"code\":\"not_found\"", StringComparison.Ordinal))
                {
                    failures.Add($"{external}{path}: 404 without code not_found: {body}");
                }

                if (expected == HttpStatusCode.OK && path.Length == 0)
                {
                    var statement = JsonDocument.Parse(body).RootElement;
                    var total = statement.GetProperty("totals")[0].GetProperty("total").GetDecimal();
                    if (statement.GetProperty("header").GetProperty("personExternalId").GetString() != external || total != Api.StatementSeed.Total(world.Org, person))
                    {
                        failures.Add($"{external}: statement of {statement.GetProperty("header").GetProperty("personExternalId")} totalling {total}");
                    }
                }
            }
        }

        if (!caller.Anonymous)
        {
            var office = caller.Role is Roles.Admin or Roles.CompAdmin or Roles.Finance;
            using var withRun = await client.GetAsync(new Uri($"/api/v1/statements/{period}?person=P-ANN&run={runId}", UriKind.Relative), Ct);
            var expected = !CanSee(world, caller, world.Org.People[OrgFixture.Ann]) ? HttpStatusCode.NotFound : office ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
            ExpectStatus(withRun, expected, failures, "statement with run");
        }
    }

    /// <summary>Managers and the see-everything roles open the team and executive dashboards, over their scope only; reps get 403.</summary>
    private static Probe LeaderDashboardProbe(string kind) => async (world, caller, client, failures) =>
    {
        using var response = await client.GetAsync(new Uri($"/api/v1/dashboards/{kind}?period=FY2026-Q4", UriKind.Relative), Ct);
        var expected = caller.Anonymous ? HttpStatusCode.Unauthorized : caller.Role == Roles.Rep ? HttpStatusCode.Forbidden : HttpStatusCode.OK;
        if (!ExpectStatus(response, expected, failures, kind) || expected != HttpStatusCode.OK)
        {
            return;
        }

        var dashboard = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var bookings = dashboard.GetProperty("bookings").GetProperty("value").GetDecimal();
        if (bookings != BookingsOf(world, caller, _ => true))
        {
            failures.Add($"{kind}: bookings {bookings} but the visible ones sum to {BookingsOf(world, caller, _ => true)}");
        }

        if (kind == "manager")
        {
            var outside = dashboard.GetProperty("reps").EnumerateArray().Select(r => r.GetProperty("personId").GetInt64()).Where(p => !CanSee(world, caller, p)).ToList();
            if (outside.Count > 0)
            {
                failures.Add($"manager: rows for people outside the scope: {string.Join(",", outside)}");
            }
        }
    };

    private static async Task ProbeMeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        using var response = await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Ct);
        if (ExpectStatus(response, caller.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, failures) && !caller.Anonymous)
        {
            var me = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            if (me.GetProperty("userName").GetString() != caller.Name)
            {
                failures.Add($"answered for {me.GetProperty("userName")}");
            }
        }
    }

    private static async Task ListTokensProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        using var response = await client.GetAsync(new Uri("/api/v1/tokens", UriKind.Relative), Ct);
        if (!ExpectStatus(response, caller.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, failures) || caller.Anonymous)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(Ct);
        var own = await world.TokenIdsOfAsync(caller.Name);
        using var json = JsonDocument.Parse(body);
        var ids = json.RootElement.EnumerateArray().Select(t => t.GetProperty("id").GetInt64()).ToList();
        if (!ids.Order().SequenceEqual(own.Order()))
        {
            failures.Add($"listed tokens [{string.Join(",", ids)}] but owns [{string.Join(",", own)}]");
        }

        if (body.Contains("secret", StringComparison.OrdinalIgnoreCase) || body.Contains("hash", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add("token list exposes a secret or hash");
        }
    }

    private static async Task CreateTokenProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/tokens", new { name = "matrix-" + Guid.NewGuid().ToString("N") }, Ct);
        if (!ExpectStatus(response, caller.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.Created, failures) || caller.Anonymous)
        {
            return;
        }

        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        using var withNew = world.App.Client(created.GetProperty("secret").GetString());
        var me = await withNew.GetFromJsonAsync<JsonElement>("/api/v1/me", Ct);
        if (me.GetProperty("userName").GetString() != caller.Name)
        {
            failures.Add("the new token signs in as someone else");
        }
    }

    private static async Task RevokeTokenProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        var others = world.Bystander.TokenId;
        using (var response = await client.DeleteAsync(new Uri($"/api/v1/tokens/{others}", UriKind.Relative), Ct))
        {
            ExpectStatus(response, caller.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.NotFound, failures, "another user's token");
        }

        if (await world.IsRevokedAsync(others))
        {
            failures.Add("revoked another user's token");
        }

        if (caller.Anonymous)
        {
            return;
        }

        var (own, _) = await world.App.IssueTokenAsync(world.Users[caller.Name].Id, "to-revoke-" + Guid.NewGuid().ToString("N"));
        using (var response = await client.DeleteAsync(new Uri($"/api/v1/tokens/{own}", UriKind.Relative), Ct))
        {
            ExpectStatus(response, HttpStatusCode.NoContent, failures, "own token");
        }

        using (var again = await client.DeleteAsync(new Uri($"/api/v1/tokens/{own}", UriKind.Relative), Ct))
        {
            ExpectStatus(again, HttpStatusCode.Conflict, failures, "own token revoked twice");
        }
    }

    /// <summary>Only admins and sales ops import; the file re-imports a currency with the same values, so it changes nothing.</summary>
    private static async Task ImportProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        using var content = new StringContent("code,name,minor_units\nXTS,Testing code,2\n", System.Text.Encoding.UTF8, "text/csv");
        using var response = await client.PostAsync(new Uri("/api/v1/imports/currencies", UriKind.Relative), content, Ct);
        var expected = caller.Anonymous ? HttpStatusCode.Unauthorized
            : caller.Role is Roles.Admin or Roles.SalesOps ? HttpStatusCode.OK
            : HttpStatusCode.Forbidden;
        if (ExpectStatus(response, expected, failures) && expected == HttpStatusCode.OK)
        {
            var result = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            if (result.GetProperty("errors").GetArrayLength() != 0)
            {
                failures.Add($"import refused rows: {result}");
            }
        }
    }

    /// <summary>Everyone signed in may export, but only the rows they may see: the CSV has one line per visible opportunity.</summary>
    private static async Task ExportProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        using var response = await client.GetAsync(new Uri("/api/v1/exports/opportunities?format=csv", UriKind.Relative), Ct);
        if (!ExpectStatus(response, caller.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, failures) || caller.Anonymous)
        {
            return;
        }

        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var visible = world.Org.OpportunityOwners.Count(o => CanSee(world, caller, o.Value));
        if (lines.Length - 1 != visible)
        {
            failures.Add($"exported {lines.Length - 1} opportunities but {visible} are visible");
        }

        using var xlsx = await client.GetAsync(new Uri("/api/v1/exports/opportunities?format=xlsx", UriKind.Relative), Ct);
        if (ExpectStatus(xlsx, HttpStatusCode.OK, failures, "xlsx"))
        {
            using var workbook = new ClosedXML.Excel.XLWorkbook(await xlsx.Content.ReadAsStreamAsync(Ct));
            var rows = workbook.Worksheets.First().RowsUsed().Count() - 1;
            if (rows != visible)
            {
                failures.Add($"xlsx holds {rows} opportunities but {visible} are visible");
            }
        }
    }

    /// <summary>
    /// Only admins, comp admins and finance read the audit trail; what they read holds the logins and tokens the world
    /// created, and never a token's secret or stored hash.
    /// </summary>
    private static Probe AuditProbe(string path, string contains) => async (world, caller, client, failures) =>
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        var expected = caller.Anonymous ? HttpStatusCode.Unauthorized
            : caller.Role is Roles.Admin or Roles.CompAdmin or Roles.Finance ? HttpStatusCode.OK
            : HttpStatusCode.Forbidden;
        if (!ExpectStatus(response, expected, failures, path) || expected != HttpStatusCode.OK)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(Ct);
        if (!body.Contains(contains, StringComparison.Ordinal))
        {
            failures.Add($"{path} lacks the changes the world made ({contains})");
        }

        foreach (var (_, token) in world.Users.Values)
        {
            if (body.Contains(token, StringComparison.Ordinal) || body.Contains(Attain.Web.Auth.ApiTokens.Hash(token), StringComparison.Ordinal))
            {
                failures.Add($"{path} holds a token secret or hash");
            }
        }
    };

    private static Probe PublicProbe(string path, string contains, string? nameForFailures = null) => async (world, caller, client, failures) =>
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        if (ExpectStatus(response, HttpStatusCode.OK, failures, nameForFailures ?? path)
            && !(await response.Content.ReadAsStringAsync(Ct)).Contains(contains, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{path} does not contain {contains}");
        }
    };

    private static async Task PageProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        using var response = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);
        if (caller.Anonymous)
        {
            if (ExpectStatus(response, HttpStatusCode.Redirect, failures, "GET /") && response.Headers.Location?.ToString().Contains("/login", StringComparison.Ordinal) != true)
            {
                failures.Add($"GET / redirected to {response.Headers.Location}, not the login page");
            }
        }
        else
        {
            ExpectStatus(response, HttpStatusCode.OK, failures, "GET /");
        }

        using var login = await client.GetAsync(new Uri("/login", UriKind.Relative), Ct);
        ExpectStatus(login, HttpStatusCode.OK, failures, "GET /login");
    }

    private static async Task LoginWithoutAntiforgeryProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = "admin", ["password"] = TestApp.Password });
        using var response = await client.PostAsync(new Uri("/account/login", UriKind.Relative), content, Ct);
        ExpectStatus(response, HttpStatusCode.BadRequest, failures, "login without antiforgery token");
    }

    private static async Task LogoutProbeAsync(World world, Caller caller, HttpClient client, List<string> failures)
    {
        // Signing out only clears the cookie this response sets; it must not end the shared cookie caller's session,
        // so the probe posts from a fresh client.
        using var fresh = world.App.Client();
        using var response = await fresh.PostAsync(new Uri("/account/logout", UriKind.Relative), null, Ct);
        if (ExpectStatus(response, HttpStatusCode.Redirect, failures) && response.Headers.Location?.ToString() != "/login")
        {
            failures.Add($"logout redirected to {response.Headers.Location}");
        }
    }

    private static bool ExpectStatus(HttpResponseMessage response, HttpStatusCode expected, List<string> failures, string? what = null)
    {
        if (response.StatusCode == expected)
        {
            return true;
        }

        failures.Add($"{what ?? "request"}: expected {(int)expected} but got {(int)response.StatusCode}");
        return false;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The running app, the fixture organisation, and a login with a token for every caller.</summary>
    private sealed class World
    {
        private World(TestApp app, OrgFixture org)
        {
            App = app;
            Org = org;
        }

        public TestApp App { get; }

        public OrgFixture Org { get; }

        public Dictionary<string, (string Id, string Token)> Users { get; } = [];

        /// <summary>The rule scheme "geo": DE, AT and CH accounts are "dach", the rest "other".</summary>
        public static Application.Segmentation.SegmentationRequest GeoRequest { get; } = new("geo", "Geography", "rules", new()
        {
            Segments = [new("dach", "DACH", "country in [\"DE\", \"AT\", \"CH\"]")],
            Default = new("other", "Other"),
        });

        /// <summary>The id of the scheme geo, computed.</summary>
        public long Geo { get; private set; }

        /// <summary>A user who never calls: the "other's token" for revocation.</summary>
        public (string UserId, long TokenId) Bystander { get; private set; }

        public static async Task<World> CreateAsync(TestApp app)
        {
            var world = new World(app, await app.SeedOrgAsync());
            foreach (var caller in Callers.Where(c => !c.Anonymous && !c.ByCookie))
            {
                var user = await app.CreateUserAsync(caller.Name, caller.PersonKey is { } key ? world.Org.People[key] : null, caller.Role!);
                var (_, secret) = await app.IssueTokenAsync(user.Id);
                world.Users[caller.Name] = (user.Id, secret);
            }

            await using (var scope = app.App.Services.CreateAsyncScope())
            {
                var segmentations = scope.ServiceProvider.GetRequiredService<Application.Segmentation.SegmentationService>();
                world.Geo = (await segmentations.CreateAsync(GeoRequest, Ct)).Value!.Id;
                Assert.True((await segmentations.RecomputeAsync(world.Geo, Ct)).Succeeded);
            }

            var bystander = await app.CreateUserAsync("bystander", world.Org.People[OrgFixture.Bob], Roles.Rep);
            world.Bystander = (bystander.Id, (await app.IssueTokenAsync(bystander.Id)).Id);
            return world;
        }

        public async Task<HttpClient> ClientAsync(Caller caller) =>
            caller.Anonymous ? App.Client()
            : caller.ByCookie ? await CookieLogin.SignInAsync(App, caller.Name)
            : App.Client(Users[caller.Name].Token);

        public async Task<List<long>> TokenIdsOfAsync(string userName)
        {
            await using var db = App.Store.NewContext();
            var userId = Users[userName].Id;
            return await db.ApiTokens.Where(t => t.UserId == userId).Select(t => t.Id).ToListAsync(Ct);
        }

        public async Task<bool> IsRevokedAsync(long tokenId)
        {
            await using var db = App.Store.NewContext();
            return await db.ApiTokens.AnyAsync(t => t.Id == tokenId && t.RevokedAt != null, Ct);
        }
    }
}
