using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Api;
using Polku.Appointments.Contracts;
using Polku.Appointments.Data;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Journal;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.Region.Contracts;

namespace Polku.Appointments.Interop;

/// <summary>FHIR R4 export of appointments and slots, and the professional's secret iCalendar feed.</summary>
internal static class InteropApi
{
    /// <summary>The most slots one FHIR search returns.</summary>
    public const int MaxSlots = 2000;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/appointments").WithTags("Appointments");
        api.MapGet("/slots/fhir", SlotsAsync)
            .AuditExempt("times and states of slots; no personal data")
            .WithSummary("Slots of a service as a FHIR R4 Bundle (searchset) of Slot resources: free, busy or busy-unavailable (blocked).")
            .WithDescription("Query: serviceCode (required), municipality (e.g. 638: its units and county-wide ones), mode (in-person, remote or video, phone), from and to (ISO 8601 with offset; default now … 14 days, at most 62 days). Unlike /api/appointments/slots, taken and blocked slots are included with their status, at most 2000, earliest first. Each Slot has serviceType (system urn:polku:service), appointmentType (v3-ActCode AMB or VR, and urn:polku:appointment-mode), a Schedule reference and start/end with the Europe/Helsinki offset.")
            .Produces(StatusCodes.Status200OK, contentType: "application/fhir+json")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/{id:guid}/fhir", MineAsync)
            .RequireAuthorization(PolkuRoles.ResidentPolicy)
            .Audited("appointments.fhir")
            .WithSummary("The signed-in resident's appointment as a FHIR R4 Appointment resource.")
            .WithDescription("Status booked, arrived (checked in or with the professional), fulfilled, cancelled (with a cancelationReason pat, prov or other, never the free-text reason) or noshow; start and end with the Europe/Helsinki offset; the patient referenced by a pseudonymous id (no name or identity code); serviceType, appointmentType (v3-ActCode AMB or VR), the Slot reference, and for video the R5 virtualService as a cross-version extension.")
            .Produces(StatusCodes.Status200OK, contentType: "application/fhir+json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        endpoints.MapGet("/api/desk/appointments/{id:guid}/fhir", DeskAsync)
            .WithTags("Appointments")
            .RequireAuthorization(PolkuRoles.StaffPolicy)
            .Audited("appointments.fhir.export")
            .WithSummary("An appointment of one of the professional's units as a FHIR R4 Appointment resource (same shape as the resident's export).")
            .Produces(StatusCodes.Status200OK, contentType: "application/fhir+json")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        endpoints.MapGet("/calendar/{token}.ics", FeedAsync)
            .WithTags("Appointments")
            .Audited("appointments.calendar_feed")
            .WithSummary("A professional's own appointments as a read-only iCalendar feed at a secret URL (created on /desk/calendar-feed).")
            .WithDescription("No sign-in: the 256-bit token in the URL is the credential; an unknown or rotated token is 404. Events from 30 days back onwards, cancelled ones with STATUS:CANCELLED. Each event shows only the time, the mode, the unit and the resident's initials. Optional query lang=fi|sv|en.")
            .Produces(StatusCodes.Status200OK, contentType: "text/calendar")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> SlotsAsync(HttpContext context, PolkuDb db, IUnitDirectory units, TimeProvider time, PublicSite site, CancellationToken ct)
    {
        var q = context.Request.Query;
        var service = q["serviceCode"].ToString().Trim();
        if (service.Length is 0 or > 60)
        {
            return ApiErrors.Validation(context, "appointments.error.service", "serviceCode");
        }

        string? municipality = q["municipality"].ToString().Trim() is { Length: > 0 } m ? m : null;
        if (municipality is not null && (municipality.Length > 3 || !await units.MunicipalityExistsAsync(municipality, ct)))
        {
            return ApiErrors.Validation(context, "appointments.error.municipality", "municipality");
        }

        AppointmentMode? mode = null;
        if (q["mode"].ToString() is { Length: > 0 } modeText)
        {
            if (Modes.Parse(modeText) is not { } parsed)
            {
                return ApiErrors.Validation(context, "appointments.error.mode", "mode");
            }

            mode = parsed;
        }

        var now = time.GetUtcNow();
        if (!AppointmentsApi.TryInstant(q["from"].ToString(), now, out var from))
        {
            return ApiErrors.Validation(context, "appointments.error.from", "from");
        }

        if (!AppointmentsApi.TryInstant(q["to"].ToString(), from.AddDays(14), out var to) || to <= from || to > from.AddDays(62))
        {
            return ApiErrors.Validation(context, "appointments.error.to", "to");
        }

        var fromUtc = from.UtcDateTime;
        var toUtc = to.UtcDateTime;
        var query = db.Set<Slot>().AsNoTracking().Where(s => s.ServiceCode == service && s.StartUtc >= fromUtc && s.StartUtc < toUtc);
        if (municipality is not null)
        {
            var pattern = "%," + municipality + ",%";
            query = query.Where(s => s.ServedMunicipalities == "" || EF.Functions.Like(s.ServedMunicipalities, pattern));
        }

        if (mode is { } md)
        {
            query = query.Where(s => s.Mode == md);
        }

        var slots = await query.OrderBy(s => s.StartUtc).ThenBy(s => s.Id).Take(MaxSlots).ToListAsync(ct);
        var self = site.Url($"{context.Request.Path}{context.Request.QueryString}");
        var bundle = FhirAppointments.SearchSet([.. slots.Select(FhirAppointments.Slot)], self);
        return TypedResults.Text(bundle.ToJsonString(), FhirAppointments.ContentType);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> MineAsync(
        Guid id, HttpContext context, PolkuDb db, IUnitDirectory units, Pseudonymizer pseudonyms, AuditScope audit, PublicSite site, CancellationToken ct)
    {
        var residentId = context.User.EffectiveResidentId()!.Value;
        var a = await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.ResidentId == residentId, ct);
        if (a is null)
        {
            return ApiErrors.Problem(Error.NotFound("booking.not_found"), context);
        }

        audit.Touch(residentId);
        return await ExportAsync(a, units, pseudonyms, site, ct);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> DeskAsync(
        Guid id, HttpContext context, PolkuDb db, IUnitDirectory units, IPeopleDirectory people, Pseudonymizer pseudonyms, AuditScope audit,
        PublicSite site, CancellationToken ct)
    {
        var a = await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null)
        {
            return ApiErrors.Problem(Error.NotFound("booking.not_found"), context);
        }

        var staff = context.User.PersonId() is { } staffId ? await people.FindStaffAsync(staffId, ct) : null;
        if (staff is null || !(staff.UnitIds.Contains(a.UnitId) || a.StaffId == staff.Id))
        {
            return ApiErrors.Problem(Error.Forbidden(), context);
        }

        audit.Touch(a.ResidentId);
        return await ExportAsync(a, units, pseudonyms, site, ct);
    }

    private static async Task<ContentHttpResult> ExportAsync(Appointment a, IUnitDirectory units, Pseudonymizer pseudonyms, PublicSite site, CancellationToken ct)
    {
        var unit = await AppointmentsApi.UnitAsync(units, a.UnitId, ct);
        var join = a.Mode == AppointmentMode.Video ? site.Url(AppointmentsRoutes.MyAppointments) : null;
        var json = FhirAppointments.Appointment(a, pseudonyms.For(a.ResidentId), unit, join);
        return TypedResults.Text(json.ToJsonString(), FhirAppointments.ContentType);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> FeedAsync(string token, HttpContext context, CalendarFeeds feeds, IPeopleDirectory people, AuditScope audit, PublicSite site, CancellationToken ct)
    {
        if (await feeds.OwnerAsync(token, ct) is not { } staffId || await people.FindStaffAsync(staffId, ct) is not { } staff)
        {
            return ApiErrors.Problem(Error.NotFound("appointments.interop.feed.unknown"), context);
        }

        // The request carries no session; the token stands for its owner, so the audit log names the professional
        // (with the role "calendar-feed") as the reader of the residents' initials and times.
        context.User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(PolkuClaims.PersonId, staff.Id.ToString("D")), new Claim(PolkuClaims.Name, staff.DisplayName), new Claim(PolkuClaims.Kind, "calendar-feed")],
            "calendar-feed"));
        var language = context.Request.Query["lang"].ToString() is var l && Language.IsSupported(l) ? l : "fi";
        var (ics, residents) = await feeds.RenderAsync(staff.Id, language, site.Url("/desk"), ct);
        foreach (var resident in residents)
        {
            audit.Touch(resident);
        }

        context.Response.Headers.CacheControl = "private, no-store";
        context.Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        return TypedResults.File(ics, "text/calendar; charset=utf-8", "polku.ics");
    }
}
