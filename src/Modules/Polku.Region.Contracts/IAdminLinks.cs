using Polku.Platform.Localization;

namespace Polku.Region.Contracts;

/// <summary>A card on the coordinator's <c>/admin</c> page that leads to another module's settings.</summary>
public sealed record AdminLink(int Order, LocalizedText Title, LocalizedText Hint, string Url);

/// <summary>Implemented by a module that has coordinator pages of its own (e.g. local service routing).</summary>
public interface IAdminLinks
{
    IReadOnlyList<AdminLink> Links { get; }
}
