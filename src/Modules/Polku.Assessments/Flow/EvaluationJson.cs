using System.Text.Json.Nodes;
using Polku.Assessments.Domain.Engine;
using Polku.Assessments.Domain.Routing;
using Polku.Contacts.Contracts;
using Polku.Platform.Localization;
using Polku.Region.Contracts;

namespace Polku.Assessments.Flow;

/// <summary>
/// The JSON shapes of an evaluation shared by the API and the stored response: recommendation, scales (flags as
/// booleans, e.g. <c>"auditCRisk": true</c>), trace and routing.
/// </summary>
internal static class EvaluationJson
{
    public static JsonObject Text(LocalizedText text) => new() { ["fi"] = text.Fi, ["sv"] = text.Sv, ["en"] = text.En };

    public static JsonObject? Recommendation(Evaluation evaluation) =>
        evaluation.Recommendation is not { } r ? null : new JsonObject
        {
            ["urgency"] = r.Urgency.ToString(),
            ["serviceCode"] = r.ServiceCode,
            ["outcome"] = r.OutcomeId,
            ["text"] = Text(r.Text),
            ["selfCare"] = r.SelfCare is { } s ? Text(s) : null,
            ["seekCareIf"] = r.SeekCareIf is { } k ? Text(k) : null,
            ["offer"] = new JsonObject { ["booking"] = r.Offer.Booking, ["sendToProfessional"] = r.Offer.SendToProfessional, ["chat"] = r.Offer.Chat },
        };

    public static JsonObject Scales(Evaluation evaluation)
    {
        var scales = new JsonObject();
        foreach (var s in evaluation.Scales)
        {
            scales[s.Name] = s.IsFlag ? (s.Flag is { } f ? JsonValue.Create(f) : null) : (s.Value is { } v ? JsonValue.Create(Math.Round(v, 4)) : null);
        }

        return scales;
    }

    public static JsonArray Trace(Evaluation evaluation) =>
    [
        .. evaluation.Trace.Select(t => (JsonNode)new JsonObject
        {
            ["rule"] = t.RuleId,
            ["redFlag"] = t.RedFlag,
            ["outcome"] = t.OutcomeId,
            ["urgency"] = t.Urgency.ToString(),
            ["answers"] = new JsonArray([.. t.LinkIds.Select(l => (JsonNode)JsonValue.Create(l))]),
            ["scales"] = new JsonArray([.. t.Scales.Select(l => (JsonNode)JsonValue.Create(l))]),
            ["reason"] = Text(t.Reason),
        }),
    ];

    public static JsonObject? Routing(RoutingDecision? decision, string? municipality)
    {
        if (decision?.Destination is not { } d)
        {
            return null;
        }

        return new JsonObject
        {
            ["destination"] = Destination(d, municipality),
            ["rowId"] = decision.Row!.Id,
        };
    }

    public static JsonObject Destination(RoutingDestination d, string? municipality) => new()
    {
        ["kind"] = d.Kind.ToString(),
        ["unit"] = d.Unit,
        ["service"] = d.Service,
        ["phone"] = d.Phone,
        ["url"] = d.Url,
        ["withinDays"] = d.WithinDays,
        ["instructions"] = Text(d.Instructions),
        ["actionUrl"] = Destinations.ActionUrl(d, municipality),
    };
}

/// <summary>Where a destination's one clear action takes the resident.</summary>
internal static class Destinations
{
    public static string? ActionUrl(RoutingDestination d, string? municipality) => d.Kind switch
    {
        DestinationKind.Call112 => "tel:112",
        DestinationKind.Phone when d.Phone is { } phone => "tel:" + new string([.. phone.Where(c => char.IsDigit(c) || c == '+')]),
        DestinationKind.ExternalLink => d.Url,
        DestinationKind.Callback => ContactsRoutes.NewCallback(d.Service ?? "health-station"),

        // Routing chose the chat only because it is open and staffed now (IChatAvailability).
        DestinationKind.Chat => ContactsRoutes.ChatIn(municipality),

        // Until the appointments module offers slots, self-booking leads to the municipality's booking channel in
        // the service directory.
        DestinationKind.SelfBooking => RegionRoutes.Service(d.Service ?? "health-station", municipality),
        _ => null,
    };
}
