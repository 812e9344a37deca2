using Polku.Platform.Modules;

namespace Polku.Identity;

/// <summary>Identiteetti — people, roles, guardianship, sign-in, identity codes.</summary>
public sealed class IdentityModule : IPolkuModule
{
    public string Name => "identity";
}
