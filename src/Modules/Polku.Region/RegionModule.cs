namespace Polku.Region;

/// <summary>The Region module.</summary>
public static class RegionModule;
