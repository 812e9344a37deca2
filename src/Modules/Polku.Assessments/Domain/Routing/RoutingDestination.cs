using Polku.Platform.Localization;

namespace Polku.Assessments.Domain.Routing;

/// <summary>What kind of place or action a routing row sends the resident to.</summary>
internal enum DestinationKind
{
    /// <summary>Call the emergency number 112.</summary>
    Call112,

    /// <summary>Go to a walk-in emergency department (päivystys); <see cref="RoutingDestination.Unit"/> names it.</summary>
    EmergencyDepartment,

    /// <summary>Leave a call-back request (takaisinsoittopyyntö) in a unit's queue.</summary>
    Callback,

    /// <summary>Send the result to a unit's work queue (työjono); a professional contacts the resident.</summary>
    WorkQueue,

    /// <summary>Start a chat in a unit's queue. Capacity-dependent: skipped unless the chat is open and not full.</summary>
    Chat,

    /// <summary>Book a slot of a service within the urgency window. Capacity-dependent: skipped when no slot is free.</summary>
    SelfBooking,

    /// <summary>Call a phone number.</summary>
    Phone,

    /// <summary>Open an external web address.</summary>
    ExternalLink,
}

/// <summary>
/// Where a routing row sends the resident, with instructions in Finnish, Swedish and English.
/// Which fields are required depends on <see cref="Kind"/> (checked by <see cref="RoutingTable.Validate"/>):
/// a unit for emergency department, call-back, work queue and chat; a service and a window in days
/// for self-booking; a phone number for phone; an absolute http(s) address for an external link.
/// </summary>
internal sealed record RoutingDestination(DestinationKind Kind, LocalizedText Instructions)
{
    /// <summary>Unit code (e.g. <c>hs-638</c>, <c>digi</c>, <c>ed-638</c>) of the queue, chat or emergency department.</summary>
    public string? Unit { get; init; }

    /// <summary>Service code whose slots are offered by a self-booking destination.</summary>
    public string? Service { get; init; }

    /// <summary>Phone number of a phone destination, as shown to the resident.</summary>
    public string? Phone { get; init; }

    /// <summary>Absolute address of an external link.</summary>
    public string? Url { get; init; }

    /// <summary>The urgency window of a self-booking destination: a slot must start within this many days.</summary>
    public int? WithinDays { get; init; }

    /// <summary>
    /// Whether the destination can be unavailable at the moment (chat closed or full, no free slot)
    /// and so can never be the only cover of a minute.
    /// </summary>
    public bool DependsOnCapacity => Kind is DestinationKind.Chat or DestinationKind.SelfBooking;
}
