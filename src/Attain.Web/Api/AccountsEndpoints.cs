using Attain.Application.Browse;
using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>Accounts whose owner the viewer may see.</summary>
public static class AccountsEndpoints
{
    public sealed class Parameters : ListParameters
    {
        [FromQuery(Name = "ownerId")]
        public string? OwnerId { get; set; }

        /// <summary>ISO 3166-1 alpha-2 country code.</summary>
        [FromQuery(Name = "country")]
        public string? Country { get; set; }

        [FromQuery(Name = "industry")]
        public string? Industry { get; set; }

        /// <summary>Only records of accounts in this stored segment: SEGMENTATION:SEGMENT, for example size:enterprise.</summary>
        [FromQuery(Name = "segment")]
        public string? Segment { get; set; }
    }

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/accounts").WithTags("Accounts").RequireAuthorization(Policies.SignedIn);
        group.MapGet(string.Empty, ListAsync).WithName("ListAccounts").WithSummary("List the accounts you may see");
        group.MapGet("/{id:long}", GetAsync).WithName("GetAccount").WithSummary("Get an account").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<Paged<AccountResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] Parameters p, CurrentViewer viewer, AccountBrowser accounts, CancellationToken cancellationToken)
    {
        var reader = new QueryReader();
        var query = p.Read(reader, new AccountsQuery { OwnerId = reader.Id(p.OwnerId, "ownerId"), Country = p.Country, Industry = p.Industry, Segment = p.Segment });
        if (reader.Problem(query) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await accounts.ListAsync(await viewer.ScopeAsync(cancellationToken), query, cancellationToken));
    }

    private static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> GetAsync(
        long id, CurrentViewer viewer, AccountBrowser accounts, CancellationToken cancellationToken) =>
        await accounts.GetAsync(await viewer.ScopeAsync(cancellationToken), id, cancellationToken) is { } account
            ? TypedResults.Ok(account)
            : ApiProblems.NotFoundRecord("account", id);
}
