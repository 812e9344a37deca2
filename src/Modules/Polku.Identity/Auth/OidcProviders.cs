using Microsoft.Extensions.Options;

namespace Polku.Identity.Auth;

/// <summary>
/// A provider Polku signs people in with: configured (<c>Identity:Oidc:Providers:{name}</c>) or the built-in test
/// provider. Each is one OpenID Connect authentication scheme whose endpoints carry the provider's name.
/// </summary>
internal sealed record OidcProvider(string Name, OidcProviderOptions Options, bool IsTest)
{
    public const string SchemePrefix = "oidc-";

    public string Scheme => SchemePrefix + Name;

    /// <summary>The <see cref="Polku.Platform.Audit.PolkuClaims.Provider"/> claim of a session from this provider.</summary>
    public string ClaimValue => IsTest ? OidcProviders.TestProviderName : $"oidc:{Name}";

    public string CallbackPath => "/signin-oidc/" + Name;

    public string SignedOutCallbackPath => "/signout-callback-oidc/" + Name;
}

/// <summary>The providers this installation has, test provider first when enabled.</summary>
internal sealed class OidcProviders
{
    public const string TestProviderName = "test";

    public OidcProviders(IOptions<PolkuIdentityOptions> options)
    {
        var identity = options.Value;
        var list = new List<OidcProvider>();
        if (identity.TestProvider.Enabled)
        {
            var test = identity.TestProvider;
            list.Add(new OidcProvider(TestProviderName, new OidcProviderOptions
            {
                ClientId = test.ClientId,
                ClientSecret = test.ClientSecret,
                ClientAuthentication = test.ClientAuthentication,
                SigningKey = test.SigningKey,
                DecryptionKey = test.DecryptionKey,
                ResponseMode = test.ResponseMode,
                Scope = "openid profile",
                Kind = "resident",
                IdentityCodeClaim = "national_identification_number",
                MunicipalityClaim = "home_municipality",
                // Like Suomi.fi: the ID token (which returns in the logout URL) holds no personal data.
                UserInfo = true,
            }, true));
        }

        list.AddRange(identity.Oidc.Providers
            .Where(p => !string.Equals(p.Key, TestProviderName, StringComparison.OrdinalIgnoreCase) && p.Value.Authority.Length > 0)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new OidcProvider(p.Key.ToLowerInvariant(), p.Value, false)));
        All = list;
    }

    public IReadOnlyList<OidcProvider> All { get; }

    public OidcProvider? Find(string? name) =>
        name is null ? null : All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    public OidcProvider? ForScheme(string scheme) => All.FirstOrDefault(p => p.Scheme == scheme);

    /// <summary>The provider a session came from, by its provider claim (<c>test</c>, <c>oidc:{name}</c>).</summary>
    public OidcProvider? ForClaim(string? claim) => All.FirstOrDefault(p => p.ClaimValue == claim);
}
