namespace Polku.Identity.Auth;

/// <summary>Claim types the identity module adds beside <see cref="Polku.Platform.Audit.PolkuClaims"/>.</summary>
public static class IdentityClaims
{
    /// <summary>The resident's home municipality code.</summary>
    public const string Municipality = "polku:municipality";

    /// <summary>The server-side session this cookie belongs to (<see cref="SessionStore"/>); never logged.</summary>
    public const string SessionId = "polku:sid";
}
