using Microsoft.EntityFrameworkCore;
using Polku.Identity.Data;
using Polku.Platform.Persistence;

namespace Polku.Identity.TestIdp;

/// <summary>
/// The test identity provider's sign-in page's data: finding test people and issuing the authorization code, the
/// issue (expired codes swept, the new one stored) in one unit of work.
/// </summary>
internal sealed class TestIdpSignIn(PolkuDb db, UnitOfWork unit, TestIdentityProvider provider)
{
    /// <summary>The person with the id when they have an identity code, else null.</summary>
    public Task<Person?> PersonWithCodeAsync(Guid id, CancellationToken ct) =>
        db.Set<Person>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.IdentityCode != null, ct);

    public Task<Person?> PersonByCodeAsync(string identityCode, CancellationToken ct) =>
        db.Set<Person>().AsNoTracking().FirstOrDefaultAsync(p => p.IdentityCode == identityCode, ct);

    /// <summary>
    /// People with a test-range identity code (the ninth character is 9) that is <paramref name="code"/>, or whose
    /// name, either way round and lower-cased, contains <paramref name="lower"/>; by name, at most <paramref name="max"/>.
    /// </summary>
    public Task<List<Person>> SearchTestPeopleAsync(string lower, string code, int max, CancellationToken ct)
    {
        // ToLower and Contains are translated to SQL (lower, LIKE/strpos), where culture and comparison overloads do not exist.
#pragma warning disable CA1304, CA1311, CA1862
        return db.Set<Person>().AsNoTracking()
            .Where(p => p.IdentityCode != null && p.IdentityCode.Substring(7, 1) == "9")
            .Where(p => p.IdentityCode == code
                || (p.FirstName + " " + p.LastName).ToLower().Contains(lower)
                || (p.LastName + " " + p.FirstName).ToLower().Contains(lower))
            .OrderBy(p => p.LastName).ThenBy(p => p.FirstName)
            .Take(max)
            .ToListAsync(ct);
#pragma warning restore CA1304, CA1311, CA1862
    }

    /// <summary>Issues a one-time code for the identity; returns the code.</summary>
    public Task<string> IssueCodeAsync(TestAuthorizeRequest request, TestIdentity identity, CancellationToken ct) =>
        unit.RunAsync(c => provider.IssueCodeAsync(db, request, identity, c), static _ => true, ct);
}
