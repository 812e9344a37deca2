using Polku.Platform.Localization;

namespace Polku.Region.Contracts;

/// <summary>A service of the directory by its name, for another module's lists and labels.</summary>
public sealed record ServiceName(string Code, LocalizedText Name);

/// <summary>A channel of the directory in force: its service, kind, and municipality (null when it serves the whole county).</summary>
public sealed record ChannelScope(string ServiceCode, string Kind, string? MunicipalityCode);

/// <summary>
/// The directory's services by name, so other modules show a resident or a professional the service's name in their
/// language and let them choose from a list, never type a code.
/// </summary>
public interface IServiceNames
{
    /// <summary>
    /// The services, in the directory's order, that have a built-in channel of <paramref name="channelKind"/>
    /// ("Callback", "SecureMessage" …) in some municipality or county-wide.
    /// </summary>
    Task<IReadOnlyList<ServiceName>> WithBuiltInChannelAsync(string channelKind, CancellationToken cancellationToken = default);

    /// <summary>Every service's name by its code.</summary>
    Task<IReadOnlyDictionary<string, LocalizedText>> AllAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Every channel in force on <paramref name="day"/> with its reach, for the control tower's unification level (how many
    /// channels are county-wide and how many municipality-specific).
    /// </summary>
    Task<IReadOnlyList<ChannelScope>> ChannelsInForceAsync(DateOnly day, CancellationToken cancellationToken = default);
}
