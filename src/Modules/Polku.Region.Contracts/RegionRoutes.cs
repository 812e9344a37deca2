namespace Polku.Region.Contracts;

/// <summary>
/// Addresses of the Region module's pages that other modules and the host link to. Inside the module, pages link with
/// <c>asp-page</c> and <c>RedirectToPage</c>; a link across a module boundary uses these, so the compiler finds every
/// one (tests/Polku.Tests/Platform/RouteConstantTests checks each against the app's routes).
/// </summary>
public static class RegionRoutes
{
    /// <summary>The front page.</summary>
    public const string Home = "/";

    /// <summary>The service directory.</summary>
    public const string Services = "/services";

    /// <summary>The coordinator's administration.</summary>
    public const string Admin = "/admin";

    /// <summary>A service's page, with the channels of the municipality when one is given.</summary>
    public static string Service(string code, string? municipality = null)
    {
        ArgumentNullException.ThrowIfNull(code);
        return Services + "/" + Uri.EscapeDataString(code) + (municipality is null ? "" : "?municipality=" + Uri.EscapeDataString(municipality));
    }
}
