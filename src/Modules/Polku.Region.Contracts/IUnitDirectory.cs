using Polku.Platform.Localization;

namespace Polku.Region.Contracts;

/// <summary>A unit as other modules see it.</summary>
public sealed record UnitInfo(Guid Id, string Code, LocalizedText Name, string Kind, string? MunicipalityCode, IReadOnlyList<string> ServedMunicipalities)
{
    /// <summary>The unit's public phone number (e.g. whom to call when an appointment can no longer be cancelled online).</summary>
    public string? Phone { get; init; }
}

/// <summary>A municipality as other modules see it.</summary>
public sealed record MunicipalityInfo(string Code, LocalizedText Name);

/// <summary>How a list of municipalities is offered to a person.</summary>
public static class MunicipalityLists
{
    /// <summary>In alphabetical order of their names in the reader's language (Borgå sorts under B in Swedish).</summary>
    public static IReadOnlyList<MunicipalityInfo> ByName(this IEnumerable<MunicipalityInfo> municipalities)
    {
        var language = Language.Current;
        return [.. municipalities.OrderBy(m => m.Name.Get(language), StringComparer.CurrentCulture)];
    }
}

/// <summary>The kinds of unit (<see cref="UnitInfo.Kind"/>) other modules choose by.</summary>
public static class UnitKinds
{
    public const string HealthStation = "HealthStation";
    public const string SocialServices = "SocialServices";

    /// <summary>The county's digital sote-centre: serves every municipality, the last resort of local routing.</summary>
    public const string Digital = "Digital";
}

/// <summary>Read access to the county's units and municipalities for other modules.</summary>
public interface IUnitDirectory
{
    /// <summary>
    /// The unit of <paramref name="kind"/> that serves the municipality: one located there, else one whose served
    /// municipalities include it (Lapinjärvi is served by Loviisa's health station), the first by code when several
    /// do; null when none does. With no municipality, the county's first unit of the kind (the digital sote-centre).
    /// Local routing is decided by the county's units, never by their codes.
    /// </summary>
    Task<UnitInfo?> ServingAsync(string? municipalityCode, string kind, CancellationToken cancellationToken = default);

    Task<UnitInfo?> FindByCodeAsync(string code, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<UnitInfo>> GetAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken = default);

    /// <summary>Every unit of the county, by code.</summary>
    Task<IReadOnlyList<UnitInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>The county's municipalities by code.</summary>
    Task<IReadOnlyList<MunicipalityInfo>> MunicipalitiesAsync(CancellationToken cancellationToken = default);

    Task<bool> MunicipalityExistsAsync(string code, CancellationToken cancellationToken = default);

    Task<LocalizedText?> MunicipalityNameAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>The unit's opening hours (weekly pattern, exceptions, holidays), or null for an unknown unit.</summary>
    Task<Polku.Platform.Time.OpeningHours?> OpeningHoursAsync(Guid unitId, CancellationToken cancellationToken = default);
}
