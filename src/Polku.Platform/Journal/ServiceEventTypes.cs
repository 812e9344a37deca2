namespace Polku.Platform.Journal;

/// <summary>What a service event carries besides when, type and channel (spec 05 "Service-event journal").</summary>
[Flags]
public enum EventFields
{
    None = 0,

    /// <summary>The resident's municipality (every KPI is split by it).</summary>
    Municipality = 1,

    /// <summary>The unit that handled it.</summary>
    Unit = 2,

    /// <summary>The service it concerns.</summary>
    Service = 4,

    /// <summary>The pseudonymous resident key, when the resident is known.</summary>
    Resident = 8,

    /// <summary>The outcome (urgency, destination, status, score …).</summary>
    Outcome = 16,

    /// <summary>Waiting seconds (e.g. from created to claimed).</summary>
    Waiting = 32,

    /// <summary>Handling seconds (e.g. from claimed to done).</summary>
    Handling = 64,
}

/// <summary>
/// Every service event type Polku writes, with the fields the control tower relies on it to carry when the transaction
/// has them (an anonymous assessment has no resident; a chat before handover no unit). The journal refuses a type that
/// is not listed here and a contact kind other than <c>first-line</c> or <c>other</c>; the catalogue test checks that the
/// list and the code agree, and the flow tests check the fields. docs/architecture.md "Service events" explains them.
/// </summary>
public static class ServiceEventTypes
{
    private const EventFields Where = EventFields.Municipality | EventFields.Service;

    public static IReadOnlyDictionary<string, EventFields> All { get; } = new Dictionary<string, EventFields>(StringComparer.Ordinal)
    {
        ["channel.followed"] = Where,
        ["assessment.started"] = EventFields.Municipality | EventFields.Resident,
        ["assessment.completed"] = Where | EventFields.Resident | EventFields.Outcome,
        ["assessment.routed"] = Where | EventFields.Resident | EventFields.Outcome,
        ["assessment.claimed"] = Where | EventFields.Resident | EventFields.Outcome,
        ["assessment.sent"] = Where | EventFields.Resident | EventFields.Outcome,
        ["task.created"] = Where | EventFields.Unit | EventFields.Resident | EventFields.Outcome,
        ["task.claimed"] = Where | EventFields.Unit | EventFields.Outcome | EventFields.Waiting,
        ["task.transferred"] = Where | EventFields.Unit | EventFields.Resident | EventFields.Outcome,
        ["task.completed"] = Where | EventFields.Unit | EventFields.Resident | EventFields.Outcome | EventFields.Waiting | EventFields.Handling,
        ["message.sent"] = Where | EventFields.Resident,
        ["callback.requested"] = Where | EventFields.Resident,
        ["callback.completed"] = Where | EventFields.Resident | EventFields.Outcome,
        ["chat.offered"] = EventFields.Municipality,
        ["chat.bot_answered"] = EventFields.Outcome,
        ["chat.handed_over"] = EventFields.Municipality | EventFields.Unit,
        ["chat.started"] = EventFields.Municipality | EventFields.Unit | EventFields.Waiting,
        ["chat.transferred"] = EventFields.Municipality | EventFields.Unit,
        ["chat.ended"] = EventFields.Municipality | EventFields.Unit | EventFields.Outcome | EventFields.Waiting | EventFields.Handling,
        ["chat.abandoned"] = EventFields.Municipality | EventFields.Waiting,
        ["appointment.booked"] = Where | EventFields.Unit | EventFields.Resident | EventFields.Outcome,
        ["appointment.cancelled"] = Where | EventFields.Unit | EventFields.Resident | EventFields.Outcome,
        ["appointment.rescheduled"] = Where | EventFields.Unit | EventFields.Resident | EventFields.Outcome,
        ["appointment.waitlist.offered"] = Where | EventFields.Unit | EventFields.Resident,
        ["appointment.waitlist.accepted"] = Where | EventFields.Unit | EventFields.Resident,
        ["appointment.checked-in"] = Where | EventFields.Unit | EventFields.Resident,
        ["appointment.admitted"] = Where | EventFields.Unit | EventFields.Resident | EventFields.Waiting,
        ["appointment.completed"] = Where | EventFields.Unit | EventFields.Resident | EventFields.Outcome,
        ["appointment.no-show"] = Where | EventFields.Unit | EventFields.Resident,
        ["form.submitted"] = Where | EventFields.Unit | EventFields.Resident | EventFields.Outcome,
        ["form.status_changed"] = Where | EventFields.Resident | EventFields.Outcome,
        ["form.completed"] = Where | EventFields.Resident | EventFields.Outcome | EventFields.Handling,
        ["followup.enrolled"] = Where | EventFields.Resident,
        ["followup.measurement"] = Where | EventFields.Resident | EventFields.Outcome,
        ["followup.alert"] = Where | EventFields.Unit | EventFields.Resident,
        ["followup.ended"] = Where | EventFields.Resident,
        ["followup.extended"] = Where | EventFields.Resident,
        ["feedback.given"] = Where | EventFields.Outcome,
    };

    /// <summary>The two kinds of contact the KPIs count: first-line contacts, and other contact and care.</summary>
    public static IReadOnlySet<string> ContactKinds { get; } = new HashSet<string>(StringComparer.Ordinal) { "first-line", "other" };

    /// <summary>The listed fields the event does not carry.</summary>
    public static EventFields Missing(ServiceEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var expected = All.GetValueOrDefault(e.Type);
        var present = (e.MunicipalityCode is null ? 0 : EventFields.Municipality) | (e.UnitId is null ? 0 : EventFields.Unit)
            | (e.ServiceCode is null ? 0 : EventFields.Service) | (e.ResidentKey is null ? 0 : EventFields.Resident)
            | (e.Outcome is null ? 0 : EventFields.Outcome) | (e.WaitingSeconds is null ? 0 : EventFields.Waiting)
            | (e.HandlingSeconds is null ? 0 : EventFields.Handling);
        return expected & ~present;
    }
}
