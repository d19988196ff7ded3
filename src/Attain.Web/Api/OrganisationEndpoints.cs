using Attain.Application.Browse;
using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>Teams: the organisation's structure, visible to every signed-in user.</summary>
public static class TeamsEndpoints
{
    public sealed class Parameters : ListParameters
    {
        [FromQuery(Name = "regionId")]
        public string? RegionId { get; set; }
    }

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/teams").WithTags("Teams").RequireAuthorization(Policies.SignedIn);
        group.MapGet(string.Empty, ListAsync).WithName("ListTeams").WithSummary("List teams");
        group.MapGet("/{id:long}", GetAsync).WithName("GetTeam").WithSummary("Get a team").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<Paged<TeamResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] Parameters p, CurrentViewer viewer, OrganisationBrowser organisation, CancellationToken cancellationToken)
    {
        var reader = new QueryReader();
        var query = p.Read(reader, new TeamsQuery { RegionId = reader.Id(p.RegionId, "regionId") });
        if (reader.Problem(query) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await organisation.ListTeamsAsync(await viewer.ScopeAsync(cancellationToken), query, cancellationToken));
    }

    private static async Task<Results<Ok<TeamResponse>, ProblemHttpResult>> GetAsync(
        long id, CurrentViewer viewer, OrganisationBrowser organisation, CancellationToken cancellationToken) =>
        await organisation.GetTeamAsync(await viewer.ScopeAsync(cancellationToken), id, cancellationToken) is { } team
            ? TypedResults.Ok(team)
            : ApiProblems.NotFoundRecord("team", id);
}

/// <summary>Regions: the organisation's structure, visible to every signed-in user.</summary>
public static class RegionsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/regions").WithTags("Regions").RequireAuthorization(Policies.SignedIn);
        group.MapGet(string.Empty, ListAsync).WithName("ListRegions").WithSummary("List regions");
        group.MapGet("/{id:long}", GetAsync).WithName("GetRegion").WithSummary("Get a region").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<Paged<RegionResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] ListParameters p, CurrentViewer viewer, OrganisationBrowser organisation, CancellationToken cancellationToken)
    {
        var reader = new QueryReader();
        var query = p.Read(reader, new RegionsQuery());
        if (reader.Problem(query) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await organisation.ListRegionsAsync(await viewer.ScopeAsync(cancellationToken), query, cancellationToken));
    }

    private static async Task<Results<Ok<RegionResponse>, ProblemHttpResult>> GetAsync(
        long id, CurrentViewer viewer, OrganisationBrowser organisation, CancellationToken cancellationToken) =>
        await organisation.GetRegionAsync(await viewer.ScopeAsync(cancellationToken), id, cancellationToken) is { } region
            ? TypedResults.Ok(region)
            : ApiProblems.NotFoundRecord("region", id);
}
