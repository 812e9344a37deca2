using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Polku.Identity.Auth;
using Polku.Platform.Audit;
using Polku.Region.Contracts;

namespace Polku.Identity.Pages.Account;

/// <summary>
/// Signs out: the local session always ends; a session from a provider with an end-session endpoint then continues
/// there (RP-initiated logout, with the session's ID token as hint) and comes back to the front page.
/// </summary>
[AuditExempt("ends the user's own session; no resident data")]
public sealed class LogoutModel : PageModel
{
    /// <summary>The provider's end-session URL when it is on another origin (see <see cref="PolkuOidcEvents"/>).</summary>
    public string? EndSessionUrl { get; private set; }

    public string? ProviderName { get; private set; }

    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var current = await HttpContext.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        var idToken = await SessionStore.IdTokenAsync(HttpContext, current.Principal);
        var provider = HttpContext.RequestServices.GetRequiredService<OidcProviders>().ForClaim(current.Principal?.FindFirst(PolkuClaims.Provider)?.Value);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (provider is null || idToken is null || !await HasEndSessionAsync(provider))
        {
            return LocalRedirect(RegionRoutes.Home);
        }

        var properties = new AuthenticationProperties { RedirectUri = RegionRoutes.Home };
        properties.SetParameter(PolkuOidcEvents.IdTokenHintParameter, idToken);
        await HttpContext.SignOutAsync(provider.Scheme, properties);
        if (HttpContext.Items[PolkuOidcEvents.EndSessionUrlItem] is string url)
        {
            EndSessionUrl = url;
            ProviderName = provider.IsTest ? null : provider.Options.DisplayNameIn(Platform.Localization.Language.Current, provider.Name);
            return Page();
        }

        return new EmptyResult();
    }

    private async Task<bool> HasEndSessionAsync(OidcProvider provider)
    {
        var options = HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(provider.Scheme);
        try
        {
            var configuration = await options.ConfigurationManager!.GetConfigurationAsync(HttpContext.RequestAborted);
            return !string.IsNullOrEmpty(configuration.EndSessionEndpoint);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException)
        {
            // The provider is unreachable: the local session has ended, which is what the user asked for.
            HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Polku.Identity.Oidc")
                .LogWarning(ex, "Discovery of provider {Provider} failed at sign-out", provider.Name);
            return false;
        }
    }
}
