using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Polku.Identity.TestIdp;

namespace Polku.Identity.Auth;

/// <summary>
/// Discovery for the built-in test provider, which lives at <c>/test-idp</c> on whatever origin the request came
/// to: one standard configuration manager (HTTP discovery and JWKS through the back channel) per origin.
/// </summary>
internal sealed class RequestOriginConfigurationManager(IHttpContextAccessor accessor, HttpClient backchannel) : IConfigurationManager<OpenIdConnectConfiguration>
{
    // A request's Host header chooses the origin; only a few are real, so the cache is kept small.
    private const int MaxOrigins = 8;
    private readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> _managers = new(StringComparer.OrdinalIgnoreCase);

    public Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var request = accessor.HttpContext?.Request
            ?? throw new InvalidOperationException("The test identity provider's configuration is resolved per request.");
        var issuer = TestIdentityProvider.Issuer(request);
        if (!_managers.TryGetValue(issuer, out var manager))
        {
            manager = Create(issuer);
            if (_managers.Count < MaxOrigins)
            {
                manager = _managers.GetOrAdd(issuer, manager);
            }
        }

        return manager.GetConfigurationAsync(cancel);
    }

    public void RequestRefresh()
    {
        foreach (var manager in _managers.Values)
        {
            manager.RequestRefresh();
        }
    }

    private ConfigurationManager<OpenIdConnectConfiguration> Create(string issuer) =>
        new(issuer + "/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(backchannel) { RequireHttps = false });
}
