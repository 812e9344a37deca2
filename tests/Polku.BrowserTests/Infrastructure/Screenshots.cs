namespace Polku.BrowserTests.Infrastructure;

/// <summary>
/// Where the page catalogue's screenshots go: set <c>POLKU_SCREENSHOTS</c> to a folder and the accessibility run saves
/// every catalogue page, whole, at 1280 and 390 px in Finnish and Swedish (<c>{folder}/{fi|sv}/{width}/{page}.png</c>).
/// Off by default: the checks themselves read the element boxes, and CI does not keep the images.
/// </summary>
public static class Screenshots
{
    public static string? Folder { get; } =
        Environment.GetEnvironmentVariable("POLKU_SCREENSHOTS") is { Length: > 0 } folder ? Path.GetFullPath(folder) : null;
}
