using Attain.Application.Browse;
using Attain.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Attain.Web.Api;

/// <summary>People: a rep sees themself, a manager their reporting subtree as of today, data roles everyone.</summary>
public static class PeopleEndpoints
{
    public sealed class Parameters : ListParameters
    {
        /// <summary>Direct reports of this person as of today.</summary>
        [FromQuery(Name = "managerId")]
        public string? ManagerId { get; set; }

        /// <summary>Members of this team as of today.</summary>
        [FromQuery(Name = "teamId")]
        public string? TeamId { get; set; }

        /// <summary>true: not terminated before today; false: terminated.</summary>
        [FromQuery(Name = "active")]
        public string? Active { get; set; }
    }

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/people").WithTags("People").RequireAuthorization(Policies.SignedIn);
        group.MapGet(string.Empty, ListAsync).WithName("ListPeople").WithSummary("List the people you may see");
        group.MapGet("/{id:long}", GetAsync).WithName("GetPerson").WithSummary("Get a person").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<Paged<PersonResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] Parameters p, CurrentViewer viewer, PeopleBrowser people, CancellationToken cancellationToken)
    {
        var reader = new QueryReader();
        var query = p.Read(reader, new PeopleQuery
        {
            ManagerId = reader.Id(p.ManagerId, "managerId"),
            TeamId = reader.Id(p.TeamId, "teamId"),
            Active = reader.Bool(p.Active, "active"),
        });
        if (reader.Problem(query) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await people.ListAsync(await viewer.ScopeAsync(cancellationToken), query, cancellationToken));
    }

    private static async Task<Results<Ok<PersonResponse>, ProblemHttpResult>> GetAsync(
        long id, CurrentViewer viewer, PeopleBrowser people, CancellationToken cancellationToken) =>
        await people.GetAsync(await viewer.ScopeAsync(cancellationToken), id, cancellationToken) is { } person
            ? TypedResults.Ok(person)
            : ApiProblems.NotFoundRecord("person", id);
}
