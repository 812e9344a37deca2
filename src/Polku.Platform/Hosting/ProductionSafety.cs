using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Polku.Platform.Journal;
using Polku.Platform.Web;

namespace Polku.Platform.Hosting;

/// <summary>A module's own reasons to refuse to start in Production (e.g. a test sign-in left on).</summary>
public interface IProductionSafetyCheck
{
    /// <summary>One message per unsafe setting, naming the setting to change.</summary>
    IEnumerable<string> Problems(IConfiguration configuration);
}

/// <summary>
/// Refuses to start in Production with a setting that is only safe for development: a public pseudonym key, demo data
/// nobody chose, any <c>Host</c> accepted, no public address, or whatever a module reports (test sign-ins).
/// </summary>
public static class ProductionSafety
{
    /// <summary>Throws, listing every unsafe setting, when the environment is Production.</summary>
    public static void ThrowIfUnsafe(IServiceProvider services)
    {
        var environment = services.GetRequiredService<IHostEnvironment>();
        if (!environment.IsProduction())
        {
            return;
        }

        var configuration = services.GetRequiredService<IConfiguration>();
        var problems = Problems(configuration)
            .Concat(services.GetServices<IProductionSafetyCheck>().SelectMany(c => c.Problems(configuration)))
            .ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                "Polku will not start in Production with these settings:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "- " + p)));
        }
    }

    private static IEnumerable<string> Problems(IConfiguration configuration)
    {
        var key = configuration["Pseudonyms:Key"];
        if (string.IsNullOrWhiteSpace(key) || key == Pseudonymizer.DevelopmentKey)
        {
            yield return "Pseudonyms:Key is the built-in development key; set a long random secret (the same on every node, never changed).";
        }
        else if (key.Length < 32)
        {
            yield return "Pseudonyms:Key is too short; use at least 32 random characters.";
        }

        if (string.IsNullOrWhiteSpace(configuration["Database:SeedDemoData"]))
        {
            yield return "Database:SeedDemoData is not set; set it to false for a real county (true only for a demonstration site).";
        }

        var hosts = (configuration["AllowedHosts"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (hosts.Length == 0 || hosts.Contains("*"))
        {
            yield return "AllowedHosts accepts any host; list the host names Polku is served under, separated by ';' (e.g. polku.example.fi).";
        }

        var site = PublicSite.Parse(configuration["Site:PublicBaseUrl"]);
        if (site is null || site.Scheme != Uri.UriSchemeHttps)
        {
            yield return "Site:PublicBaseUrl is not set to the public https address of Polku (e.g. https://polku.example.fi).";
        }
    }
}
