namespace Polku.Platform;

/// <summary>Marks the platform assembly.</summary>
public static class PlatformMarker;
