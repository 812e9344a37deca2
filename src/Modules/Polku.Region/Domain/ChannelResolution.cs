namespace Polku.Region.Domain;

/// <summary>What the directory needs of a channel row to decide whether it applies.</summary>
public sealed record ChannelCandidate<T>(T Channel, string Kind, string? MunicipalityCode, DateOnly? ValidFrom, DateOnly? ValidTo);

/// <summary>
/// Chooses the channels a resident of one municipality sees for a service on a date: per channel kind, the
/// municipality's own rows when any are in effect, otherwise the county-wide rows. This is how a service moves from
/// municipality-specific to county-wide by changing data, not code (seed 003).
/// </summary>
public static class ChannelResolution
{
    public static IReadOnlyList<T> Resolve<T>(IEnumerable<ChannelCandidate<T>> candidates, string? municipalityCode, DateOnly date)
    {
        var effective = candidates.Where(c => (c.ValidFrom is null || c.ValidFrom <= date) && (c.ValidTo is null || date <= c.ValidTo)).ToList();
        var result = new List<T>();
        foreach (var byKind in effective.GroupBy(c => c.Kind))
        {
            var own = municipalityCode is null ? [] : byKind.Where(c => c.MunicipalityCode == municipalityCode).ToList();
            var chosen = own.Count > 0 ? own
                : byKind.Where(c => c.MunicipalityCode is null).ToList() is { Count: > 0 } countyWide ? countyWide
                : municipalityCode is null ? byKind.ToList() : [];
            result.AddRange(chosen.Select(c => c.Channel));
        }

        return result;
    }
}
