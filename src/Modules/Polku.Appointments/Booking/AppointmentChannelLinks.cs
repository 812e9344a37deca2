using Polku.Region.Contracts;

namespace Polku.Appointments.Booking;

/// <summary>The service directory's built-in self-booking channels start in Polku's own booking pages.</summary>
internal sealed class AppointmentChannelLinks : IBuiltInChannelLinks
{
    public string? LinkFor(string channelKind, string serviceCode, string? municipalityCode) =>
        channelKind == "SelfBooking"
            ? "/appointments/book?service=" + Uri.EscapeDataString(serviceCode) + (municipalityCode is null ? "" : "&municipality=" + Uri.EscapeDataString(municipalityCode))
            : null;
}
