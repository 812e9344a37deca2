namespace Polku.Region.Directory;

/// <summary>The Region module's entries in the platform's <see cref="Polku.Platform.Caching.ReferenceCache"/>.</summary>
internal static class RegionCacheKeys
{
    /// <summary>Every municipality (code and names); changed on the coordinator's municipality page.</summary>
    public const string Municipalities = "region.municipalities";

    /// <summary>The longest a node keeps reference data whose change notification it missed.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
}
