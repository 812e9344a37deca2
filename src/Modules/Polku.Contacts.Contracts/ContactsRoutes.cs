namespace Polku.Contacts.Contracts;

/// <summary>
/// Addresses of the Contacts module's pages that other modules and the host link to (see
/// <c>Polku.Region.Contracts.RegionRoutes</c> for the rule).
/// </summary>
public static class ContactsRoutes
{
    /// <summary>The professional's desk (situational picture).</summary>
    public const string Desk = "/desk";

    /// <summary>The resident's cases and their status.</summary>
    public const string MyCases = "/me/cases";

    /// <summary>The resident's call-back requests.</summary>
    public const string MyCallbacks = "/me/callbacks";

    /// <summary>The resident's message threads.</summary>
    public const string MyMessages = "/me/messages";

    /// <summary>Chat: the bot first, then a professional.</summary>
    public const string Chat = "/chat";

    /// <summary>The chat page for a resident of the municipality (its queues offered first).</summary>
    public static string ChatIn(string? municipalityCode) =>
        municipalityCode is { Length: > 0 } ? Chat + "?municipality=" + Uri.EscapeDataString(municipalityCode) : Chat;

    /// <summary>The resident's chat transcripts.</summary>
    public const string MyChats = "/me/chats";

    /// <summary>The professional's chats: staffing, waiting chats and one's own.</summary>
    public const string DeskChats = "/desk/chats";

    /// <summary>The short survey after a transaction (kind: assessment, appointment, chat, message).</summary>
    public static string Feedback(string kind, Guid id)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return $"/feedback/{Uri.EscapeDataString(kind)}/{id:D}";
    }

    /// <summary>A message thread as the professional reads it.</summary>
    public static string DeskThread(Guid threadId) => $"{Desk}/threads/{threadId:D}";

    /// <summary>A message thread as the resident reads it.</summary>
    public static string MyThread(Guid threadId) => $"{MyMessages}/{threadId:D}";

    /// <summary>One resident's cases on the desk (care relationship, or flagged emergency access).</summary>
    public static string DeskResident(Guid residentId) => $"{Desk}/residents/{residentId:D}";

    /// <summary>One resident's timeline across services on the desk (care relationship, or flagged emergency access).</summary>
    public static string DeskResidentTimeline(Guid residentId) => $"{DeskResident(residentId)}/timeline";

    /// <summary>A task on the desk.</summary>
    public static string DeskTask(Guid taskId) => $"{Desk}/tasks/{taskId:D}";

    /// <summary>The form for a new message about a service.</summary>
    public static string NewMessage(string serviceCode)
    {
        ArgumentNullException.ThrowIfNull(serviceCode);
        return MyMessages + "/new?service=" + Uri.EscapeDataString(serviceCode);
    }

    /// <summary>The form for a new call-back request about a service.</summary>
    public static string NewCallback(string serviceCode)
    {
        ArgumentNullException.ThrowIfNull(serviceCode);
        return MyCallbacks + "/new?service=" + Uri.EscapeDataString(serviceCode);
    }

    /// <summary>The resident's follow-up plans (etäseuranta).</summary>
    public const string MyFollowUp = "/me/follow-up";

    /// <summary>One of the resident's follow-up plans: record a measurement, see the chart.</summary>
    public static string MyFollowUpPlan(Guid planId) => $"{MyFollowUp}/{planId:D}";

    /// <summary>A follow-up plan on the desk: chart, table, missed measurements, end or extend.</summary>
    public static string DeskFollowUp(Guid planId) => $"{Desk}/follow-up/{planId:D}";

    /// <summary>Enrolment in a follow-up plan from a task: the task's resident, its queue gets the alerts.</summary>
    public static string DeskFollowUpEnrolFromTask(Guid taskId) => $"{Desk}/follow-up/enrol?task={taskId:D}";

    /// <summary>Enrolment in a follow-up plan from an appointment: its resident, the unit's queue gets the alerts.</summary>
    public static string DeskFollowUpEnrolFor(Guid residentId, Guid unitId, string? serviceCode) =>
        $"{Desk}/follow-up/enrol?resident={residentId:D}&unit={unitId:D}"
        + (serviceCode is { Length: > 0 } ? "&service=" + Uri.EscapeDataString(serviceCode) : "");

    /// <summary>The coordinator's work queues: list with filters and member counts.</summary>
    public const string AdminQueues = "/admin/queues";

    /// <summary>The form for a new work queue.</summary>
    public const string AdminQueueNew = AdminQueues + "/new";

    /// <summary>A work queue's settings (by its code, which never changes once the queue exists).</summary>
    public static string AdminQueue(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return AdminQueues + "/" + Uri.EscapeDataString(code);
    }

    /// <summary>A work queue's members: list, add, remove.</summary>
    public static string AdminQueueMembers(string code) => AdminQueue(code) + "/members";
}
