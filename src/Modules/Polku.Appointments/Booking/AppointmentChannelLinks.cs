using Polku.Appointments.Contracts;
using Polku.Region.Contracts;

namespace Polku.Appointments.Booking;

/// <summary>
/// The service directory's built-in self-booking and remote-appointment channels start in Polku's own booking pages:
/// a remote (video or phone) appointment is one of the places offered there. Where a service needs an assessment
/// first, the booking page says so and links to the assessments.
/// </summary>
internal sealed class AppointmentChannelLinks : IBuiltInChannelLinks
{
    public string? LinkFor(string channelKind, string serviceCode, string? municipalityCode) =>
        channelKind is "SelfBooking" or "RemoteAppointment" ? AppointmentsRoutes.BookForService(serviceCode, municipalityCode) : null;
}
