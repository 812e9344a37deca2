using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Api;
using Polku.Appointments.Booking;
using Polku.Appointments.Contracts;
using Polku.Appointments.Data;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.Appointments.SelfBooking;

/// <summary>What a resident books with.</summary>
internal enum ScopeKind
{
    /// <summary>The booking right of an assessment result (<c>?assessment=</c>).</summary>
    Assessment,

    /// <summary>A booking right by id, e.g. a professional's invitation (<c>?right=</c>).</summary>
    Right,

    /// <summary>A service open to everyone (<c>?service=</c>).</summary>
    Service,
}

/// <summary>
/// The frame of one self-booking: which service, for residents of which municipality (or one unit), in which window.
/// An assessment right's window ends at its urgency limit, so only slots inside it are ever offered.
/// </summary>
internal sealed record BookingScope(
    ScopeKind Kind, string Key, string ServiceCode, string? MunicipalityCode, Guid? UnitId, DateTime FromUtc, DateTime UntilUtc, BookingRight? Right)
{
    public bool OpenOnly => Kind == ScopeKind.Service;

    /// <summary>The scope as query parameters of <see cref="AppointmentsRoutes.Book"/>.</summary>
    public string Query => Kind switch
    {
        ScopeKind.Assessment => "assessment=" + Key,
        ScopeKind.Right => "right=" + Key,
        _ => "service=" + Uri.EscapeDataString(Key),
    };

    public string Url(Guid? unitId = null, AppointmentMode? mode = null, DateOnly? day = null)
    {
        var url = AppointmentsRoutes.Book + "?" + Query;
        if (unitId is { } u && mode is { } m)
        {
            url += "&place=" + Place.Format(u, m);
        }

        if (day is { } d)
        {
            url += "&day=" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return url;
    }
}

/// <summary>A unit and mode with free slots: a choice of the place step.</summary>
internal sealed record PlaceOption(Guid UnitId, AppointmentMode Mode, UnitInfo? Unit, int Free, DateTime FirstUtc)
{
    public string Value => Place.Format(UnitId, Mode);
}

/// <summary>A Helsinki date with free slots: a choice of the day step.</summary>
internal sealed record DayOption(DateOnly Date, int Free);

/// <summary>The <c>place</c> parameter: a unit id and a mode, <c>{unitId}.{mode}</c>.</summary>
internal static class Place
{
    public static string Format(Guid unitId, AppointmentMode mode) => unitId.ToString("D") + "." + Modes.Name(mode);

    public static bool TryParse(string? text, out Guid unitId, out AppointmentMode mode)
    {
        unitId = Guid.Empty;
        mode = default;
        if (text is not { Length: > 37 and < 60 } || text[36] != '.' || !Guid.TryParseExact(text[..36], "D", out unitId) || Modes.Parse(text[37..]) is not { } m)
        {
            return false;
        }

        mode = m;
        return true;
    }
}

/// <summary>
/// Itseajanvaraus — the steps of self-booking: resolve what the resident may book (an assessment result's right, an
/// invitation right or an open service), then the places and modes, days and times with free slots inside that
/// window. Booking itself is <see cref="BookingService"/>'s; this only decides what is offered.
/// </summary>
internal sealed class SelfBookingFlow(PolkuDb db, TimeProvider time, BookingRights rights, IPeopleDirectory people, IUnitDirectory units)
{
    /// <summary>How far ahead an open service is offered when its schedules do not say less.</summary>
    public const int OpenHorizonDays = 28;

    public async Task<Result<BookingScope>> ResolveAsync(Guid residentId, string? assessment, string? right, string? service, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (!string.IsNullOrEmpty(assessment))
        {
            if (!Guid.TryParseExact(assessment, "D", out var responseId))
            {
                return Error.NotFound("booking.pages.error.unknown");
            }

            var granted = await rights.FromAssessmentAsync(responseId, residentId, ct);
            return granted.Error is { } e ? e : FromRight(ScopeKind.Assessment, responseId.ToString("D"), granted.Value!, now);
        }

        if (!string.IsNullOrEmpty(right))
        {
            if (!Guid.TryParseExact(right, "D", out var rightId))
            {
                return Error.NotFound("booking.pages.error.unknown");
            }

            var found = await db.Set<BookingRight>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == rightId && r.ResidentId == residentId, ct);
            return found is null ? Error.Forbidden("booking.no_right") : FromRight(ScopeKind.Right, rightId.ToString("D"), found, now);
        }

        if (!string.IsNullOrEmpty(service))
        {
            service = service.Trim();
            if (service.Length > 60 || !await db.Set<Schedule>().AnyAsync(s => s.ServiceCode == service && s.OpenBooking && s.Active, ct))
            {
                return Error.Forbidden("booking.pages.error.not_open");
            }

            var horizon = await db.Set<Schedule>().Where(s => s.ServiceCode == service && s.OpenBooking && s.Active).MaxAsync(s => s.HorizonDays, ct);
            var municipality = (await people.FindResidentAsync(residentId, ct))?.HomeMunicipalityCode;
            return new BookingScope(ScopeKind.Service, service, service, municipality, null, now, now.AddDays(Math.Min(horizon, OpenHorizonDays) + 1), null);
        }

        return Error.Validation("booking.pages.error.no_scope", "service");
    }

    private static Result<BookingScope> FromRight(ScopeKind kind, string key, BookingRight right, DateTime now)
    {
        if (right.UsedByAppointmentId is not null)
        {
            return Error.Conflict("booking.pages.error.right_used");
        }

        if (right.UntilUtc <= now)
        {
            return Error.Conflict("booking.pages.error.right_expired");
        }

        return new BookingScope(kind, key, right.ServiceCode, right.MunicipalityCode, right.UnitId, right.FromUtc > now ? right.FromUtc : now, right.UntilUtc, right);
    }

    /// <summary>The scope an appointment was booked with, for "choose again" after a hold expired (null when its right is gone).</summary>
    public async Task<BookingScope?> ScopeOfAsync(Appointment a, CancellationToken ct)
    {
        if (a.BookingRightId is { } rightId)
        {
            var right = await db.Set<BookingRight>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == rightId, ct);
            if (right is null)
            {
                return null;
            }

            var now = time.GetUtcNow().UtcDateTime;
            return right.Source == BookingRightSource.Assessment && right.SourceId is { } response
                ? new BookingScope(ScopeKind.Assessment, response.ToString("D"), right.ServiceCode, right.MunicipalityCode, right.UnitId, now, right.UntilUtc, right)
                : new BookingScope(ScopeKind.Right, right.Id.ToString("D"), right.ServiceCode, right.MunicipalityCode, right.UnitId, now, right.UntilUtc, right);
        }

        var resolved = await ResolveAsync(a.ResidentId, null, null, a.ServiceCode, ct);
        return resolved.Value;
    }

    /// <summary>Free slots a resident may choose in the scope: not blocked, below capacity, outside the minimum notice, inside the window.</summary>
    public IQueryable<Slot> Free(BookingScope scope) => InScope(scope).Where(s => s.Taken < s.Capacity);

    /// <summary>Slots of the scope whether free or not (a slot chosen by link is checked against this; the hold decides whether it is free).</summary>
    public IQueryable<Slot> InScope(BookingScope scope)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var from = scope.FromUtc > now ? scope.FromUtc : now;
        var until = scope.UntilUtc;
        var query = db.Set<Slot>().AsNoTracking()
            .Where(s => s.ServiceCode == scope.ServiceCode && s.StartUtc > from && s.StartUtc <= until && !s.Blocked && s.ClosesUtc >= now);
        if (scope.OpenOnly)
        {
            query = query.Where(s => s.OpenBooking);
        }

        if (scope.MunicipalityCode is { } m)
        {
            var pattern = "%," + m + ",%";
            query = query.Where(s => s.ServedMunicipalities == "" || EF.Functions.Like(s.ServedMunicipalities, pattern));
        }

        if (scope.UnitId is { } unit)
        {
            query = query.Where(s => s.UnitId == unit);
        }

        return query;
    }

    /// <summary>Whether the slot is one the scope offers (window, place, municipality) — used for a slot chosen by link.</summary>
    public async Task<Slot?> InScopeAsync(BookingScope scope, Guid slotId, CancellationToken ct) =>
        await InScope(scope).FirstOrDefaultAsync(s => s.Id == slotId, ct);

    public async Task<IReadOnlyList<PlaceOption>> PlacesAsync(BookingScope scope, CancellationToken ct)
    {
        var rows = await Free(scope).Select(s => new { s.UnitId, s.Mode, s.StartUtc }).ToListAsync(ct);
        var groups = rows.GroupBy(r => (r.UnitId, r.Mode)).ToList();
        var info = (await units.GetAsync(groups.Select(g => g.Key.UnitId).Distinct(), ct)).ToDictionary(u => u.Id);
        return [.. groups
            .Select(g => new PlaceOption(g.Key.UnitId, g.Key.Mode, info.GetValueOrDefault(g.Key.UnitId), g.Count(), g.Min(r => r.StartUtc)))
            .OrderBy(p => p.Mode).ThenBy(p => p.FirstUtc)];
    }

    public async Task<IReadOnlyList<DayOption>> DaysAsync(BookingScope scope, Guid unitId, AppointmentMode mode, CancellationToken ct)
    {
        var starts = await Free(scope).Where(s => s.UnitId == unitId && s.Mode == mode).Select(s => s.StartUtc).ToListAsync(ct);
        return [.. starts.GroupBy(s => HelsinkiTime.LocalDate(Utc(s))).OrderBy(g => g.Key).Select(g => new DayOption(g.Key, g.Count()))];
    }

    public async Task<IReadOnlyList<Slot>> TimesAsync(BookingScope scope, Guid unitId, AppointmentMode mode, DateOnly day, CancellationToken ct)
    {
        var from = HelsinkiTime.ToInstant(day, TimeOnly.MinValue).UtcDateTime;
        var to = HelsinkiTime.ToInstant(day.AddDays(1), TimeOnly.MinValue).UtcDateTime;
        return await Free(scope).Where(s => s.UnitId == unitId && s.Mode == mode && s.StartUtc >= from && s.StartUtc < to)
            .OrderBy(s => s.StartUtc).ToListAsync(ct);
    }

    /// <summary>For "that time was just taken": the free slots nearest to the lost one that the scope still offers.</summary>
    public async Task<IReadOnlyList<Slot>> NearestAsync(BookingScope scope, Guid lostSlotId, BookingService booking, CancellationToken ct)
    {
        var lost = await db.Set<Slot>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == lostSlotId, ct);
        if (lost is null)
        {
            return [];
        }

        var near = await booking.NearestFreeAsync(lost, 12, ct);
        var ids = near.Select(s => s.Id).ToList();
        var offered = (await Free(scope).Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct)).ToHashSet();
        var result = near.Where(s => offered.Contains(s.Id)).Take(5).ToList();
        if (result.Count == 0)
        {
            // Nothing close at the same place: the soonest free times anywhere in the scope.
            result = await Free(scope).Where(s => s.Id != lostSlotId).OrderBy(s => s.StartUtc).Take(5).ToListAsync(ct);
        }

        return result;
    }

    public async Task<UnitInfo?> UnitAsync(Guid unitId, CancellationToken ct) => await AppointmentsApi.UnitAsync(units, unitId, ct);

    public async Task<IReadOnlyDictionary<Guid, UnitInfo>> UnitsAsync(IEnumerable<Guid> ids, CancellationToken ct) =>
        (await units.GetAsync(ids.Distinct(), ct)).ToDictionary(u => u.Id);

    public static DateTimeOffset Utc(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
