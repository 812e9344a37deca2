namespace Polku.Region.Contracts;

/// <summary>
/// Implemented by a module that serves a built-in channel (assessment, self-booking, e-form …): the address in Polku
/// where a resident of the municipality starts. A built-in channel whose module has not been built yet has no
/// link, and the directory says so instead of offering a dead end.
/// </summary>
public interface IBuiltInChannelLinks
{
    /// <summary>Local URL, or null when this module does not serve the channel.</summary>
    string? LinkFor(string channelKind, string serviceCode, string? municipalityCode);
}
