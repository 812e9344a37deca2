using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polku.Contacts.Contracts;
using Polku.Identity.Api;
using Polku.Identity.Auth;
using Polku.Identity.Directory;
using Polku.Platform.Audit;
using Polku.Platform.Web;
using Polku.Region.Contracts;

namespace Polku.Identity.Pages.Account;

[AuditExempt("lists the ways to sign in and demo staff accounts; no resident data")]
[EnableRateLimiting(RateLimitPolicies.SignIn)]
public sealed class LoginModel : PageModel
{
    private OidcProviders _providers => HttpContext.RequestServices.GetRequiredService<OidcProviders>();
    private IdentityViews _views => HttpContext.RequestServices.GetRequiredService<IdentityViews>();
    private SignInService _signIn => HttpContext.RequestServices.GetRequiredService<SignInService>();
    private PolkuIdentityOptions _options => HttpContext.RequestServices.GetRequiredService<IOptions<PolkuIdentityOptions>>().Value;

    public sealed record ProviderLink(string Name, string DisplayName, bool IsTest, bool IsStaff);

    public sealed record DemoStaff(string Login, string Name, string Title);

    public IReadOnlyList<ProviderLink> Providers { get; private set; } = [];

    public IReadOnlyList<DemoStaff> Staff { get; private set; } = [];

    public string ReturnUrl { get; private set; } = "/";

    public string? Error { get; private set; }

    public async Task OnGetAsync(string? returnUrl, string? error)
    {
        Error = error is { Length: < 60 } && error.StartsWith("signin.", StringComparison.Ordinal) ? error : null;
        await LoadAsync(returnUrl);
    }

    public async Task<IActionResult> OnPostStaffAsync(string? login, string? returnUrl)
    {
        if (!_options.DemoStaffLogin.Enabled)
        {
            return NotFound();
        }

        var staff = login is null ? null : await _views.StaffByLoginAsync(login, HttpContext.RequestAborted);
        if (staff is null)
        {
            Error = "signin.unknown_staff";
            await LoadAsync(returnUrl);
            return Page();
        }

        if (await _signIn.StaffPrincipalAsync(staff, "demo", HttpContext.RequestAborted) is not { } principal)
        {
            Error = "signin.deactivated";
            await LoadAsync(returnUrl);
            return Page();
        }

        await SignInService.SignInAsync(HttpContext, principal);
        var target = IdentityEndpoints.SafeReturnUrl(returnUrl);
        return LocalRedirect(target == RegionRoutes.Home ? ContactsRoutes.Desk : target);
    }

    private async Task LoadAsync(string? returnUrl)
    {
        ReturnUrl = IdentityEndpoints.SafeReturnUrl(returnUrl);
        var language = Platform.Localization.Language.Current;
        Providers = [.. _providers.All.Select(p => new ProviderLink(p.Name, p.Options.DisplayNameIn(language, p.Name), p.IsTest, p.Options.IsStaff))];
        if (_options.DemoStaffLogin.Enabled)
        {
            Staff = [.. (await _views.AllStaffAsync(HttpContext.RequestAborted)).Select(s => new DemoStaff(s.Login, s.Name, s.Title))];
        }
    }
}
