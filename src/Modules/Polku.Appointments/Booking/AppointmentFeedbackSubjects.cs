using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Data;
using Polku.Contacts.Contracts;
using Polku.Platform.Persistence;

namespace Polku.Appointments.Booking;

/// <summary>A completed appointment of the resident (or of a ward the guardian acts for).</summary>
internal sealed class AppointmentFeedbackSubjects(PolkuDb db, Polku.Region.Contracts.IUnitDirectory units) : IFeedbackSubjects
{
    public string Kind => "appointment";

    public async Task<FeedbackSubject?> FindAsync(Guid id, FeedbackCaller caller, CancellationToken cancellationToken = default)
    {
        if (caller.ResidentId is not { } resident)
        {
            return null;
        }

        var a = await db.Set<Appointment>().AsNoTracking()
            .FirstOrDefaultAsync(x => x.Id == id && x.ResidentId == resident && x.Status == AppointmentStatus.Completed, cancellationToken);
        if (a is null)
        {
            return null;
        }

        // The municipality of the unit that gave the appointment.
        var found = await units.GetAsync([a.UnitId], cancellationToken);
        var unit = found.Count > 0 ? found[0] : null;
        return new FeedbackSubject(Kind, a.Id, resident, a.ServiceCode, "appointment", a.Mode == AppointmentMode.Video ? "remote-appointment" : "appointment",
            unit?.MunicipalityCode, a.UnitId);
    }
}
