using System.Globalization;
using System.Text.Json.Nodes;
using Polku.Appointments.Data;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.Appointments.Interop;

/// <summary>
/// FHIR R4 (4.0.1) JSON for appointments and slots. The resident is referenced by a pseudonymous id (an HMAC of their
/// Polku id, the same pseudonym as in the service-event journal), never by name or identity code; the professional
/// by their Polku id, the unit by its code, the schedule and slot by their ids. Free-text cancel reasons and outcomes
/// are left out: they may hold health information.
/// </summary>
internal static class FhirAppointments
{
    public const string ContentType = "application/fhir+json; charset=utf-8";

    /// <summary>Polku's service codes (the county's service catalogue, <c>/api/region/services</c>).</summary>
    public const string ServiceSystem = "urn:polku:service";

    /// <summary>Polku's appointment modes: in-person, video, phone.</summary>
    public const string ModeSystem = "urn:polku:appointment-mode";

    public const string ActCodeSystem = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public const string AppointmentReasonSystem = "http://terminology.hl7.org/CodeSystem/v2-0276";
    public const string CancellationReasonSystem = "http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason";
    public const string ParticipantTypeSystem = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";

    /// <summary>The R5 element <c>Appointment.virtualService</c> carried into R4 as a cross-version extension.</summary>
    public const string VirtualServiceExtension = "http://hl7.org/fhir/5.0/StructureDefinition/extension-Appointment.virtualService";

    /// <summary>Appointment.status (value set http://hl7.org/fhir/ValueSet/appointmentstatus).</summary>
    public static string Status(AppointmentStatus status) => status switch
    {
        AppointmentStatus.Held => "pending",
        AppointmentStatus.Booked => "booked",

        // Checked in to the waiting room, or with the professional: the patient has arrived (R4 has no in-progress).
        AppointmentStatus.CheckedIn or AppointmentStatus.InProgress => "arrived",
        AppointmentStatus.Completed => "fulfilled",
        AppointmentStatus.NoShow => "noshow",
        _ => "cancelled",
    };

    /// <summary>Slot.status (value set http://hl7.org/fhir/ValueSet/slotstatus).</summary>
    public static string SlotStatus(Slot s) => s.Blocked ? "busy-unavailable" : s.Taken >= s.Capacity ? "busy" : "free";

    /// <summary>An instant with the Helsinki offset in force then, as FHIR's <c>instant</c> wants (seconds and a zone).</summary>
    public static string Instant(DateTime utc) => Api.AppointmentsApi.Iso(utc);

    public static JsonObject Appointment(Appointment a, string patientPseudonym, UnitInfo? unit, string? joinUrl)
    {
        var o = new JsonObject
        {
            ["resourceType"] = "Appointment",
            ["id"] = a.Id.ToString("D"),
            ["meta"] = new JsonObject { ["versionId"] = a.Version.ToString(CultureInfo.InvariantCulture) },
        };
        if (a.Mode == AppointmentMode.Video)
        {
            var virtualService = new JsonArray
            {
                new JsonObject
                {
                    ["url"] = "channelType",
                    ["valueCoding"] = new JsonObject { ["system"] = ModeSystem, ["code"] = "video", ["display"] = "Video" },
                },
            };
            if (joinUrl is not null)
            {
                virtualService.Add(new JsonObject { ["url"] = "addressUrl", ["valueUrl"] = joinUrl });
            }

            o["extension"] = new JsonArray { new JsonObject { ["url"] = VirtualServiceExtension, ["extension"] = virtualService } };
        }

        o["status"] = Status(a.Status);
        if (a.Status == AppointmentStatus.Cancelled && a.CancelledByKind is { } by)
        {
            var code = by switch
            {
                ActorKind.Resident or ActorKind.Guardian => ("pat", "Patient"),
                ActorKind.Professional => ("prov", "Provider"),
                _ => ("other", "Other"),
            };
            o["cancelationReason"] = Concept(CancellationReasonSystem, code.Item1, code.Item2);
        }

        o["serviceType"] = new JsonArray { Concept(ServiceSystem, a.ServiceCode, null) };
        o["appointmentType"] = ModeConcept(a.Mode);
        o["start"] = Instant(a.StartUtc);
        o["end"] = Instant(a.EndUtc);
        o["minutesDuration"] = (int)Math.Round((a.EndUtc - a.StartUtc).TotalMinutes);
        o["slot"] = new JsonArray { new JsonObject { ["reference"] = "Slot/" + a.SlotId.ToString("D") } };
        o["created"] = Instant(a.CreatedUtc);
        var participants = new JsonArray
        {
            new JsonObject
            {
                ["type"] = new JsonArray { Concept(ParticipantTypeSystem, "SBJ", "subject") },
                ["actor"] = new JsonObject { ["reference"] = "Patient/" + patientPseudonym },
                ["required"] = "required",
                ["status"] = "accepted",
            },
        };
        if (a.StaffId is { } staff)
        {
            participants.Add(new JsonObject
            {
                ["type"] = new JsonArray { Concept(ParticipantTypeSystem, "PPRF", "primary performer") },
                ["actor"] = new JsonObject { ["reference"] = "Practitioner/" + staff.ToString("D") },
                ["required"] = "required",
                ["status"] = "accepted",
            });
        }

        if (unit is not null)
        {
            participants.Add(new JsonObject
            {
                ["actor"] = new JsonObject { ["reference"] = "Location/" + unit.Code, ["display"] = unit.Name.Fi },
                ["required"] = "information-only",
                ["status"] = "accepted",
            });
        }

        o["participant"] = participants;
        return o;
    }

    public static JsonObject Slot(Slot s)
    {
        return new JsonObject
        {
            ["resourceType"] = "Slot",
            ["id"] = s.Id.ToString("D"),
            ["serviceType"] = new JsonArray { Concept(ServiceSystem, s.ServiceCode, null) },
            ["appointmentType"] = ModeConcept(s.Mode),
            ["schedule"] = new JsonObject { ["reference"] = "Schedule/" + s.ScheduleId.ToString("D") },
            ["status"] = SlotStatus(s),
            ["start"] = Instant(s.StartUtc),
            ["end"] = Instant(s.EndUtc),
        };
    }

    /// <summary>A searchset Bundle of the resources, each with a urn:uuid full URL (there is no FHIR server to point at).</summary>
    public static JsonObject SearchSet(IReadOnlyList<JsonObject> resources, string selfUrl) => new()
    {
        ["resourceType"] = "Bundle",
        ["type"] = "searchset",
        ["total"] = resources.Count,
        ["link"] = new JsonArray { new JsonObject { ["relation"] = "self", ["url"] = selfUrl } },
        ["entry"] = new JsonArray([.. resources.Select(r => (JsonNode)new JsonObject
        {
            ["fullUrl"] = "urn:uuid:" + (string)r["id"]!,
            ["resource"] = r,
            ["search"] = new JsonObject { ["mode"] = "match" },
        })]),
    };

    /// <summary>
    /// The mode as an appointment type: the encounter class (AMB ambulatory, VR virtual) from v3-ActCode, which
    /// systems without Polku's codes understand, and Polku's own mode code beside it.
    /// </summary>
    private static JsonObject ModeConcept(AppointmentMode mode)
    {
        var (act, actDisplay) = mode == AppointmentMode.InPerson ? ("AMB", "ambulatory") : ("VR", "virtual");
        var name = Api.Modes.Name(mode);
        return new JsonObject
        {
            ["coding"] = new JsonArray
            {
                new JsonObject { ["system"] = ActCodeSystem, ["code"] = act, ["display"] = actDisplay },
                new JsonObject { ["system"] = ModeSystem, ["code"] = name },
            },
            ["text"] = name,
        };
    }

    private static JsonObject Concept(string system, string code, string? display)
    {
        var coding = new JsonObject { ["system"] = system, ["code"] = code };
        if (display is not null)
        {
            coding["display"] = display;
        }

        return new JsonObject { ["coding"] = new JsonArray { coding } };
    }
}
