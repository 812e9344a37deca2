namespace Polku.Identity;

/// <summary>The Identity module.</summary>
public static class IdentityModule;
