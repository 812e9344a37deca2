namespace Polku.Appointments.Contracts;

/// <summary>
/// Addresses of the Appointments module's pages that other modules, the host and the module's own links handed
/// outside (messages, the service directory, the coordinator's administration) use (see
/// <c>Polku.Region.Contracts.RegionRoutes</c> for the rule).
/// </summary>
public static class AppointmentsRoutes
{
    /// <summary>The resident's appointments: upcoming and past, with cancel, reschedule and join.</summary>
    public const string MyAppointments = "/me/appointments";

    /// <summary>Self-booking; opened with a scope (<see cref="BookForService"/>, <see cref="BookFromAssessment"/>, <see cref="BookWithRight"/>).</summary>
    public const string Book = "/appointments/book";

    /// <summary>The professional's appointment calendar.</summary>
    public const string DeskCalendar = "/desk/appointments";

    /// <summary>The coordinator's appointment schedules.</summary>
    public const string AdminSchedules = "/admin/schedules";

    /// <summary>Self-booking of a service, for residents of the municipality when one is given.</summary>
    public static string BookForService(string serviceCode, string? municipalityCode = null)
    {
        ArgumentNullException.ThrowIfNull(serviceCode);
        return Book + "?service=" + Uri.EscapeDataString(serviceCode)
            + (municipalityCode is null ? "" : "&municipality=" + Uri.EscapeDataString(municipalityCode));
    }

    /// <summary>Self-booking from a stored assessment result, optionally with a slot already chosen.</summary>
    public static string BookFromAssessment(Guid responseId, Guid? slotId = null) =>
        Book + "?assessment=" + responseId.ToString("D") + (slotId is { } s ? "&slot=" + s.ToString("D") : "");

    /// <summary>Self-booking with a booking right a professional's invitation granted.</summary>
    public static string BookWithRight(Guid rightId) => Book + "?right=" + rightId.ToString("D");

    /// <summary>Booking on a resident's behalf from a task on the desk.</summary>
    public static string DeskBookFor(Guid residentId, Guid taskId) =>
        DeskCalendar + "/book?resident=" + residentId.ToString("D") + "&task=" + taskId.ToString("D");

    /// <summary>One appointment on the professional's side: details, history and actions.</summary>
    public static string DeskAppointment(Guid appointmentId) => DeskCalendar + "/" + appointmentId.ToString("D");

    /// <summary>Inviting the resident of a task to book (a booking right and a secure message).</summary>
    public static string DeskInvite(Guid taskId) => DeskCalendar + "/invite?task=" + taskId.ToString("D");
}
