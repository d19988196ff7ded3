using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Attain.Application.Demo;
using Attain.Application.Quotas;
using Attain.Application.Tests.Browse;
using Attain.Testing.Documents;
using Attain.Web.Tests.Support;

namespace Attain.Web.Tests.Api;

/// <summary>
/// Plans, assignments, plan documents, estimates and what-if through the API on the fixture organisation: the admin
/// publishes the demo's account executive plan and assigns it to Ann (quota 120,000 EUR in FY2026-Q4).
/// </summary>
public class PlansEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task PlanLifecycle_DraftPublishAssignAcceptEstimate_EachStepAnswersAndFailuresCarryCodes()
    {
        await using var app = await SeededApp.StartAsync();
        using var admin = app.Admin();
        using var ann = app.Ann();
        var annId = app.Org.People[OrgFixture.Ann];
        await using (var db = app.Store.NewContext())
        {
            db.Quotas.Add(new Quota { PersonId = annId, Period = "FY2026-Q4", PeriodStart = new DateOnly(2026, 10, 1), PeriodEnd = new DateOnly(2026, 12, 31), Amount = 120_000m, Currency = "EUR" });
            await db.SaveChangesAsync(Ct);
        }

        var invalid = await SendAsync(admin, HttpMethod.Post, "/api/v1/plans", new { document = "{ \"id\": \"x\", \"version\": \"one\" }", reason = "try" }, HttpStatusCode.BadRequest);
        var created = await SendAsync(admin, HttpMethod.Post, "/api/v1/plans", new { document = DemoPlans.AccountExecutiveDocument, name = "AE plan", reason = "first" }, HttpStatusCode.Created);
        await SendAsync(ann, HttpMethod.Post, "/api/v1/plans/ae-quarterly/versions/1/publish", new { reason = "me" }, HttpStatusCode.Forbidden);
        var published = await SendAsync(admin, HttpMethod.Post, "/api/v1/plans/ae-quarterly/versions/1/publish", new { reason = "go" }, HttpStatusCode.OK);
        var assignment = await SendAsync(admin, HttpMethod.Post, "/api/v1/plan-assignments",
            new { personId = annId, planKey = "ae-quarterly", effectiveFrom = "2026-01-01", targetIncentive = 40_000m, basis = "Year", reason = "hire" }, HttpStatusCode.Created);
        var overlap = await SendAsync(admin, HttpMethod.Post, "/api/v1/plan-assignments",
            new { personId = annId, planKey = "ae-quarterly", effectiveFrom = "2026-06-01", reason = "again" }, HttpStatusCode.Conflict);
        var assignmentId = assignment.GetProperty("id").GetInt64();
        var mine = await SendAsync(ann, HttpMethod.Get, "/api/v1/plan-documents/mine", null, HttpStatusCode.OK);
        using var pdf = await ann.GetAsync(new Uri($"/api/v1/plan-documents/{assignmentId}/pdf", UriKind.Relative), Ct);
        var pdfText = PdfText.All(await pdf.Content.ReadAsByteArrayAsync(Ct));
        var sha = mine[0].GetProperty("sha256").GetString();
        var accepted = await SendAsync(ann, HttpMethod.Post, $"/api/v1/plan-documents/{assignmentId}/accept", new { sha256 = sha }, HttpStatusCode.OK);
        var adminAccept = await SendAsync(admin, HttpMethod.Post, $"/api/v1/plan-documents/{assignmentId}/accept", new { sha256 = sha }, HttpStatusCode.Forbidden);
        var pending = await SendAsync(admin, HttpMethod.Get, "/api/v1/plan-documents/acceptances?accepted=false", null, HttpStatusCode.OK);
        var estimate = await SendAsync(ann, HttpMethod.Post, "/api/v1/estimates", new { deals = new[] { new { amount = 20_000m, currency = "EUR", date = "2026-12-15" } } }, HttpStatusCode.OK);
        var draft = DemoPlans.AccountExecutiveDocument.Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal).Replace("\"rate\": 0.05", "\"rate\": 0.07", StringComparison.Ordinal);
        await SendAsync(admin, HttpMethod.Post, "/api/v1/plans", new { document = draft, reason = "richer" }, HttpStatusCode.Created);
        var whatIf = await SendAsync(admin, HttpMethod.Post, "/api/v1/plans/ae-quarterly/versions/2/what-if?period=FY2026-M11", null, HttpStatusCode.OK);

        Assert.Equal("invalid_body", invalid.GetProperty("code").GetString());
        Assert.Contains(invalid.GetProperty("issues").EnumerateArray(), i => i.GetProperty("path").GetString() == "document.version");
        Assert.Equal("Draft", created.GetProperty("status").GetString());
        Assert.Equal("Published", published.GetProperty("status").GetString());
        Assert.Equal("assignment_overlap", overlap.GetProperty("code").GetString());
        Assert.Equal(assignmentId, Assert.Single(mine.EnumerateArray()).GetProperty("assignmentId").GetInt64());
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Worked examples", pdfText, StringComparison.Ordinal);
        Assert.Equal(1, accepted.GetProperty("planVersion").GetInt32());
        Assert.Equal("not_own_document", adminAccept.GetProperty("code").GetString());
        Assert.Empty(pending.EnumerateArray());
        // 500.25 booked + 20,000 at 5 %: 1,000.00 more commission; attainment 17.08 % stays below the bonus threshold.
        Assert.Equal(1_000.00m, estimate.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("componentId").GetString() == "commission").GetProperty("extra").GetDecimal());
        // November's 500.25 booking pays 25.01 at 5 % and 35.02 at 7 % (running totals rounded to the cent).
        var total = Assert.Single(whatIf.GetProperty("totals").EnumerateArray());
        Assert.Equal((25.01m, 35.02m, 1), (total.GetProperty("live").GetDecimal(), total.GetProperty("draft").GetDecimal(), total.GetProperty("rises").GetInt32()));
    }
}
