using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Attain.Application.Compensation;
using Attain.Application.Organisation;
using Attain.Application.Tests.Browse;
using Attain.Web.Tests.Support;

namespace Attain.Web.Tests.Api;

/// <summary>
/// Approvals, adjustments, disputes and notifications through the API, on the fixture organisation with a published run
/// of FY2026-M10 started by <c>carla</c> (comp-admin): Ann's statement has line 1 (bonus 100.00 EUR).
/// </summary>
public class OperationsEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Office(SeededApp App, HttpClient Carla, HttpClient Fiona, HttpClient North, long RunId) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Carla.Dispose();
            Fiona.Dispose();
            North.Dispose();
            await App.DisposeAsync();
        }
    }

    private static async Task<Office> StartAsync()
    {
        var app = await SeededApp.StartAsync();
        async Task<HttpClient> LoginAsync(string name, string role, long? person) =>
            app.App.Client((await app.App.IssueTokenAsync((await app.App.CreateUserAsync(name, person, role)).Id)).Secret);
        var carla = await LoginAsync("carla", Roles.CompAdmin, null);
        var fiona = await LoginAsync("fiona", Roles.Finance, null);
        var north = await LoginAsync("north", Roles.Manager, app.Org.People[OrgFixture.North]);
        await using var db = app.Store.NewContext("carla");
        var run = new CalculationRun { PeriodKey = "FY2026-M10", Number = 1, Status = RunStatus.Published, StartedBy = "carla", StartedAt = app.Store.Clock.GetUtcNow().UtcDateTime };
        db.CalculationRuns.Add(run);
        await db.SaveChangesAsync(Ct);
        db.CompensationPeriods.Add(new CompensationPeriod { PeriodKey = "FY2026-M10", PublishedRunId = run.Id });
        db.RunLines.Add(new RunLine
        {
            RunId = run.Id,
            PersonId = app.Org.People[OrgFixture.Ann],
            Number = 1,
            Source = RunLineSource.Earning,
            Kind = "Commission",
            PlanKey = "ae",
            ComponentId = "bonus",
            PeriodKey = "FY2026-M10",
            Date = new DateOnly(2026, 10, 31),
            Rule = "rate",
            Amount = 100m,
            Currency = "EUR",
        });
        await db.SaveChangesAsync(Ct);
        return new Office(app, carla, fiona, north, run.Id);
    }

    private static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected, string? code = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body ?? new { }) };
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        if (code is not null)
        {
            Assert.Equal(code, json.GetProperty("code").GetString());
        }

        return json;
    }

    [Fact]
    public async Task DisputeToAdjustment_RaiseReviewCommentResolveApprove_AdjustmentApprovedByAnotherAndAnnNotified()
    {
        await using var o = await StartAsync();
        using var ann = o.App.Ann();

        var raised = await SendAsync(ann, HttpMethod.Post, "/api/v1/disputes", new { runId = o.RunId, lineNumber = 1, text = "My deal 4711 is missing" }, HttpStatusCode.Created);
        var id = raised.GetProperty("id").GetInt64();
        await SendAsync(ann, HttpMethod.Post, $"/api/v1/disputes/{id}/review", null, HttpStatusCode.Forbidden);
        await SendAsync(o.Carla, HttpMethod.Post, $"/api/v1/disputes/{id}/resolve", new { amount = 25m, reason = "x" }, HttpStatusCode.Conflict, "invalid_transition");
        await SendAsync(o.Carla, HttpMethod.Post, $"/api/v1/disputes/{id}/review", null, HttpStatusCode.OK);
        await SendAsync(o.North, HttpMethod.Post, $"/api/v1/disputes/{id}/comments", new { text = "I agree" }, HttpStatusCode.Forbidden, "not_allowed");
        await SendAsync(ann, HttpMethod.Post, $"/api/v1/disputes/{id}/comments", new { text = "Booked 2026-10-30" }, HttpStatusCode.OK);
        var resolved = await SendAsync(o.Carla, HttpMethod.Post, $"/api/v1/disputes/{id}/resolve", new { amount = 25m, reason = "Deal 4711 at 5 %" }, HttpStatusCode.OK);
        var adjustment = resolved.GetProperty("adjustmentId").GetInt64();
        await SendAsync(o.Carla, HttpMethod.Post, $"/api/v1/adjustments/{adjustment}/approve", null, HttpStatusCode.Forbidden, "segregation_of_duties");
        var approved = await SendAsync(o.Fiona, HttpMethod.Post, $"/api/v1/adjustments/{adjustment}/approve", null, HttpStatusCode.OK);
        var detail = await SendAsync(ann, HttpMethod.Get, $"/api/v1/disputes/{id}", null, HttpStatusCode.OK);
        var inbox = await ann.GetFromJsonAsync<JsonElement>("/api/v1/notifications?unreadOnly=true", Ct);
        var marked = await SendAsync(ann, HttpMethod.Post, "/api/v1/notifications/read-all", null, HttpStatusCode.OK);

        Assert.Equal("Open", raised.GetProperty("status").GetString());
        Assert.Equal(("Resolved", "Dispute", "bonus"), (resolved.GetProperty("status").GetString(), approved.GetProperty("kind").GetString(), approved.GetProperty("componentId").GetString()));
        Assert.Equal(("Approved", "fiona", 25m), (approved.GetProperty("status").GetString(), approved.GetProperty("decidedBy").GetString(), approved.GetProperty("amount").GetDecimal()));
        Assert.Equal(["Booked 2026-10-30"], detail.GetProperty("comments").EnumerateArray().Select(c => c.GetProperty("text").GetString()));
        Assert.Equal(2, inbox.GetProperty("unread").GetInt32());
        Assert.Equal(2, marked.GetProperty("marked").GetInt32());
    }

    [Fact]
    public async Task RunApproval_DefaultChain_StarterBarredAdminStandsInAndPeriodApproved()
    {
        await using var o = await StartAsync();
        using var admin = o.App.Admin();
        using var ann = o.App.Ann();

        await SendAsync(o.Carla, HttpMethod.Post, $"/api/v1/approvals/runs/{o.RunId}/approve", null, HttpStatusCode.Conflict, "invalid_transition");
        await SendAsync(ann, HttpMethod.Post, $"/api/v1/approvals/runs/{o.RunId}/submit", null, HttpStatusCode.Forbidden);
        var submitted = await SendAsync(o.Carla, HttpMethod.Post, $"/api/v1/approvals/runs/{o.RunId}/submit", null, HttpStatusCode.OK);
        var waiting = await o.North.GetFromJsonAsync<JsonElement>("/api/v1/approvals/runs?waitingForMe=true", Ct);
        await SendAsync(o.Fiona, HttpMethod.Post, $"/api/v1/approvals/runs/{o.RunId}/approve", null, HttpStatusCode.Forbidden, "not_allowed");
        await SendAsync(o.North, HttpMethod.Post, $"/api/v1/approvals/runs/{o.RunId}/approve", new { reason = "checked my team" }, HttpStatusCode.OK);
        await SendAsync(o.Carla, HttpMethod.Post, $"/api/v1/approvals/runs/{o.RunId}/approve", null, HttpStatusCode.Forbidden, "segregation_of_duties");
        await SendAsync(admin, HttpMethod.Post, $"/api/v1/approvals/runs/{o.RunId}/approve", null, HttpStatusCode.OK);
        await SendAsync(o.Fiona, HttpMethod.Post, $"/api/v1/approvals/runs/{o.RunId}/reject", null, HttpStatusCode.BadRequest, "invalid_body");
        var final = await SendAsync(o.Fiona, HttpMethod.Post, $"/api/v1/approvals/runs/{o.RunId}/approve", null, HttpStatusCode.OK);

        Assert.Equal(("Pending", "manager"), (submitted.GetProperty("approvalStatus").GetString(), submitted.GetProperty("pendingRole").GetString()));
        Assert.Equal([o.RunId], waiting.EnumerateArray().Select(r => r.GetProperty("runId").GetInt64()));
        Assert.Equal("Approved", final.GetProperty("approvalStatus").GetString());
        Assert.Equal(["carla", "north", "admin", "fiona"], final.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task Adjustments_ClosedPeriodAndBadChain_ProblemsNameTheCause()
    {
        await using var o = await StartAsync();
        using var admin = o.App.Admin();
        await using (var db = o.App.Store.NewContext())
        {
            (await db.CompensationPeriods.FindAsync(["FY2026-M10"], Ct))!.State = PeriodState.Closed;
            await db.SaveChangesAsync(Ct);
        }

        var ann = o.App.Org.People[OrgFixture.Ann];
        await SendAsync(o.Carla, HttpMethod.Post, "/api/v1/adjustments", new { personId = ann, periodKey = "FY2026-M10", amount = 10m, reason = "late" }, HttpStatusCode.Conflict, "period_closed");
        var invalid = await SendAsync(o.Carla, HttpMethod.Post, "/api/v1/adjustments", new { personId = ann, periodKey = "FY2026-M11", amount = 10m, currency = "USD" }, HttpStatusCode.BadRequest, "invalid_body");
        var created = await SendAsync(o.Carla, HttpMethod.Post, "/api/v1/adjustments", new { personId = ann, periodKey = "FY2026-M11", amount = 10m, reason = "late" }, HttpStatusCode.Created);
        var chain = await SendAsync(admin, HttpMethod.Put, "/api/v1/approvals/chain", new { steps = new[] { "finance", "rep" } }, HttpStatusCode.BadRequest, "invalid_body");
        var list = await o.App.Ann().GetFromJsonAsync<JsonElement>("/api/v1/adjustments?status=Pending", Ct);

        Assert.Equal(["currency", "reason"], invalid.GetProperty("issues").EnumerateArray().Select(i => i.GetProperty("path").GetString()));
        Assert.Equal(("Pending", "EUR"), (created.GetProperty("status").GetString(), created.GetProperty("currency").GetString()));
        Assert.Equal("steps[1]", chain.GetProperty("issues")[0].GetProperty("path").GetString());
        Assert.Equal(1, list.GetProperty("total").GetInt32());
    }
}
