namespace Polku.ServiceManagement.Contracts;

/// <summary>
/// The service-management pages (spec 06): staff pages for the service manager and the service desk under
/// <c>/service</c>, and the public status page with the disruption notices.
/// </summary>
public static class ServiceManagementRoutes
{
    /// <summary>The service desk's overview: services, open tickets, live SLA warnings, current outages.</summary>
    public const string Overview = "/service/desk";

    public const string Catalogue = "/service/catalogue";
    public const string Tickets = "/service/tickets";
    public const string Monitoring = "/service/monitoring";
    public const string Availability = "/service/availability";
    public const string Reports = "/service/reports";
    public const string Notices = "/service/notices";
    public const string Knowledge = "/service/knowledge";
    public const string Changes = "/service/changes";
    public const string Problems = "/service/problems";

    /// <summary>Any member of staff: the problems and requests they have reported to the service desk, and a new one.</summary>
    public const string MyRequests = "/service-requests";

    public static string MyRequest(string number) => $"{MyRequests}/{Uri.EscapeDataString(number)}";

    /// <summary>The reporter rates how their resolved ticket was handled (1–5).</summary>
    public static string MyRequestRating(string number) => $"{MyRequest(number)}/rating";

    /// <summary>The service manager's priority matrix (impact × urgency) with its history of changes.</summary>
    public const string PriorityMatrix = "/service/priority-matrix";

    /// <summary>The public status page: current and planned disruptions in fi/sv/en.</summary>
    public const string Status = "/status";

    public const string NewTicket = "/service/tickets/new";

    public static string Ticket(string number) => $"{Tickets}/{Uri.EscapeDataString(number)}";

    /// <summary>
    /// The download of a ticket attachment: the service desk any, a ticket's reporter those visible to them, anyone else
    /// none (404).
    /// </summary>
    public static string Attachment(Guid id) => $"/service/attachments/{id:D}";
}
