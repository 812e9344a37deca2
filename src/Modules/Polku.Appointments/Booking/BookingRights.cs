using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Data;
using Polku.Assessments.Contracts;
using Polku.Platform.Persistence;
using Polku.Platform.Results;

namespace Polku.Appointments.Booking;

/// <summary>
/// Ajanvarausoikeudet — who may book what and by when: from an assessment's outcome (service and the latest date
/// of its urgency class), from a professional's invitation, or open for services whose schedules say so.
/// </summary>
internal sealed class BookingRights(PolkuDb db, UnitOfWork unit, TimeProvider time, IAssessmentResults assessments)
{
    /// <summary>The resident's unused right that covers the slot (service, place, time window), soonest ending first.</summary>
    public async Task<BookingRight?> FindUsableAsync(Guid residentId, Slot slot, CancellationToken ct)
    {
        var candidates = await db.Set<BookingRight>().AsNoTracking()
            .Where(r => r.ResidentId == residentId && r.ServiceCode == slot.ServiceCode && r.UsedByAppointmentId == null
                && r.FromUtc <= slot.StartUtc && r.UntilUtc >= slot.StartUtc && (r.UnitId == null || r.UnitId == slot.UnitId))
            .OrderBy(r => r.UntilUtc)
            .ToListAsync(ct);
        if (candidates.FirstOrDefault(r => Covers(r.MunicipalityCode, slot.ServedMunicipalities)) is { } stored)
        {
            return stored;
        }

        // A self-booking assessment result grants its right on first use, also when the resident books through the API.
        var since = time.GetUtcNow().UtcDateTime.AddDays(-MaxAssessmentWindowDays);
        foreach (var basis in await assessments.RecentBookingBasesAsync(residentId, since, ct))
        {
            if (basis.ServiceCode == slot.ServiceCode && basis.CompletedUtc <= slot.StartUtc && basis.LatestUtc >= slot.StartUtc
                && Covers(basis.MunicipalityCode, slot.ServedMunicipalities)
                && !await db.Set<BookingRight>().AnyAsync(r => r.Source == BookingRightSource.Assessment && r.SourceId == basis.ResponseId, ct)
                && (await FromAssessmentAsync(basis.ResponseId, residentId, ct)).Value is { } granted)
            {
                return granted;
            }
        }

        return null;
    }

    /// <summary>The longest booking window an assessment grants (care guarantee class L2).</summary>
    public const int MaxAssessmentWindowDays = 14;

    /// <summary>Whether a slot served to <paramref name="served"/> (empty: county-wide) is for residents of <paramref name="municipality"/>.</summary>
    public static bool Covers(string? municipality, string served) =>
        municipality is null || served.Length == 0 || served.Contains("," + municipality + ",", StringComparison.Ordinal);

    /// <summary>The resident's rights that can still be used.</summary>
    public async Task<IReadOnlyList<BookingRight>> ActiveAsync(Guid residentId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return await db.Set<BookingRight>().AsNoTracking()
            .Where(r => r.ResidentId == residentId && r.UsedByAppointmentId == null && r.UntilUtc > now)
            .OrderBy(r => r.UntilUtc)
            .ToListAsync(ct);
    }

    /// <summary>
    /// The right granted by the resident's assessment result (created on first use; the same result never grants two).
    /// Fails when the result is not the resident's or did not route to self-booking.
    /// </summary>
    public Task<Result<BookingRight>> FromAssessmentAsync(Guid responseId, Guid residentId, CancellationToken ct) =>
        unit.RunAsync(c => FromAssessmentInUnitAsync(responseId, residentId, c), ct);

    private async Task<Result<BookingRight>> FromAssessmentInUnitAsync(Guid responseId, Guid residentId, CancellationToken ct)
    {
        var existing = await db.Set<BookingRight>().AsNoTracking()
            .FirstOrDefaultAsync(r => r.Source == BookingRightSource.Assessment && r.SourceId == responseId, ct);
        if (existing is not null)
        {
            return existing.ResidentId == residentId ? existing : Error.Forbidden("booking.no_right");
        }

        var basis = await assessments.FindBookingBasisAsync(responseId, ct);
        if (basis is null || basis.ResidentId != residentId)
        {
            return Error.Forbidden("booking.no_right");
        }

        var right = new BookingRight
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            ResidentId = residentId,
            ServiceCode = basis.ServiceCode,
            MunicipalityCode = basis.MunicipalityCode,
            Source = BookingRightSource.Assessment,
            SourceId = responseId,
            Urgency = basis.Urgency.Code(),
            FromUtc = basis.CompletedUtc,
            UntilUtc = basis.LatestUtc,
            CreatedUtc = time.GetUtcNow().UtcDateTime,
        };
        db.Set<BookingRight>().Add(right);
        try
        {
            // Flushed here (EF keeps a savepoint around it in the unit) so that a concurrent first use is caught and
            // its right read in this same unit.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.Entry(right).State = EntityState.Detached;
            var winner = await db.Set<BookingRight>().AsNoTracking().FirstAsync(r => r.Source == BookingRightSource.Assessment && r.SourceId == responseId, ct);
            return winner.ResidentId == residentId ? winner : Error.Forbidden("booking.no_right");
        }

        return right;
    }

    /// <summary>Marks the right used by the appointment (inside the booking's transaction).</summary>
    public async Task MarkUsedAsync(Guid rightId, Guid appointmentId, CancellationToken ct) =>
        await db.Set<BookingRight>().Where(r => r.Id == rightId && r.UsedByAppointmentId == null)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.UsedByAppointmentId, appointmentId), ct);

    /// <summary>A cancelled appointment gives its right back, so the resident can book again within the window.</summary>
    public async Task ReleaseAsync(Guid appointmentId, CancellationToken ct) =>
        await db.Set<BookingRight>().Where(r => r.UsedByAppointmentId == appointmentId)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.UsedByAppointmentId, (Guid?)null), ct);

    /// <summary>A moved appointment keeps the right it was booked with.</summary>
    public async Task MoveAsync(Guid fromAppointmentId, Guid toAppointmentId, CancellationToken ct) =>
        await db.Set<BookingRight>().Where(r => r.UsedByAppointmentId == fromAppointmentId)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.UsedByAppointmentId, toAppointmentId), ct);
}
