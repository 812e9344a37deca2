using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Polku.Appointments.Data;
using Polku.Appointments.Interop;
using Polku.Tests.TestSupport;
using static Polku.Tests.Appointments.InteropTestData;

namespace Polku.Tests.Appointments;

/// <summary>FHIR R4 export: Appointment for the resident and the unit's professionals, a searchset Bundle of Slots; shapes and codes checked.</summary>
[Trait("Category", "Postgres")]
public sealed partial class InteropFhirTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    // Value sets of FHIR R4 (4.0.1).
    private static readonly string[] AppointmentStatuses = ["proposed", "pending", "booked", "arrived", "fulfilled", "cancelled", "noshow", "entered-in-error", "checked-in", "waitlist"];
    private static readonly string[] SlotStatuses = ["busy", "free", "busy-unavailable", "busy-tentative", "entered-in-error"];
    private static readonly string[] ParticipationStatuses = ["accepted", "declined", "tentative", "needs-action"];
    private static readonly string[] ParticipantRequired = ["required", "optional", "information-only"];
    private static readonly string[] CancellationReasons = ["pat", "prov", "other", "maint", "meds-inc", "oth-err"];

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Instant();

    [GeneratedRegex(@"^[A-Za-z0-9\-\.]{1,64}$")]
    private static partial Regex Id();

    [GeneratedRegex(@"^(Patient|Practitioner|Location|Slot|Schedule)/[A-Za-z0-9\-\.]{1,64}$")]
    private static partial Regex Reference();

    private static string S(JsonNode? node) => node?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException("missing element");

    /// <summary>A CodeableConcept with at least one coding whose system is a URI and whose code has no surrounding spaces.</summary>
    private static void Concept(JsonNode? concept)
    {
        var codings = concept!["coding"]!.AsArray();
        Assert.NotEmpty(codings);
        foreach (var c in codings)
        {
            Assert.True(Uri.TryCreate(S(c!["system"]), UriKind.Absolute, out _));
            Assert.Matches(@"^[^\s]+(\s[^\s]+)*$", S(c["code"]));
        }
    }

    private static void ValidAppointment(JsonObject a)
    {
        Assert.Equal("Appointment", S(a["resourceType"]));
        Assert.Matches(Id(), S(a["id"]));
        Assert.Contains(S(a["status"]), AppointmentStatuses);
        Assert.Matches(Instant(), S(a["start"]));
        Assert.Matches(Instant(), S(a["end"]));
        Assert.True(DateTimeOffset.Parse(S(a["end"]), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.Parse(S(a["start"]), System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(a["minutesDuration"]!.GetValue<int>() > 0);
        foreach (var c in a["serviceType"]!.AsArray())
        {
            Concept(c);
        }

        Concept(a["appointmentType"]);
        foreach (var slot in a["slot"]!.AsArray())
        {
            Assert.Matches(Reference(), S(slot!["reference"]));
        }

        var participants = a["participant"]!.AsArray();
        Assert.NotEmpty(participants);
        foreach (var p in participants)
        {
            Assert.Contains(S(p!["status"]), ParticipationStatuses);
            Assert.Contains(S(p["required"]), ParticipantRequired);
            Assert.Matches(Reference(), S(p["actor"]!["reference"]));
        }

        if (a["cancelationReason"] is { } reason)
        {
            Concept(reason);
            Assert.Contains(S(reason["coding"]![0]!["code"]), CancellationReasons);
        }
    }

    private static async Task<JsonObject> FhirAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType!.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Fact]
    public void Every_status_maps_into_the_FHIR_value_sets()
    {
        foreach (var status in Enum.GetValues<AppointmentStatus>())
        {
            Assert.Contains(FhirAppointments.Status(status), AppointmentStatuses);
        }

        Assert.Equal("booked", FhirAppointments.Status(AppointmentStatus.Booked));
        Assert.Equal("arrived", FhirAppointments.Status(AppointmentStatus.CheckedIn));
        Assert.Equal("fulfilled", FhirAppointments.Status(AppointmentStatus.Completed));
        Assert.Equal("cancelled", FhirAppointments.Status(AppointmentStatus.Cancelled));
        Assert.Equal("noshow", FhirAppointments.Status(AppointmentStatus.NoShow));
        Assert.Equal("free", FhirAppointments.SlotStatus(new Slot { Capacity = 2, Taken = 1 }));
        Assert.Equal("busy", FhirAppointments.SlotStatus(new Slot { Capacity = 1, Taken = 1 }));
        Assert.Equal("busy-unavailable", FhirAppointments.SlotStatus(new Slot { Capacity = 1, Blocked = true }));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_resident_exports_their_appointment_with_a_pseudonymous_patient_and_no_reasons(string engine)
    {
        await using var app = At(engine, SlotApiTests.Tuesday10);
        var booked = await BookAsync(app, Maija, Nurse, "2026-12-02 10:00");
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(client, Maija);

        var a = await FhirAsync(client, $"/api/appointments/{booked.Id}/fhir");
        ValidAppointment(a);
        Assert.Equal(booked.Id.ToString("D"), S(a["id"]));
        Assert.Equal("booked", S(a["status"]));
        Assert.Equal("2026-12-02T10:00:00+02:00", S(a["start"]));
        Assert.Equal("2026-12-02T10:15:00+02:00", S(a["end"]));
        Assert.Equal(15, a["minutesDuration"]!.GetValue<int>());
        Assert.Equal("Slot/" + booked.SlotId, S(a["slot"]![0]!["reference"]));
        Assert.Equal("health-station", S(a["serviceType"]![0]!["coding"]![0]!["code"]));
        Assert.Equal("VR", S(a["appointmentType"]!["coding"]![0]!["code"]));
        Assert.Equal(FhirAppointments.VirtualServiceExtension, S(a["extension"]![0]!["url"]));
        Assert.Equal("http://localhost/me/appointments", S(a["extension"]![0]!["extension"]!.AsArray().Single(e => S(e!["url"]) == "addressUrl")!["valueUrl"]));
        var patient = S(a["participant"]![0]!["actor"]!["reference"]);
        Assert.Matches("^Patient/[0-9a-f]{32}$", patient);
        Assert.Equal("Location/hs-638", S(a["participant"]!.AsArray().Single(p => S(p!["actor"]!["reference"]).StartsWith("Location/", StringComparison.Ordinal))!["actor"]!["reference"]));
        var json = a.ToJsonString();
        Assert.DoesNotContain(booked.ResidentId.ToString(), json, StringComparison.Ordinal);
        Assert.DoesNotContain("Meikäläinen", json, StringComparison.Ordinal);
        Assert.DoesNotContain("140580", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Rintakipu", json, StringComparison.Ordinal);

        await CancelAsync(app, booked.Id, Nurse, "Potilaalla kuumetta");
        var cancelled = await FhirAsync(client, $"/api/appointments/{booked.Id}/fhir");
        ValidAppointment(cancelled);
        Assert.Equal("cancelled", S(cancelled["status"]));
        Assert.Equal("prov", S(cancelled["cancelationReason"]!["coding"]![0]!["code"]));
        Assert.DoesNotContain("kuume", cancelled.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(patient, S(cancelled["participant"]![0]!["actor"]!["reference"]));

        var other = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(other, Erik);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/api/appointments/{booked.Id}/fhir", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Professionals_of_the_unit_export_the_appointment_and_others_are_refused(string engine)
    {
        await using var app = At(engine, SlotApiTests.Tuesday10);
        var booked = await BookAsync(app, Erik, Doctor, "2026-12-03 09:00");

        var nurse = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, Nurse);
        var a = await FhirAsync(nurse, $"/api/desk/appointments/{booked.Id}/fhir");
        ValidAppointment(a);
        Assert.Equal("AMB", S(a["appointmentType"]!["coding"]![0]!["code"]));
        Assert.Null(a["extension"]);
        var doctorId = await StaffIdAsync(app, Doctor);
        Assert.Contains(a["participant"]!.AsArray(), p => S(p!["actor"]!["reference"]) == "Practitioner/" + doctorId);

        var loviisa = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(loviisa, "hoitaja.loviisa");
        Assert.Equal(HttpStatusCode.Forbidden, (await loviisa.GetAsync(new Uri($"/api/desk/appointments/{booked.Id}/fhir", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nurse.GetAsync(new Uri($"/api/desk/appointments/{Guid.NewGuid()}/fhir", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Slots_come_as_a_searchset_bundle_with_free_and_busy_slots(string engine)
    {
        await using var app = At(engine, SlotApiTests.Tuesday10);
        var booked = await BookAsync(app, Maija, Nurse, "2026-12-02 10:00");
        var client = app.CreateClient();

        var bundle = await FhirAsync(client, "/api/appointments/slots/fhir?serviceCode=health-station&municipality=638&mode=remote&from=2026-12-02T08:00:00%2B02:00&to=2026-12-02T16:00:00%2B02:00");
        Assert.Equal("Bundle", S(bundle["resourceType"]));
        Assert.Equal("searchset", S(bundle["type"]));
        var entries = bundle["entry"]!.AsArray();
        Assert.NotEmpty(entries);
        Assert.Equal(entries.Count, bundle["total"]!.GetValue<int>());
        Assert.Equal("self", S(bundle["link"]![0]!["relation"]));
        foreach (var entry in entries)
        {
            var slot = entry!["resource"]!;
            Assert.Equal("urn:uuid:" + S(slot["id"]), S(entry["fullUrl"]));
            Assert.Equal("match", S(entry["search"]!["mode"]));
            Assert.Equal("Slot", S(slot["resourceType"]));
            Assert.Matches(Id(), S(slot["id"]));
            Assert.Matches("^Schedule/", S(slot["schedule"]!["reference"]));
            Assert.Contains(S(slot["status"]), SlotStatuses);
            Assert.Matches(Instant(), S(slot["start"]));
            Assert.Matches(Instant(), S(slot["end"]));
            Assert.EndsWith("+02:00", S(slot["start"]), StringComparison.Ordinal);
            Assert.Equal("health-station", S(slot["serviceType"]![0]!["coding"]![0]!["code"]));
            Assert.Equal("VR", S(slot["appointmentType"]!["coding"]![0]!["code"]));
        }

        var taken = entries.Single(e => S(e!["resource"]!["id"]) == booked.SlotId.ToString("D"))!["resource"]!;
        Assert.Equal("busy", S(taken["status"]));
        Assert.Contains(entries, e => S(e!["resource"]!["status"]) == "free");
    }

    [Theory]
    [InlineData("serviceCode=", "serviceCode")]
    [InlineData("serviceCode=health-station&municipality=999", "municipality")]
    [InlineData("serviceCode=health-station&mode=hologram", "mode")]
    [InlineData("serviceCode=health-station&from=2026-12-01T10:00:00", "from")]
    [InlineData("serviceCode=health-station&from=2026-12-01T10:00:00Z&to=2027-06-01T10:00:00Z", "to")]
    public async Task Bad_slot_queries_are_400s_naming_the_field(string query, string field)
    {
        await using var app = At("sqlite", SlotApiTests.Tuesday10);
        using var response = await app.CreateClient().GetAsync(new Uri("/api/appointments/slots/fhir?" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, S((await response.Content.ReadFromJsonAsync<JsonObject>())!["field"]));
    }
}
