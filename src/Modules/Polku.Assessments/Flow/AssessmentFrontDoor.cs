using System.Text.RegularExpressions;
using Polku.Assessments.Catalog;
using Polku.Assessments.Contracts;
using Polku.Assessments.Domain.Content;
using Polku.Platform.Localization;
using Polku.Region.Contracts;

namespace Polku.Assessments.Flow;

/// <summary>
/// The front page's "assess your symptoms" section: every published symptom assessment, then the others. A card
/// shows the first sentence of the assessment's description (what it is about); the rest, and the note that demo
/// content is not clinically validated, is said once — in the section's lead here and on the assessment's own page —
/// rather than on every card.
/// </summary>
internal sealed partial class AssessmentFrontDoor(AssessmentCatalog catalog, Texts texts) : IFrontDoorSections
{
    public IReadOnlyList<FrontDoorSection> Sections
    {
        get
        {
            var symptom = catalog.Published.Where(a => a.Definition.Kind == AssessmentKind.Symptom).ToList();
            var lead = texts.All("assessments.front.lead");
            if (symptom.Any(a => a.Definition.Demo))
            {
                var demo = texts.All("assessments.demo");
                lead = new LocalizedText(lead.Fi + " " + demo.Fi, lead.Sv + " " + demo.Sv, lead.En + " " + demo.En);
            }

            return
            [
                new FrontDoorSection("assessments", 10, texts.All("assessments.front.heading"), lead,
                    [.. symptom.Select(a => new FrontDoorEntry(a.Definition.Title, Teaser(a.Definition.Description ?? a.Definition.Title), "/assessments/" + a.Id))
                        .Append(new FrontDoorEntry(texts.All("assessments.front.all"), texts.All("assessments.list.lead"), "/assessments"))]),
            ];
        }
    }

    /// <summary>The first sentence of each language's text ("Äkillinen tai pitkittynyt yskä.").</summary>
    internal static LocalizedText Teaser(LocalizedText text) => new(First(text.Fi), First(text.Sv), First(text.En));

    private static string First(string text) => SentenceEnd().Match(text) is { Success: true } m ? text[..(m.Index + 1)] : text;

    // A full stop, question or exclamation mark followed by a space and a capital letter ends a sentence.
    [GeneratedRegex(@"[.!?](?=\s+\p{Lu})")]
    private static partial Regex SentenceEnd();
}

/// <summary>The service directory's built-in "assessment" channel starts at the assessment list.</summary>
internal sealed class AssessmentChannelLinks : IBuiltInChannelLinks
{
    public string? LinkFor(string channelKind, string serviceCode, string? municipalityCode) =>
        string.Equals(channelKind, "Assessment", StringComparison.OrdinalIgnoreCase) ? "/assessments" : null;
}

/// <summary>The built-in e-form channel: the service's own form when one is published for it, else the forms' page.</summary>
internal sealed class FormChannelLinks(AssessmentCatalog catalog) : IBuiltInChannelLinks
{
    public string? LinkFor(string channelKind, string serviceCode, string? municipalityCode) =>
        !string.Equals(channelKind, "EForm", StringComparison.OrdinalIgnoreCase) ? null
        : catalog.Published.FirstOrDefault(a => a.Definition.Kind == AssessmentKind.Form && a.Definition.Form?.ServiceCode == serviceCode) is { } form
            ? AssessmentsRoutes.Form(form.Id)
            : AssessmentsRoutes.Forms;
}
