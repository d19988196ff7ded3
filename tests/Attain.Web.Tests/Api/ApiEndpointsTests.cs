using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Attain.Application.Tests.Browse;
using Attain.Web.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Attain.Web.Tests.Api;

public class ApiEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private static List<string> ExternalIds(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("externalId").GetString()!)];

    [Fact]
    public async Task Lists_FiltersSearchAndPaging_ReturnMatchingPage()
    {
        await using var app = await SeededApp.StartAsync();
        using var admin = app.Admin();

        var open = await GetJsonAsync(admin, "/api/v1/opportunities?search=CAL&status=open");
        var closing = await GetJsonAsync(admin, "/api/v1/opportunities?closeFrom=2026-12-02&closeTo=2026-12-03&sort=-closeDate");
        var secondPage = await GetJsonAsync(admin, "/api/v1/people?pageSize=2&page=2&sort=externalId");
        var calls = await GetJsonAsync(admin, "/api/v1/activities?type=call&from=2026-11-01&to=2026-11-30");
        var orders = await GetJsonAsync(admin, $"/api/v1/bookings?kind=Order&ownerId={app.Org.People[OrgFixture.Bob]}");
        var accounts = await GetJsonAsync(admin, "/api/v1/accounts?country=fr");
        var teams = await GetJsonAsync(admin, $"/api/v1/teams?regionId={app.Org.Region}&search=orth");
        var regions = await GetJsonAsync(admin, "/api/v1/regions?search=EUR");
        var active = await GetJsonAsync(admin, $"/api/v1/people?active=true&managerId={app.Org.People[OrgFixture.North]}");

        Assert.Equal(["O-CAL"], ExternalIds(open));
        Assert.Equal("Open", open.GetProperty("items")[0].GetProperty("status").GetString());
        Assert.Equal(["O-CAL", "O-BOB"], ExternalIds(closing));
        Assert.Equal(7, secondPage.GetProperty("total").GetInt32());
        Assert.Equal(2, secondPage.GetProperty("page").GetInt32());
        Assert.Equal(["P-CAL", "P-DEE"], ExternalIds(secondPage));
        Assert.Equal(["ACT-ANN", "ACT-CAL"], ExternalIds(calls));
        Assert.Equal(["B-BOB"], ExternalIds(orders));
        Assert.Equal(501.25m, orders.GetProperty("items")[0].GetProperty("amount").GetDecimal());
        Assert.Equal(["A-NOBODY"], ExternalIds(accounts));
        Assert.Equal(["T-NORTH"], ExternalIds(teams));
        Assert.Equal(3, regions.GetProperty("items")[0].GetProperty("teamCount").GetInt32());
        Assert.Equal(["P-ANN", "P-BOB"], ExternalIds(active).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Get_VisibleRecord_ReturnsItAndStageHistory()
    {
        await using var app = await SeededApp.StartAsync();
        using var ann = app.Ann();
        var own = app.Org.OpportunityOwners.Single(o => o.Value == app.Org.People[OrgFixture.Ann]).Key;

        var opportunity = await GetJsonAsync(ann, $"/api/v1/opportunities/{own}");
        var history = await GetJsonAsync(ann, $"/api/v1/opportunities/{own}/stage-history");
        var me = await GetJsonAsync(ann, $"/api/v1/people/{app.Org.People[OrgFixture.Ann]}");

        Assert.Equal("O-ANN", opportunity.GetProperty("externalId").GetString());
        Assert.Equal("Ann Industries", opportunity.GetProperty("accountName").GetString(), ignoreCase: true);
        Assert.Equal(["Qualify", "Propose"], history.EnumerateArray().Select(c => c.GetProperty("stage").GetString()));
        Assert.Equal("North Fixture", me.GetProperty("managerName").GetString());
    }

    [Fact]
    public async Task Get_OthersRecordOrMissing_Returns404NotFoundProblem()
    {
        await using var app = await SeededApp.StartAsync();
        using var ann = app.Ann();
        var bobs = app.Org.OpportunityOwners.Single(o => o.Value == app.Org.People[OrgFixture.Bob]).Key;

        var others = await GetJsonAsync(ann, $"/api/v1/opportunities/{bobs}", HttpStatusCode.NotFound);
        var missing = await GetJsonAsync(ann, "/api/v1/opportunities/424242", HttpStatusCode.NotFound);

        Assert.Equal("not_found", others.GetProperty("code").GetString());
        Assert.Equal(404, others.GetProperty("status").GetInt32());
        Assert.Equal(others.GetProperty("title").GetString(), missing.GetProperty("title").GetString());
    }

    [Fact]
    public async Task List_BadQueryParameters_Returns400NamingEachField()
    {
        await using var app = await SeededApp.StartAsync();
        using var admin = app.Admin();

        var problem = await GetJsonAsync(admin, "/api/v1/opportunities?page=x&pageSize=500&closeFrom=2026-13-01&status=Pending&sort=owner&ownerId=abc", HttpStatusCode.BadRequest);
        var inverted = await GetJsonAsync(admin, "/api/v1/bookings?from=2026-12-01&to=2026-11-01", HttpStatusCode.BadRequest);

        Assert.Equal("invalid_query", problem.GetProperty("code").GetString());
        Assert.Equal(
            ["closeFrom", "ownerId", "page", "pageSize", "sort", "status"],
            problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains(problem.GetProperty("issues").EnumerateArray(), i => i.GetProperty("code").GetString() == "not_a_date");
        Assert.Equal(["from"], inverted.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Tokens_CreateListRevoke_SecretShownOnceAndRevokedTokenRefused()
    {
        await using var app = await SeededApp.StartAsync();
        using var ann = app.Ann();

        using var created = await ann.PostAsJsonAsync("/api/v1/tokens", new { name = "laptop", expiresAt = "2027-01-01T00:00:00Z" }, Ct);
        var token = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var secret = token.GetProperty("secret").GetString()!;
        var list = await GetJsonAsync(ann, "/api/v1/tokens");
        using var withNew = app.App.Client(secret);
        var before = await withNew.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Ct);
        using var revoked = await ann.DeleteAsync(new Uri($"/api/v1/tokens/{token.GetProperty("id").GetInt64()}", UriKind.Relative), Ct);
        var after = await withNew.GetAsync(new Uri("/api/v1/me", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("att_", secret, StringComparison.Ordinal);
        Assert.Equal(secret[..10], token.GetProperty("prefix").GetString());
        var listed = Assert.Single(list.EnumerateArray(), t => t.GetProperty("name").GetString() == "laptop");
        Assert.False(listed.TryGetProperty("secret", out _));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Tokens_InvalidOrDuplicate_Returns400Or409WithCode()
    {
        await using var app = await SeededApp.StartAsync();
        using var ann = app.Ann();

        using var blank = await ann.PostAsJsonAsync("/api/v1/tokens", new { name = " ", expiresAt = "2020-01-01T00:00:00Z" }, Ct);
        using var first = await ann.PostAsJsonAsync("/api/v1/tokens", new { name = "ci" }, Ct);
        using var duplicate = await ann.PostAsJsonAsync("/api/v1/tokens", new { name = "ci" }, Ct);
        using var missing = await ann.DeleteAsync(new Uri("/api/v1/tokens/424242", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        var invalid = await blank.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("invalid_body", invalid.GetProperty("code").GetString());
        Assert.Equal(["expiresAt", "name"], invalid.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal("token_name_taken", (await duplicate.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task UnhandledException_Returns500ProblemWithoutStackTrace()
    {
        await using var app = await SeededApp.StartAsync(a => a.MapGet("/api/v1/test-failure", string () => throw new InvalidOperationException("secret detail")));
        using var admin = app.Admin();

        using var response = await admin.GetAsync(new Uri("/api/v1/test-failure", UriKind.Relative), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("internal_error", JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
        Assert.DoesNotContain("secret detail", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_Document_ListsEveryApiEndpoint()
    {
        await using var app = await SeededApp.StartAsync();
        using var anonymous = app.App.Client();
        var apiEndpoints = app.App.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => (Method: m.ToLowerInvariant(), Path: OpenApiPath(e.RoutePattern.RawText!))))
            .ToList();

        var document = await GetJsonAsync(anonymous, "/openapi/v1.json");
        using var reference = await anonymous.GetAsync(new Uri("/api/reference/", UriKind.Relative), Ct);
        var html = await reference.Content.ReadAsStringAsync(Ct);

        var paths = document.GetProperty("paths");
        Assert.True(apiEndpoints.Count >= 19);
        Assert.All(apiEndpoints, e => Assert.True(
            paths.TryGetProperty(e.Path, out var operations) && operations.TryGetProperty(e.Method, out _),
            $"{e.Method} {e.Path} is missing from the OpenAPI document"));
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("Attain API", html, StringComparison.Ordinal);
        Assert.Contains("openapi", html, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A route pattern as the OpenAPI document writes it: no constraints, no trailing slash.</summary>
    internal static string OpenApiPath(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, ":[a-z]+}", "}").TrimEnd('/');
}
