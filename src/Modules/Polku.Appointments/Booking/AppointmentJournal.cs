using Polku.Appointments.Data;
using Polku.Identity.Contracts;
using Polku.Platform.Journal;

namespace Polku.Appointments.Booking;

/// <summary>
/// The service events of appointments (spec 05), each with the resident's home municipality — so every appointment
/// KPI can be split by municipality — and the contact kind "other" (an appointment is other contact and care, not a
/// first-line contact). The municipality is looked up once per resident per request.
/// </summary>
internal sealed class AppointmentJournal(ServiceJournal journal, IPeopleDirectory people)
{
    private readonly Dictionary<Guid, string?> _municipalities = [];

    public async Task<ServiceEvent> RecordAsync(
        string type, Appointment appointment, string channel, bool digital, CancellationToken ct, string? outcome = null, string? detail = null,
        int? waitingSeconds = null, int? handlingSeconds = null, Guid? residentId = null, string? serviceCode = null, Guid? unitId = null)
    {
        var resident = residentId ?? appointment.ResidentId;
        if (!_municipalities.TryGetValue(resident, out var municipality))
        {
            municipality = (await people.FindResidentAsync(resident, ct))?.HomeMunicipalityCode;
            _municipalities[resident] = municipality;
        }

        return journal.Record(type, channel, digital, resident, municipality, serviceCode ?? appointment.ServiceCode, unitId ?? appointment.UnitId,
            contactKind: "other", outcome: outcome, detail: detail, waitingSeconds: waitingSeconds, handlingSeconds: handlingSeconds);
    }
}
