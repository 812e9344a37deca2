using Polku.Appointments.Contracts;
using Polku.Region.Contracts;

namespace Polku.Appointments.Booking;

/// <summary>The service directory's built-in self-booking channels start in Polku's own booking pages.</summary>
internal sealed class AppointmentChannelLinks : IBuiltInChannelLinks
{
    public string? LinkFor(string channelKind, string serviceCode, string? municipalityCode) =>
        channelKind == "SelfBooking" ? AppointmentsRoutes.BookForService(serviceCode, municipalityCode) : null;
}
