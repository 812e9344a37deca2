namespace Polku.Platform.Audit;

/// <summary>Claim types Polku puts in its authentication cookie.</summary>
public static class PolkuClaims
{
    /// <summary>The person's id in Polku (never the identity code).</summary>
    public const string PersonId = "polku:person";
    public const string Name = "name";

    /// <summary><c>resident</c> or <c>staff</c>.</summary>
    public const string Kind = "polku:kind";
    public const string Role = "role";

    /// <summary>The ward a guardian currently acts for.</summary>
    public const string ActingFor = "polku:acting_for";

    /// <summary>Where the identity came from: <c>test</c>, <c>oidc:…</c>, <c>demo</c>.</summary>
    public const string Provider = "polku:idp";
}
