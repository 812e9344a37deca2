using Polku.Assessments.Contracts;
using Polku.Platform.Localization;

namespace Polku.Assessments.Domain.Content;

internal enum AssessmentKind
{
    Symptom,
    Service,
    Wellbeing,
    Form,
}

internal enum AssessmentStatus
{
    Published,
    Draft,
}

/// <summary>
/// One version of an assessment as written in its content file (docs/assessment-content.md).
/// Lists keep the file's order, so JSON paths in errors can be derived from indexes.
/// </summary>
internal sealed record AssessmentDefinition(
    string Id,
    string Version,
    AssessmentStatus Status,
    AssessmentKind Kind,
    bool Demo,
    LocalizedText Title,
    LocalizedText? Description,
    IReadOnlyList<ItemDefinition> Items,
    IReadOnlyList<ScaleDefinition> Scales,
    IReadOnlyList<RuleDefinition> Rules,
    IReadOnlyList<OutcomeDefinition> Outcomes,
    string? DefaultOutcome)
{
    /// <summary>
    /// SHA-256 (lower-case hex) of the file's canonical JSON: keys sorted, whitespace removed. The host
    /// records it on first load and refuses a published version whose hash later differs.
    /// </summary>
    public string ContentHash { get; init; } = "";

    /// <summary>
    /// A form's handling (kind <c>form</c> only): whose queue gets it, how long handling takes, attachments. A form
    /// without the block (e.g. imported from a FHIR Questionnaire) goes to the health station serving the resident's
    /// municipality with <see cref="FormSettings.Default"/>.
    /// </summary>
    public FormSettings? Form { get; init; }

    /// <summary>
    /// The linkId of a boolean item by which a signed-in resident consents in advance to the result being sent to a
    /// professional (spec 00, reference path 2): when answered true and the outcome offers sending, the result goes to
    /// the desk on submit without a separate "send". Null when the assessment asks no such consent.
    /// </summary>
    public string? SendConsentItem { get; init; }

    /// <summary>The canonical questionnaire reference used in responses: <c>urn:polku:assessment:id|version</c>.</summary>
    public string Canonical => $"urn:polku:assessment:{Id}|{Version}";
}

/// <summary>Whether a form asks for a file.</summary>
internal enum FormAttachment
{
    None,
    Optional,
    Required,
}

/// <summary>
/// How a submitted form is handled (docs/assessment-content.md "Forms"): the kind of unit that serves the resident's
/// municipality for it (<c>HealthStation</c>, <c>SocialServices</c>, <c>Digital</c> …, a unit kind of the region's directory, never a
/// queue code), the service code the case and task carry, the expected handling time told to the resident, whether a
/// file is asked for (<see cref="AttachmentHint"/> says which), and the appointment services whose bookings ask the
/// resident to fill it in as pre-information (esitietolomake).
/// </summary>
internal sealed record FormSettings(
    string UnitKind,
    string? ServiceCode,
    int HandlingDays,
    FormAttachment Attachment,
    LocalizedText? AttachmentHint,
    IReadOnlyList<string> AppointmentServices)
{
    public static FormSettings Default { get; } = new(Polku.Region.Contracts.UnitKinds.HealthStation, null, 14, FormAttachment.None, null, []);
}

internal sealed record ItemDefinition(string LinkId, ItemType Type, LocalizedText Text)
{
    public LocalizedText? Help { get; init; }

    public bool Required { get; init; }

    /// <summary>Inclusive bounds of integer and decimal items.</summary>
    public double? Min { get; init; }

    public double? Max { get; init; }

    /// <summary>Inclusive bounds of date items.</summary>
    public DateOnly? MinDate { get; init; }

    public DateOnly? MaxDate { get; init; }

    public LocalizedText? Unit { get; init; }

    public IReadOnlyList<AnswerOption> Options { get; init; } = [];

    /// <summary>Boolean items only: the weight of a true and of a false answer.</summary>
    public BooleanWeights? Weights { get; init; }

    public IReadOnlyList<EnableWhen> EnableWhen { get; init; } = [];

    /// <summary>Null when not given; then only a single condition is allowed.</summary>
    public EnableBehavior? EnableBehavior { get; init; }

    public string? EnableWhenExpression { get; init; }

    /// <summary>Group only: the questions of the group's page.</summary>
    public IReadOnlyList<ItemDefinition> Items { get; init; } = [];
}

internal sealed record AnswerOption(string Code, LocalizedText Text, double Weight);

internal sealed record BooleanWeights(double? WhenTrue, double? WhenFalse);

internal enum EnableWhenOperator
{
    Exists,
    Eq,
    NotEq,
    Gt,
    Lt,
    GtEq,
    LtEq,
}

internal enum EnableBehavior
{
    All,
    Any,
}

/// <summary>
/// The answer of an enableWhen condition as written: exactly one of the three is set. A string is an
/// option code, a date ("yyyy-MM-dd") or a text, depending on the type of the question it refers to.
/// </summary>
internal sealed record EnableWhenAnswer(bool? Boolean, double? Number, string? String)
{
    public static EnableWhenAnswer Of(bool value) => new(value, null, null);

    public static EnableWhenAnswer Of(double value) => new(null, value, null);

    public static EnableWhenAnswer Of(string value) => new(null, null, value);

    public override string ToString() =>
        Boolean is { } b ? (b ? "true" : "false")
        : Number is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : "'" + String + "'";
}

internal sealed record EnableWhen(string Question, EnableWhenOperator Operator, EnableWhenAnswer Answer);

/// <summary>
/// A named score: either the sum of items' weights or an expression. An expression of boolean type
/// makes the scale a flag (reported as 1/0 in numbers and as true/false by the API).
/// </summary>
internal sealed record ScaleDefinition(string Name, IReadOnlyList<string>? Sum, string? Expression, bool UnansweredAsZero);

internal sealed record RuleDefinition(string Id, bool RedFlag, string When, string Outcome, LocalizedText Reason);

internal sealed record OutcomeOffer(bool Booking, bool SendToProfessional, bool Chat)
{
    public static OutcomeOffer None { get; } = new(false, false, false);
}

internal sealed record OutcomeDefinition(
    string Id,
    Urgency Urgency,
    string? ServiceCode,
    LocalizedText Text,
    LocalizedText? SelfCare,
    LocalizedText? SeekCareIf,
    OutcomeOffer Offer);

internal static class ContentNames
{
    public static string Name(this EnableWhenOperator op) => op switch
    {
        EnableWhenOperator.Exists => "exists",
        EnableWhenOperator.Eq => "=",
        EnableWhenOperator.NotEq => "!=",
        EnableWhenOperator.Gt => ">",
        EnableWhenOperator.Lt => "<",
        EnableWhenOperator.GtEq => ">=",
        _ => "<=",
    };

    public static EnableWhenOperator? ParseOperator(string? text) => text switch
    {
        "exists" => EnableWhenOperator.Exists,
        "=" => EnableWhenOperator.Eq,
        "!=" => EnableWhenOperator.NotEq,
        ">" => EnableWhenOperator.Gt,
        "<" => EnableWhenOperator.Lt,
        ">=" => EnableWhenOperator.GtEq,
        "<=" => EnableWhenOperator.LtEq,
        _ => null,
    };

    public static string Name(this AssessmentKind kind) => kind switch
    {
        AssessmentKind.Symptom => "symptom",
        AssessmentKind.Service => "service",
        AssessmentKind.Wellbeing => "wellbeing",
        _ => "form",
    };

    public static AssessmentKind? ParseKind(string? text) => text switch
    {
        "symptom" => AssessmentKind.Symptom,
        "service" => AssessmentKind.Service,
        "wellbeing" => AssessmentKind.Wellbeing,
        "form" => AssessmentKind.Form,
        _ => null,
    };
}
