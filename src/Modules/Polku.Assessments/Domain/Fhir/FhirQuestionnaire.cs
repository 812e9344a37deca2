using System.Text.Json;
using System.Text.Json.Nodes;
using Polku.Assessments.Domain.Content;

namespace Polku.Assessments.Domain.Fhir;

/// <summary>
/// FHIR R4 Questionnaire export and import for the standard parts of an assessment: items, texts (Finnish,
/// with Swedish and English as translation extensions), options with weights (ordinalValue), min/max,
/// enableWhen and enableBehavior. Scales, rules and outcomes have no FHIR form and are not exported.
/// This class holds the extension URLs both directions share; <see cref="FhirQuestionnaireExporter"/> writes
/// and <see cref="FhirQuestionnaireImporter"/> reads.
/// </summary>
internal static class FhirQuestionnaire
{
    public const string Translation = "http://hl7.org/fhir/StructureDefinition/translation";
    public const string OrdinalValue = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
    public const string MinValue = "http://hl7.org/fhir/StructureDefinition/minValue";
    public const string MaxValue = "http://hl7.org/fhir/StructureDefinition/maxValue";
    public const string EnableWhenExpression = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression";

    /// <summary>FHIR has no weights for boolean answers; this Polku extension carries them so they survive a round trip.</summary>
    public const string BooleanWeights = "urn:polku:fhir:boolean-weights";

    public const string ExpressionLanguage = "text/x-polku-expression";

    /// <summary>The canonical URL of an exported assessment is this prefix and its id.</summary>
    internal const string UrlPrefix = "urn:polku:assessment:";

    /// <summary>The definition as a Questionnaire resource.</summary>
    public static JsonObject Export(AssessmentDefinition definition) => FhirQuestionnaireExporter.Export(definition);

    /// <summary>
    /// Imports a Questionnaire as an assessment of kind <c>form</c> (no scales, rules or outcomes) and validates
    /// it like content. A missing translation falls back to the Finnish text, since many systems export one language.
    /// </summary>
    public static FhirImportResult Import(JsonElement questionnaire, string source) => FhirQuestionnaireImporter.Import(questionnaire, source);
}
