using Polku.Platform.Localization;

namespace Polku.Region.Contracts;

/// <summary>One way in from the front page (e.g. "Respiratory infection" → its assessment).</summary>
public sealed record FrontDoorEntry(LocalizedText Title, LocalizedText Description, string Url);

/// <summary>A group of ways in that a module offers on the front page, shown before the service directory.</summary>
public sealed record FrontDoorSection(string Id, int Order, LocalizedText Heading, LocalizedText Lead, IReadOnlyList<FrontDoorEntry> Entries);

/// <summary>Implemented by a module that adds a section to the county's front door (assessments, later forms …).</summary>
public interface IFrontDoorSections
{
    IReadOnlyList<FrontDoorSection> Sections { get; }
}
