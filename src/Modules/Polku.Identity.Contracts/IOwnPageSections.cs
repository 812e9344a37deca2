using Polku.Platform.Localization;

namespace Polku.Identity.Contracts;

/// <summary>One line of an own-page section: what it is, where it opens, a short state (e.g. "In process") and when.</summary>
public sealed record OwnPageEntry(LocalizedText Title, string Url, LocalizedText? State, DateTime? AtUtc);

/// <summary>
/// A section of the resident's own page (spec 04 "The resident's own page"). Sections with the same
/// <paramref name="Key"/> from several modules are shown as one (e.g. <c>feedback</c>: every finished transaction still
/// waiting for the resident's feedback), ordered by <paramref name="Order"/>; <paramref name="More"/> leads to the
/// module's own full list.
/// </summary>
public sealed record OwnPageSection(string Key, int Order, LocalizedText Heading, IReadOnlyList<OwnPageEntry> Entries, OwnPageEntry? More = null);

/// <summary>What a module adds to the own page of a resident (the ward, when a guardian acts for one).</summary>
public interface IOwnPageSections
{
    Task<IReadOnlyList<OwnPageSection>> ForAsync(Guid residentId, CancellationToken cancellationToken = default);
}
