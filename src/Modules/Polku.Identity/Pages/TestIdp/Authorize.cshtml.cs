using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polku.Identity.Auth;
using Polku.Identity.Contracts;
using Polku.Identity.TestIdp;
using Polku.Platform.Audit;
using Polku.Platform.Time;
using Polku.Platform.Web;
using Polku.Region.Contracts;

namespace Polku.Identity.Pages.TestIdp;

/// <summary>
/// The test identity provider's sign-in page: search test people (by name or identity code) and pick one, or type a
/// test identity code (900–999). Only people with test identity codes are ever found or accepted.
/// </summary>
[AuditExempt("test identity provider: finds fictional test people only and is disabled unless explicitly enabled")]
[EnableRateLimiting(RateLimitPolicies.SignIn)]
public sealed class AuthorizeModel : PageModel
{
    private const int MaxResults = 20;

    public sealed record TestPerson(Guid Id, string Name);

    [BindProperty(SupportsGet = true, Name = "client_id")]
    public string? ClientId { get; set; }

    [BindProperty(SupportsGet = true, Name = "redirect_uri")]
    public string? RedirectUri { get; set; }

    [BindProperty(SupportsGet = true, Name = "response_type")]
    public string? ResponseType { get; set; }

    [BindProperty(SupportsGet = true, Name = "state")]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "nonce")]
    public string? Nonce { get; set; }

    [BindProperty(SupportsGet = true, Name = "code_challenge")]
    public string? CodeChallenge { get; set; }

    [BindProperty(SupportsGet = true, Name = "code_challenge_method")]
    public string? CodeChallengeMethod { get; set; }

    [BindProperty(SupportsGet = true, Name = "scope")]
    public string? Scope { get; set; }

    [BindProperty]
    public string? Hetu { get; set; }

    /// <summary>A name or an identity code; posted, never in the URL.</summary>
    [BindProperty(Name = "q")]
    public string? Query { get; set; }

    public string? HetuError { get; private set; }

    /// <summary>Null until a search was made.</summary>
    public IReadOnlyList<TestPerson>? People { get; private set; }

    public IActionResult OnGet() => Check() ?? Page();

    public async Task<IActionResult> OnPostSearchAsync()
    {
        if (Check() is { } problem)
        {
            return problem;
        }

        await SearchAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? pick)
    {
        if (Check() is { } problem)
        {
            return problem;
        }

        var signIn = HttpContext.RequestServices.GetRequiredService<TestIdpSignIn>();
        var time = HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        TestIdentity? identity = null;
        if (pick is { } id)
        {
            var person = await signIn.PersonWithCodeAsync(id, HttpContext.RequestAborted);
            if (person is not null && PersonalIdentityCode.Validate(person.IdentityCode, DateOnly.MaxValue).IsTemporary)
            {
                identity = new TestIdentity(person.IdentityCode!, person.FirstName, person.LastName, person.HomeMunicipalityCode);
            }
        }
        else
        {
            var result = PersonalIdentityCode.Validate(Hetu, HelsinkiTime.LocalDate(time.GetUtcNow()));
            if (!result.Valid)
            {
                HetuError = "identity." + result.ErrorCode;
            }
            else if (!result.IsTemporary)
            {
                HetuError = "identity.testidp.not_test_code";
            }
            else
            {
                var known = await signIn.PersonByCodeAsync(Hetu!, HttpContext.RequestAborted);
                identity = known is not null
                    ? new TestIdentity(known.IdentityCode!, known.FirstName, known.LastName, known.HomeMunicipalityCode)
                    : new TestIdentity(Hetu!, "Testi", $"Henkilö {Hetu![7..10]}", await FirstMunicipalityAsync());
            }
        }

        if (identity is null)
        {
            HetuError ??= "identity.testidp.choose";
            return Page();
        }

        var code = await signIn.IssueCodeAsync(new TestAuthorizeRequest(ClientId!, RedirectUri!, Nonce!, CodeChallenge!), identity, HttpContext.RequestAborted);
        return Redirect(QueryHelpers.AddQueryString(RedirectUri!, new Dictionary<string, string?> { ["code"] = code, ["state"] = State }));
    }

    /// <summary>An unknown test person lives in the county's first municipality by code (from the data; null when there is none).</summary>
    private async Task<string?> FirstMunicipalityAsync()
    {
        var municipalities = await HttpContext.RequestServices.GetRequiredService<IUnitDirectory>().MunicipalitiesAsync(HttpContext.RequestAborted);
        return municipalities.Select(m => m.Code).Order(StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>Rejects a malformed authorization request; never redirects to a URI it has not verified.</summary>
    private IActionResult? Check()
    {
        var options = HttpContext.RequestServices.GetRequiredService<IOptions<PolkuIdentityOptions>>().Value.TestProvider;
        if (!options.Enabled)
        {
            return NotFound();
        }

        var origin = $"{Request.Scheme}://{Request.Host}{Request.PathBase}/signin-oidc/";
        var valid = ClientId == options.ClientId
            && RedirectUri is { } uri && uri.StartsWith(origin, StringComparison.Ordinal) && uri.Length > origin.Length && !uri.Contains('?', StringComparison.Ordinal)
            && ResponseType == "code"
            && CodeChallengeMethod == "S256" && CodeChallenge is { Length: 43 }
            && State is { Length: > 0 and < 4000 } && Nonce is { Length: > 0 and < 500 };
        return valid ? null : BadRequest("invalid_request");
    }

    /// <summary>
    /// Test people whose name contains the query (either order of first and last name), or whose identity code it
    /// is. Only test identity codes (individual number 900–999: the ninth character is 9) are searched.
    /// </summary>
    private async Task SearchAsync()
    {
        var term = (Query ?? "").Trim();
        if (term.Length == 0)
        {
            People = [];
            return;
        }

        var people = await HttpContext.RequestServices.GetRequiredService<TestIdpSignIn>()
            .SearchTestPeopleAsync(term.ToLowerInvariant(), term.ToUpperInvariant(), MaxResults, HttpContext.RequestAborted);
        People = [.. people
            .Where(p => PersonalIdentityCode.Validate(p.IdentityCode, DateOnly.MaxValue).IsTemporary)
            .Select(p => new TestPerson(p.Id, p.FullName))];
    }
}
