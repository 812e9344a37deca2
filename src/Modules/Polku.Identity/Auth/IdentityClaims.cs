namespace Polku.Identity.Auth;

/// <summary>Claim types the identity module adds beside <see cref="Polku.Platform.Audit.PolkuClaims"/>.</summary>
public static class IdentityClaims
{
    /// <summary>The resident's home municipality code.</summary>
    public const string Municipality = "polku:municipality";

    /// <summary>The security stamp at sign-in; a cookie with an older stamp is rejected.</summary>
    public const string SecurityStamp = "polku:stamp";
}
