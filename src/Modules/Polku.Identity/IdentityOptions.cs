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

public sealed class TestProviderOptions
{
    public bool Enabled { get; set; }

    public string ClientId { get; set; } = "polku-test-client";
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
public sealed class OidcProviderOptions
{
    public string Authority { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string? ClientSecret { get; set; }
    public string Scope { get; set; } = "openid profile";

    /// <summary><c>resident</c> or <c>staff</c>.</summary>
    public string Kind { get; set; } = "resident";

    /// <summary>Claim carrying the identity code (residents); Suomi.fi: <c>urn:oid:1.2.246.21</c>.</summary>
    public string IdentityCodeClaim { get; set; } = "national_identification_number";

    /// <summary>Claim carrying the home municipality code, when the provider gives one.</summary>
    public string MunicipalityClaim { get; set; } = "home_municipality";

    /// <summary>Claim used to match a professional by login when the subject is not yet known.</summary>
    public string LoginClaim { get; set; } = "preferred_username";

    public Dictionary<string, string> DisplayName { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public string DisplayNameIn(string language, string fallback) =>
        DisplayName.TryGetValue(language, out var n) && n.Length > 0 ? n
        : DisplayName.TryGetValue("fi", out var fi) && fi.Length > 0 ? fi
        : fallback;

    internal bool IsStaff => string.Equals(Kind, "staff", StringComparison.OrdinalIgnoreCase);
}
