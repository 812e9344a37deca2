using Polku.Assessments.Catalog;
using Polku.Assessments.Domain.Content;
using Polku.Platform.Localization;
using Polku.Region.Contracts;

namespace Polku.Assessments.Flow;

/// <summary>The front page's "assess your symptoms" section: every published symptom assessment, then the others.</summary>
internal sealed class AssessmentFrontDoor(AssessmentCatalog catalog, Texts texts) : IFrontDoorSections
{
    public IReadOnlyList<FrontDoorSection> Sections =>
    [
        new FrontDoorSection("assessments", 10, texts.All("assessments.front.heading"), texts.All("assessments.front.lead"),
            [.. catalog.Published.Where(a => a.Definition.Kind == AssessmentKind.Symptom)
                .Select(a => new FrontDoorEntry(a.Definition.Title, a.Definition.Description ?? a.Definition.Title, "/assessments/" + a.Id))
                .Append(new FrontDoorEntry(texts.All("assessments.front.all"), texts.All("assessments.list.lead"), "/assessments"))]),
    ];
}

/// <summary>The service directory's built-in "assessment" channel starts at the assessment list.</summary>
internal sealed class AssessmentChannelLinks : IBuiltInChannelLinks
{
    public string? LinkFor(string channelKind, string serviceCode, string? municipalityCode) =>
        string.Equals(channelKind, "Assessment", StringComparison.OrdinalIgnoreCase) ? "/assessments" : null;
}
