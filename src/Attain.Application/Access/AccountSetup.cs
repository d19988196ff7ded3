using System.Security.Cryptography;
using Attain.Application.Data;
using Attain.Application.Demo;
using Attain.Application.Organisation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Attain.Application.Access;

/// <summary>A login the app created at start, to tell the operator about once.</summary>
public sealed record CreatedLogin(string UserName, string Role, string Password, string Description);

/// <summary>
/// Makes sure the roles exist, and that someone can sign in: the demo logins when the demo company is loaded,
/// otherwise a first <c>admin</c> with a random password (printed once) when the store has no users.
/// </summary>
public sealed class AccountSetup(AttainDbContext db, UserManager<AttainUser> users, RoleManager<IdentityRole> roles)
{
    public async Task EnsureRolesAsync(CancellationToken cancellationToken = default)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), role);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Creates the demo logins that do not exist yet, linked to their people; returns those created.</summary>
    public async Task<IReadOnlyList<CreatedLogin>> EnsureDemoLoginsAsync(CancellationToken cancellationToken = default)
    {
        await EnsureRolesAsync(cancellationToken);
        var created = new List<CreatedLogin>();
        foreach (var demo in DemoCompany.Users)
        {
            if (await users.FindByNameAsync(demo.UserName) is not null)
            {
                continue;
            }

            long? personId = demo.PersonExternalId is { } externalId
                ? await db.People.Where(p => p.ExternalId == externalId).Select(p => (long?)p.Id).SingleOrDefaultAsync(cancellationToken)
                    ?? throw new InvalidOperationException($"Demo login {demo.UserName} needs person {externalId}, which is not in the store.")
                : null;
            await CreateAsync(demo.UserName, demo.Email, demo.Role, DemoCompany.Password, personId);
            created.Add(new CreatedLogin(demo.UserName, demo.Role, DemoCompany.Password, demo.Description));
        }

        return created;
    }

    /// <summary>When nobody can sign in yet, creates <c>admin</c> with a random password and returns it (shown once).</summary>
    public async Task<CreatedLogin?> EnsureFirstAdminAsync(CancellationToken cancellationToken = default)
    {
        await EnsureRolesAsync(cancellationToken);
        if (await db.Users.AnyAsync(cancellationToken))
        {
            return null;
        }

        var password = "A1-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
        await CreateAsync("admin", "admin@localhost", Roles.Admin, password, null);
        return new CreatedLogin("admin", Roles.Admin, password, "First administrator: change this password");
    }

    private async Task CreateAsync(string userName, string email, string role, string password, long? personId)
    {
        var user = new AttainUser { UserName = userName, Email = email, EmailConfirmed = true, PersonId = personId };
        Check(await users.CreateAsync(user, password), userName);
        Check(await users.AddToRoleAsync(user, role), userName);
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
