using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Booking;
using Polku.Appointments.Contracts;
using Polku.Appointments.Data;
using Polku.Appointments.Notifications;
using Polku.Platform.Audit;
using Polku.Platform.Idempotency;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Time;
using Polku.Platform.Web;
using Polku.Region.Contracts;

namespace Polku.Appointments.Api;

/// <summary>A free slot in the API: times are ISO 8601 with the Helsinki offset.</summary>
internal sealed record SlotDto(Guid Id, string ServiceCode, string Mode, string Start, string End, string UnitCode, string? UnitName, int Free);

/// <summary>An appointment in the API.</summary>
internal sealed record AppointmentDto(
    Guid Id, Guid SlotId, string ServiceCode, string Mode, string Status, string Start, string End, string UnitCode, string? UnitName,
    string? CancellableUntil, string? CancelledBy, string? CancelReason, string Ics);

/// <summary>A booking: the slot's id (text, so that a malformed id has this API's own error code).</summary>
internal sealed record BookRequest(string? SlotId);

/// <summary>A cancellation with its reason (required, at most 500 characters).</summary>
internal sealed record CancelRequest(string? Reason);

/// <summary>Public appointment endpoints: free slots, booking with an idempotency key, cancelling, the calendar file and the resident's own list.</summary>
internal static class AppointmentsApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/appointments").WithTags("Appointments");
        api.MapGet("/slots", SlotsAsync)
            .AuditExempt("free times of services; no personal data")
            .WithSummary("Free slots of a service, optionally for residents of a municipality, in a mode and a time range.")
            .WithDescription("Query: serviceCode (required), municipality (e.g. 638), mode (in-person, remote or video, phone), from and to (ISO 8601 with offset; default now … 14 days, at most 62 days). Times are returned with the Europe/Helsinki offset.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        var mine = api.MapGroup("").RequireAuthorization(PolkuRoles.ResidentPolicy);
        mine.MapPost("", BookAsync)
            .Audited("appointments.book", AuditAccess.Change)
            .WithSummary("Books a slot for the signed-in resident: 201 with the appointment, or 409 booking.slot_taken with the nearest free slots.")
            .WithDescription("Body {\"slotId\":\"…\"}. The resident needs a booking right for the service (from an assessment or an invitation) unless the service is open for booking (403 booking.no_right). An Idempotency-Key header (at most 80 characters) makes a repeated request return the first appointment.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        mine.MapPost("/{id:guid}/cancel", CancelAsync)
            .Audited("appointments.cancel", AuditAccess.Change)
            .WithSummary("Cancels the resident's appointment with a reason: 200, or 409 booking.too_late_to_cancel inside the notice (default 24 h).")
            .WithDescription("Body {\"reason\":\"…\"} (required, at most 500 characters).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        mine.MapGet("/{id:guid}/ics", IcsAsync)
            .Audited("appointments.ics")
            .WithSummary("The appointment as an iCalendar (RFC 5545) file.")
            .Produces(StatusCodes.Status200OK, contentType: "text/calendar")
            .ProducesProblem(StatusCodes.Status404NotFound);
        mine.MapGet("/mine", MineAsync)
            .Audited("appointments.mine")
            .WithSummary("The signed-in resident's appointments (booked, past and cancelled), soonest first.");
    }

    private static async Task<Results<Ok<IReadOnlyList<SlotDto>>, ProblemHttpResult>> SlotsAsync(HttpContext context, SlotSearch search, IUnitDirectory units, TimeProvider time, CancellationToken ct)
    {
        var q = context.Request.Query;
        var service = q["serviceCode"].ToString().Trim();
        if (service.Length is 0 or > 60)
        {
            return ApiErrors.Validation(context, "appointments.error.service", "serviceCode");
        }

        string? municipality = q["municipality"].ToString().Trim() is { Length: > 0 } m ? m : null;
        if (municipality is not null && !await units.MunicipalityExistsAsync(municipality, ct))
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
        if (!TryInstant(q["from"].ToString(), now, out var from))
        {
            return ApiErrors.Validation(context, "appointments.error.from", "from");
        }

        if (!TryInstant(q["to"].ToString(), from.AddDays(14), out var to) || to <= from || to > from.AddDays(62))
        {
            return ApiErrors.Validation(context, "appointments.error.to", "to");
        }

        var slots = await search.FindAsync(new SlotQuery(service, municipality, mode, null, from.UtcDateTime, to.UtcDateTime, ResidentSide: true), ct);
        return TypedResults.Ok<IReadOnlyList<SlotDto>>(slots.Select(f => ToDto(f.Slot, f.Unit)).ToList());
    }

    private static async Task<Results<Created<AppointmentDto>, ProblemHttpResult>> BookAsync(BookRequest? body, HttpContext context, BookingService booking, SlotSearch search, IUnitDirectory units, AuditScope audit, PolkuDb db, CancellationToken ct)
    {
        if (!Guid.TryParse(body?.SlotId, out var slotId))
        {
            return ApiErrors.Validation(context, "appointments.error.slot_id", "slotId");
        }

        var residentId = context.User.EffectiveResidentId()!.Value;
        var by = Actor.ResidentOf(context.User)!.Value;
        var key = IdempotencyKey.FromRequest(context, "appointments.book", $"{slotId:N}|{residentId:N}");
        if (key.Error is { } keyError)
        {
            return ApiErrors.Problem(keyError, context);
        }

        // Touched before the booking, so its audit row commits in the booking's unit of work (a failed booking's
        // attempted change is written by the audit middleware).
        audit.Touch(residentId, AuditAccess.Change);
        var result = await booking.BookAsync(new BookingRequest(slotId, residentId, by, "api", key.Value, null, Language.Current), ct);
        if (result.Error is { } error)
        {
            return error.Code == "booking.slot_taken" ? await TakenProblemAsync(error, slotId, context, booking, units, db, ct) : ApiErrors.Problem(error, context);
        }

        // No Location: the resident's appointments are read as a list (mine), not one by one.
        return TypedResults.Created((string?)null, await ToDtoAsync(result.Value!, booking, units, ct));
    }

    private static async Task<Results<Ok<AppointmentDto>, ProblemHttpResult>> CancelAsync(Guid id, CancelRequest? body, HttpContext context, BookingService booking, IUnitDirectory units, AuditScope audit, PolkuDb db, CancellationToken ct)
    {
        var residentId = context.User.EffectiveResidentId()!.Value;
        if (!await db.Set<Appointment>().AnyAsync(a => a.Id == id && a.ResidentId == residentId, ct))
        {
            return ApiErrors.Problem(Error.NotFound("booking.not_found"), context);
        }

        var reason = body?.Reason;
        audit.Touch(residentId, AuditAccess.Change);
        var result = await booking.CancelAsync(id, Actor.ResidentOf(context.User)!.Value, reason, ct);
        return result.Error is { } error ? ApiErrors.Problem(error, context) : TypedResults.Ok(await ToDtoAsync(result.Value!, booking, units, ct));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> IcsAsync(Guid id, HttpContext context, PolkuDb db, IUnitDirectory units, Texts texts, AuditScope audit, TimeProvider time, PublicSite site, CancellationToken ct)
    {
        var residentId = context.User.EffectiveResidentId()!.Value;
        var a = await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.ResidentId == residentId, ct);
        if (a is null)
        {
            return ApiErrors.Problem(Error.NotFound("booking.not_found"), context);
        }

        audit.Touch(residentId);
        var unit = await UnitAsync(units, a.UnitId, ct);
        var place = Modes.Place(a.Mode, unit, Language.Current, texts);
        var link = site.Url(AppointmentsRoutes.MyAppointments);
        var bytes = ICalendar.Appointment(a, texts["appointments.notice.calendar_summary"], place, link, time.GetUtcNow().UtcDateTime);
        return TypedResults.File(bytes, "text/calendar; charset=utf-8", "polku-appointment.ics");
    }

    private static async Task<Ok<IReadOnlyList<AppointmentDto>>> MineAsync(HttpContext context, PolkuDb db, BookingService booking, IUnitDirectory units, AuditScope audit, CancellationToken ct)
    {
        var residentId = context.User.EffectiveResidentId()!.Value;
        var list = await db.Set<Appointment>().AsNoTracking()
            .Where(a => a.ResidentId == residentId && a.Status != AppointmentStatus.Held && a.Status != AppointmentStatus.Expired)
            .OrderBy(a => a.StartUtc).ToListAsync(ct);
        audit.Touch(residentId);
        var result = new List<AppointmentDto>(list.Count);
        foreach (var a in list)
        {
            result.Add(await ToDtoAsync(a, booking, units, ct));
        }

        return TypedResults.Ok<IReadOnlyList<AppointmentDto>>(result);
    }

    private static async Task<ProblemHttpResult> TakenProblemAsync(Error error, Guid slotId, HttpContext context, BookingService booking, IUnitDirectory units, PolkuDb db, CancellationToken ct)
    {
        List<SlotDto>? nearest = null;
        if (await db.Set<Slot>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == slotId, ct) is { } slot)
        {
            var free = await booking.NearestFreeAsync(slot, 5, ct);
            var unit = await UnitAsync(units, slot.UnitId, ct);
            nearest = [.. free.Select(s => ToDto(s, unit))];
        }

        return ApiErrors.Problem(error, context, problem =>
        {
            if (nearest is not null)
            {
                problem.Extensions["nearest"] = nearest;
            }
        });
    }

    internal static SlotDto ToDto(Slot s, UnitInfo? unit) =>
        new(s.Id, s.ServiceCode, Modes.Name(s.Mode), Iso(s.StartUtc), Iso(s.EndUtc), unit?.Code ?? "", unit?.Name.Get(Language.Current), s.Capacity - s.Taken);

    private static async Task<AppointmentDto> ToDtoAsync(Appointment a, BookingService booking, IUnitDirectory units, CancellationToken ct)
    {
        var unit = await UnitAsync(units, a.UnitId, ct);
        var deadline = a.Status == AppointmentStatus.Booked ? await booking.CancelDeadlineAsync(a, ct) : null;
        return new AppointmentDto(a.Id, a.SlotId, a.ServiceCode, Modes.Name(a.Mode), Modes.Status(a.Status), Iso(a.StartUtc), Iso(a.EndUtc),
            unit?.Code ?? "", unit?.Name.Get(Language.Current), deadline is { } d ? Iso(d) : null,
            a.CancelledByKind?.ToString().ToLowerInvariant(), a.CancelReason, $"/api/appointments/{a.Id:D}/ics");
    }

    /// <summary>One unit by id, or null.</summary>
    public static async Task<UnitInfo?> UnitAsync(IUnitDirectory units, Guid unitId, CancellationToken ct) =>
        await units.GetAsync([unitId], ct) is [var unit, ..] ? unit : null;

    /// <summary>An instant as ISO 8601 with the Helsinki offset.</summary>
    public static string Iso(DateTime utc) =>
        HelsinkiTime.InHelsinki(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    internal static bool TryInstant(string text, DateTimeOffset fallback, out DateTimeOffset value)
    {
        if (text.Length == 0)
        {
            value = fallback;
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value)
            && (text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > 10)
            && value.Year is >= 2000 and <= 2200;
    }
}

/// <summary>Names of modes and statuses in URLs, the API and texts.</summary>
internal static class Modes
{
    public static AppointmentMode? Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "in-person" or "inperson" => AppointmentMode.InPerson,
        "remote" or "video" => AppointmentMode.Video,
        "phone" => AppointmentMode.Phone,
        _ => null,
    };

    public static string Name(AppointmentMode mode) => mode switch
    {
        AppointmentMode.InPerson => "in-person",
        AppointmentMode.Video => "video",
        _ => "phone",
    };

    public static string Status(AppointmentStatus status) => status switch
    {
        AppointmentStatus.CheckedIn => "checked-in",
        AppointmentStatus.InProgress => "in-progress",
        AppointmentStatus.NoShow => "no-show",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>Where the appointment is, in words: the unit for in-person, "video" or "phone" otherwise (no health content).</summary>
    public static string Place(AppointmentMode mode, UnitInfo? unit, string language, Texts texts) => mode switch
    {
        AppointmentMode.Video => texts.Get(language, "appointments.notice.place_video"),
        AppointmentMode.Phone => texts.Get(language, "appointments.notice.place_phone"),
        _ => unit?.Name.Get(language) ?? "",
    };
}
