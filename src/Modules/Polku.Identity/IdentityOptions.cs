namespace Polku.Identity;

/// <summary>The <c>Identity</c> configuration section.</summary>
public sealed class PolkuIdentityOptions
{
    public const string Section = "Identity";

    /// <summary>A guardian may act for a ward younger than this many years.</summary>
    public int GuardianAgeLimit { get; set; } = 15;

    public TestProviderOptions TestProvider { get; set; } = new();

    public DemoStaffLoginOptions DemoStaffLogin { get; set; } = new();

    public OidcOptions Oidc { get; set; } = new();
}

/// <summary>How Polku, as an OpenID Connect client, authenticates itself and receives ID tokens from one provider.</summary>
public class OidcClientOptions
{
    public string ClientId { get; set; } = "";

    public string? ClientSecret { get; set; }

    /// <summary>
    /// <c>client_secret_post</c> (the default: the secret, when one is set, goes in the token request) or
    /// <c>private_key_jwt</c> (RFC 7523: a JWT signed with <see cref="SigningKey"/>, as Finnish identification brokers require).
    /// </summary>
    public string ClientAuthentication { get; set; } = OidcClientAuthentication.ClientSecretPost;

    /// <summary>The client's private signing key for <c>private_key_jwt</c>; its public half is published at <c>/oidc/{name}/jwks</c>.</summary>
    public OidcKeyOptions? SigningKey { get; set; }

    /// <summary>The client's private RSA key for encrypted ID tokens (JWE); its public half is published at <c>/oidc/{name}/jwks</c>.</summary>
    public OidcKeyOptions? DecryptionKey { get; set; }

    /// <summary><c>query</c> unless the provider needs <c>form_post</c>.</summary>
    public string ResponseMode { get; set; } = "query";

    internal bool UsesPrivateKeyJwt => string.Equals(ClientAuthentication, OidcClientAuthentication.PrivateKeyJwt, StringComparison.OrdinalIgnoreCase);
}

public static class OidcClientAuthentication
{
    public const string ClientSecretPost = "client_secret_post";
    public const string PrivateKeyJwt = "private_key_jwt";
}

/// <summary>
/// A key the client holds: <see cref="Path"/> to a PEM private key (PKCS#8, PKCS#1 or SEC1; an encrypted PKCS#8 with
/// <see cref="Password"/>; a certificate in the same file is published as <c>x5c</c>), a private JWK (<c>.json</c>,
/// <c>.jwk</c>) or a PKCS#12 certificate (<c>.pfx</c>, <c>.p12</c>).
/// </summary>
public sealed class OidcKeyOptions
{
    public string Path { get; set; } = "";

    public string? Password { get; set; }

    /// <summary>The <c>kid</c>; by default the key's RFC 7638 thumbprint, so every node publishes the same one.</summary>
    public string? KeyId { get; set; }

    /// <summary>Signing: RS256 (RSA) or ES256 (EC P-256) by default, PS256 etc. when set. Encryption: RSA-OAEP by default, or RSA-OAEP-256.</summary>
    public string? Algorithm { get; set; }
}

/// <summary>The built-in test identity provider and the client settings Polku uses against it.</summary>
public sealed class TestProviderOptions : OidcClientOptions
{
    public TestProviderOptions() => ClientId = "polku-test-client";

    public bool Enabled { get; set; }
}

public sealed class DemoStaffLoginOptions
{
    public bool Enabled { get; set; }
}

public sealed class OidcOptions
{
    public Dictionary<string, OidcProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One OpenID Connect provider, <c>Identity:Oidc:Providers:{name}</c>.</summary>
public sealed class OidcProviderOptions : OidcClientOptions
{
    public string Authority { get; set; } = "";
    public string Scope { get; set; } = "openid profile";

    /// <summary><c>resident</c> or <c>staff</c>.</summary>
    public string Kind { get; set; } = "resident";

    /// <summary>Claim carrying the identity code (residents); Suomi.fi: <c>urn:oid:1.2.246.21</c>.</summary>
    public string IdentityCodeClaim { get; set; } = "national_identification_number";

    /// <summary>Claim carrying the home municipality code, when the provider gives one.</summary>
    public string MunicipalityClaim { get; set; } = "home_municipality";

    /// <summary>Claim used to match a professional by login when the subject is not yet known.</summary>
    public string LoginClaim { get; set; } = "preferred_username";

    /// <summary>
    /// Staff providers: the claim that identifies a professional — <c>sub</c> by default; e.g. <c>oid</c> (Entra ID's
    /// object id) or an employee-number claim. It is compared with <see cref="StaffMatchField"/>, never with a name.
    /// </summary>
    public string StaffMatchClaim { get; set; } = "sub";

    /// <summary>
    /// Staff providers: the account field <see cref="StaffMatchClaim"/> is compared with: <c>ExternalSubject</c> (the
    /// default) or <c>DirectoryId</c> (the HR import's <c>directory_id</c>, e.g. an employee number).
    /// </summary>
    public string StaffMatchField { get; set; } = StaffMatchFields.ExternalSubject;

    /// <summary>Staff providers: whether a professional the provider knows but Polku does not gets an account at sign-in (off by default).</summary>
    public StaffProvisioningOptions Provisioning { get; set; } = new();

    /// <summary>
    /// Whether the person's claims (identity code, names, municipality, login) come from the provider's userinfo
    /// endpoint with the access token, as Suomi.fi e-Identification gives them, instead of from the ID token.
    /// </summary>
    public bool UserInfo { get; set; }

    public Dictionary<string, string> DisplayName { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public string DisplayNameIn(string language, string fallback) =>
        DisplayName.TryGetValue(language, out var n) && n.Length > 0 ? n
        : DisplayName.TryGetValue("fi", out var fi) && fi.Length > 0 ? fi
        : fallback;

    internal bool IsStaff => string.Equals(Kind, "staff", StringComparison.OrdinalIgnoreCase);

    internal bool MatchesDirectoryId => string.Equals(StaffMatchField, StaffMatchFields.DirectoryId, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The account fields a staff provider's sign-in may be matched on (<see cref="OidcProviderOptions.StaffMatchField"/>).</summary>
public static class StaffMatchFields
{
    public const string ExternalSubject = "ExternalSubject";
    public const string DirectoryId = "DirectoryId";
}

/// <summary>
/// <c>Identity:Oidc:Providers:{name}:Provisioning</c>: a professional unknown to Polku signing in with the county's
/// directory gets an account from the provider's claims (name, e-mail), with no roles and no units except what
/// <see cref="Mappings"/> give. Off by default: then such a sign-in is refused and a coordinator adds the person.
/// </summary>
public sealed class StaffProvisioningOptions
{
    public bool Enabled { get; set; }

    /// <summary>The claim with the person's full name; given_name and family_name are used when it is missing.</summary>
    public string NameClaim { get; set; } = "name";

    public string EmailClaim { get; set; } = "email";

    public List<StaffClaimMapping> Mappings { get; set; } = [];
}

/// <summary>A claim value that gives a provisioned professional roles and units: e.g. <c>roles</c> = <c>polku-nurse-porvoo</c> → professional in hs-638.</summary>
public sealed class StaffClaimMapping
{
    public string Claim { get; set; } = "roles";
    public string Value { get; set; } = "";

    /// <summary>Polku roles (<c>professional</c>, <c>trainer</c> …).</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>Unit codes (<c>hs-638</c>).</summary>
    public List<string> Units { get; set; } = [];
}
