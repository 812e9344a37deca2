using System.Globalization;
using System.Text.Json;
using Polku.Assessments.Contracts;

namespace Polku.Assessments.Domain.Content;

/// <summary>
/// Reads the JSON of one content file into an <see cref="AssessmentDefinition"/>, reporting shape
/// problems (syntax, missing or unknown fields, wrong JSON types, missing languages) with their paths.
/// Meaning (references, types of expressions, reachability) is checked afterwards by the validator.
/// </summary>
internal sealed class DefinitionReader
{
    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false, MaxDepth = 32 };

    private readonly ContentErrors _errors;

    private DefinitionReader(ContentErrors errors)
    {
        _errors = errors;
    }

    /// <summary>Reads a definition; null when the shape is too broken to continue (errors say why).</summary>
    public static AssessmentDefinition? Read(string json, string file, List<ContentError> errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            var (line, position) = JsonSyntaxErrors.Position(e);
            errors.Add(new(file, "$", $"invalid JSON at line {line.ToString(CultureInfo.InvariantCulture)}, position {position.ToString(CultureInfo.InvariantCulture)}: {FirstSentence(e.Message)}"));
            return null;
        }

        using (document)
        {
            var before = errors.Count;
            var reader = new DefinitionReader(new ContentErrors(file, errors));
            var definition = reader.ReadRoot(document.RootElement);
            if (definition is null || errors.Count > before)
            {
                return null;
            }

            return definition with { ContentHash = Content.ContentHash.Of(document.RootElement) };
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private AssessmentDefinition? ReadRoot(JsonElement root)
    {
        var o = ContentObject.Of(_errors, root, "$");
        if (o is null)
        {
            return null;
        }

        var id = o.String("id", required: true);
        var version = o.String("version", required: true);
        var statusText = o.String("status", required: true);
        var kindText = o.String("kind", required: true);
        var demo = o.Bool("demo") ?? false;
        var title = o.Text("title", required: true);
        var description = o.Text("description", required: false);
        var items = o.List("items", required: true, ReadItem);
        var scales = o.List("scales", required: false, ReadScale);
        var rules = o.List("rules", required: false, ReadRule);
        var outcomes = o.List("outcomes", required: false, ReadOutcome);
        var defaultOutcome = o.String("defaultOutcome", required: false);
        var form = o.Object("form", ReadForm);
        var sendConsent = o.String("sendConsentItem", required: false);
        o.Finish();

        AssessmentStatus? status = statusText switch
        {
            "published" => AssessmentStatus.Published,
            "draft" => AssessmentStatus.Draft,
            null => null,
            _ => Invalid<AssessmentStatus>("$.status", $"unknown status '{statusText}' (published or draft)"),
        };
        var kind = kindText is null ? null : ContentNames.ParseKind(kindText) ?? Invalid<AssessmentKind>("$.kind", $"unknown kind '{kindText}' (symptom, service, wellbeing or form)");
        if (id is null || version is null || status is null || kind is null || title is null || items is null)
        {
            return null;
        }

        if (form is not null && kind != AssessmentKind.Form)
        {
            _errors.Add("$.form", "only an assessment of kind 'form' has a 'form' block");
        }

        return new(id, version, status.Value, kind.Value, demo, title, description, items, scales ?? [], rules ?? [], outcomes ?? [], defaultOutcome)
        {
            Form = kind == AssessmentKind.Form ? form ?? FormSettings.Default : null,
            SendConsentItem = sendConsent,
        };
    }

    private FormSettings? ReadForm(ContentObject o)
    {
        var unitKind = o.String("unitKind", required: true);
        var serviceCode = o.String("serviceCode", required: false);
        var days = o.Number("handlingDays");
        var attachmentText = o.String("attachment", required: false);
        var hint = o.Text("attachmentHint", required: false);
        var services = o.List("appointmentServices", required: false, (e, p) => e.ValueKind == JsonValueKind.String ? e.GetString() : WrongType<string>(p, "a string", e));
        o.Finish();
        FormAttachment? attachment = attachmentText switch
        {
            null or "none" => FormAttachment.None,
            "optional" => FormAttachment.Optional,
            "required" => FormAttachment.Required,
            _ => Invalid<FormAttachment>("$.form.attachment", $"unknown attachment '{attachmentText}' (none, optional or required)"),
        };
        if (unitKind is not null && !System.Text.RegularExpressions.Regex.IsMatch(unitKind, "^[A-Z][A-Za-z]{1,39}$"))
        {
            _errors.Add("$.form.unitKind", $"'{unitKind}' is not a unit kind of the region's directory (e.g. HealthStation, SocialServices, Digital)");
        }

        if (days is { } d && (d < 1 || d > 365 || d != Math.Floor(d)))
        {
            _errors.Add("$.form.handlingDays", "handlingDays must be a whole number of days from 1 to 365");
        }

        if (attachment is FormAttachment.Optional or FormAttachment.Required && hint is null)
        {
            _errors.Add("$.form.attachmentHint", "a form that asks for a file says which file in 'attachmentHint'");
        }

        return unitKind is null || attachment is null
            ? null
            : new(unitKind, serviceCode, (int)(days ?? FormSettings.Default.HandlingDays), attachment.Value, hint, services ?? []);
    }

    private T? Invalid<T>(string path, string message)
        where T : struct
    {
        _errors.Add(path, message);
        return null;
    }

    private ItemDefinition? ReadItem(JsonElement element, string path)
    {
        var o = ContentObject.Of(_errors, element, path);
        if (o is null)
        {
            return null;
        }

        var linkId = o.String("linkId", required: true);
        var typeText = o.String("type", required: true);
        var text = o.Text("text", required: true);
        var help = o.Text("help", required: false);
        var required = o.Bool("required") ?? false;
        var unit = o.Text("unit", required: false);
        var options = o.List("options", required: false, ReadOption);
        var weights = o.Object("weights", ReadBooleanWeights);
        var enableWhen = o.List("enableWhen", required: false, ReadEnableWhen);
        var behaviorText = o.String("enableBehavior", required: false);
        var expression = o.String("enableWhenExpression", required: false);
        var children = o.List("items", required: false, ReadItem);
        var type = typeText is null ? null : ItemTypes.Parse(typeText) ?? Invalid<ItemType>(path + ".type", $"unknown item type '{typeText}'");

        // min/max are numbers for integer and decimal items and ISO dates for date items.
        double? min = null, max = null;
        DateOnly? minDate = null, maxDate = null;
        if (type == ItemType.Date)
        {
            minDate = o.Date("min");
            maxDate = o.Date("max");
        }
        else
        {
            min = o.Number("min");
            max = o.Number("max");
        }

        o.Finish();
        EnableBehavior? behavior = behaviorText switch
        {
            null => null,
            "all" => Content.EnableBehavior.All,
            "any" => Content.EnableBehavior.Any,
            _ => Invalid<EnableBehavior>(path + ".enableBehavior", $"unknown enableBehavior '{behaviorText}' (all or any)"),
        };
        if (linkId is null || type is null || text is null)
        {
            return null;
        }

        return new(linkId, type.Value, text)
        {
            Help = help,
            Required = required,
            Min = min,
            Max = max,
            MinDate = minDate,
            MaxDate = maxDate,
            Unit = unit,
            Options = options ?? [],
            Weights = weights,
            EnableWhen = enableWhen ?? [],
            EnableBehavior = behavior,
            EnableWhenExpression = expression,
            Items = children ?? [],
        };
    }

    private AnswerOption? ReadOption(JsonElement element, string path)
    {
        var o = ContentObject.Of(_errors, element, path);
        if (o is null)
        {
            return null;
        }

        var code = o.String("code", required: true);
        var text = o.Text("text", required: true);
        var weight = o.Number("weight") ?? 0;
        o.Finish();
        return code is null || text is null ? null : new(code, text, weight);
    }

    private BooleanWeights? ReadBooleanWeights(ContentObject o)
    {
        var whenTrue = o.Number("true");
        var whenFalse = o.Number("false");
        o.Finish();
        return new(whenTrue, whenFalse);
    }

    private EnableWhen? ReadEnableWhen(JsonElement element, string path)
    {
        var o = ContentObject.Of(_errors, element, path);
        if (o is null)
        {
            return null;
        }

        var question = o.String("question", required: true);
        var operatorText = o.String("operator", required: true);
        var answerElement = o.Raw("answer", required: true);
        o.Finish();
        var op = operatorText is null ? null : ContentNames.ParseOperator(operatorText) ?? Invalid<EnableWhenOperator>(path + ".operator", $"unknown operator '{operatorText}' (exists, =, !=, >, <, >=, <=)");
        EnableWhenAnswer? answer = answerElement?.ValueKind switch
        {
            null => null,
            JsonValueKind.True => EnableWhenAnswer.Of(true),
            JsonValueKind.False => EnableWhenAnswer.Of(false),
            JsonValueKind.Number => EnableWhenAnswer.Of(answerElement.Value.GetDouble()),
            JsonValueKind.String => EnableWhenAnswer.Of(answerElement.Value.GetString()!),
            _ => InvalidAnswer(path + ".answer"),
        };
        return question is null || op is null || answer is null ? null : new(question, op.Value, answer);
    }

    private EnableWhenAnswer? InvalidAnswer(string path)
    {
        _errors.Add(path, "the answer must be a boolean, a number, an option code or an ISO date");
        return null;
    }

    private ScaleDefinition? ReadScale(JsonElement element, string path)
    {
        var o = ContentObject.Of(_errors, element, path);
        if (o is null)
        {
            return null;
        }

        var name = o.String("name", required: true);
        var sum = o.List("sum", required: false, (e, p) => e.ValueKind == JsonValueKind.String ? e.GetString() : WrongType<string>(p, "a linkId string", e));
        var expression = o.String("expression", required: false);
        var unansweredAsZero = o.Bool("unansweredAsZero") ?? false;
        o.Finish();
        if (name is null)
        {
            return null;
        }

        if ((sum is null) == (expression is null))
        {
            _errors.Add(path, "a scale needs exactly one of 'sum' and 'expression'");
            return null;
        }

        return new(name, sum, expression, unansweredAsZero);
    }

    private RuleDefinition? ReadRule(JsonElement element, string path)
    {
        var o = ContentObject.Of(_errors, element, path);
        if (o is null)
        {
            return null;
        }

        var id = o.String("id", required: true);
        var redFlag = o.Bool("redFlag") ?? false;
        var when = o.String("when", required: true);
        var outcome = o.String("outcome", required: true);
        var reason = o.Text("reason", required: true);
        o.Finish();
        return id is null || when is null || outcome is null || reason is null ? null : new(id, redFlag, when, outcome, reason);
    }

    private OutcomeDefinition? ReadOutcome(JsonElement element, string path)
    {
        var o = ContentObject.Of(_errors, element, path);
        if (o is null)
        {
            return null;
        }

        var id = o.String("id", required: true);
        var urgencyText = o.String("urgency", required: true);
        var serviceCode = o.String("serviceCode", required: false);
        var text = o.Text("text", required: true);
        var selfCare = o.Text("selfCare", required: false);
        var seekCareIf = o.Text("seekCareIf", required: false);
        var offer = o.Object("offer", ReadOffer) ?? OutcomeOffer.None;
        o.Finish();
        var urgency = urgencyText is null ? null : UrgencyClasses.Parse(urgencyText) ?? Invalid<Urgency>(path + ".urgency", $"unknown urgency '{urgencyText}' (P0, P1, P2, P3, P4, L2 or S)");
        return id is null || urgency is null || text is null ? null : new(id, urgency.Value, serviceCode, text, selfCare, seekCareIf, offer);
    }

    private OutcomeOffer? ReadOffer(ContentObject o)
    {
        var booking = o.Bool("booking") ?? false;
        var send = o.Bool("sendToProfessional") ?? false;
        var chat = o.Bool("chat") ?? false;
        o.Finish();
        return new(booking, send, chat);
    }

    private T? WrongType<T>(string path, string expected, JsonElement found)
        where T : class
    {
        _errors.Add(path, $"expected {expected} but found {ContentObject.Describe(found.ValueKind)}");
        return null;
    }
}
