namespace Polku.Appointments.Data;

/// <summary>How the resident meets the professional.</summary>
internal enum AppointmentMode
{
    /// <summary>Vastaanotolla — at the unit.</summary>
    InPerson,

    /// <summary>Etävastaanotto — a video room.</summary>
    Video,

    /// <summary>Puhelinaika — the professional calls the resident.</summary>
    Phone,
}

/// <summary>
/// Ajanvarauskalenteri — a bookable schedule of a unit, optionally of one professional or room, for one service
/// and mode: weekly pattern, slot length, buffers, capacity, notice and horizon, exceptions.
/// </summary>
internal sealed class Schedule
{
    public Guid Id { get; set; }
    public Guid UnitId { get; set; }

    /// <summary>The unit's code (e.g. <c>hs-638</c>), kept for display and queries without a join to the region.</summary>
    public string UnitCode { get; set; } = "";

    /// <summary>The professional whose calendar this is; null for a unit-level schedule.</summary>
    public Guid? StaffId { get; set; }

    /// <summary>A room or other resource, free text (e.g. "Huone 12").</summary>
    public string? Resource { get; set; }
    public string ServiceCode { get; set; } = "";
    public AppointmentMode Mode { get; set; }

    /// <summary>Weekly bookable hours, e.g. <c>Mon-Fri 08:00-11:30; Mon,Wed 12:30-15:00</c> (Helsinki wall clock).</summary>
    public string Pattern { get; set; } = "";
    public int SlotMinutes { get; set; }
    public int BufferBeforeMinutes { get; set; }
    public int BufferAfterMinutes { get; set; }

    /// <summary>Residents per slot: 1, or more for group sessions.</summary>
    public int Capacity { get; set; } = 1;

    /// <summary>Self-booking closes this many minutes before a slot starts.</summary>
    public int MinNoticeMinutes { get; set; }

    /// <summary>How many days ahead slots are open.</summary>
    public int HorizonDays { get; set; }

    /// <summary>Self-service cancel and reschedule close this many hours before the start (default 24).</summary>
    public int CancelNoticeHours { get; set; } = 24;

    /// <summary>Anyone may book without a booking right (e.g. vaccinations, laboratory).</summary>
    public bool OpenBooking { get; set; }

    /// <summary>Open on public holidays as on ordinary days; otherwise holidays are closed.</summary>
    public bool OpenOnHolidays { get; set; }

    /// <summary>Closed dates and extra hours, e.g. <c>2026-12-08 closed; 2026-12-12 09:00-12:00</c>.</summary>
    public string Exceptions { get; set; } = "";

    /// <summary>Municipalities whose residents this schedule serves (comma-separated codes); empty for the whole county.</summary>
    public string ServedMunicipalities { get; set; } = "";

    public bool Active { get; set; } = true;

    /// <summary>Slots exist up to and including this Helsinki date.</summary>
    public DateOnly? MaterializedThrough { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public int Version { get; set; }
}

/// <summary>
/// Aika — one concrete bookable interval of a schedule. <see cref="Taken"/> counts holds and bookings; the
/// database only ever raises it with a conditional update (<c>taken &lt; capacity</c>), so a slot is never
/// over-booked whatever the number of tabs, residents or nodes.
/// </summary>
internal sealed class Slot
{
    public Guid Id { get; set; }
    public Guid ScheduleId { get; set; }
    public Guid UnitId { get; set; }
    public Guid? StaffId { get; set; }
    public string ServiceCode { get; set; } = "";
    public AppointmentMode Mode { get; set; }

    /// <summary>Copied from the schedule: empty for the whole county, else <c>,638,018,</c> (leading and trailing commas for a LIKE match).</summary>
    public string ServedMunicipalities { get; set; } = "";
    public DateTime StartUtc { get; set; }
    public DateTime EndUtc { get; set; }

    /// <summary>Self-booking closes here: the start less the schedule's minimum notice.</summary>
    public DateTime ClosesUtc { get; set; }
    public int Capacity { get; set; }
    public int Taken { get; set; }
    public bool OpenBooking { get; set; }

    /// <summary>Blocked by a professional (training, meeting); a blocked slot is not offered.</summary>
    public bool Blocked { get; set; }
    public string? BlockReason { get; set; }
    public int Version { get; set; }
}

/// <summary>Where an appointment is in its life.</summary>
internal enum AppointmentStatus
{
    /// <summary>A slot held while the resident confirms; expires by itself.</summary>
    Held,
    Booked,
    CheckedIn,
    InProgress,
    Completed,
    Cancelled,
    NoShow,

    /// <summary>A hold that was never confirmed.</summary>
    Expired,
}

/// <summary>Who did something to an appointment.</summary>
internal enum ActorKind
{
    Resident,
    Guardian,
    Professional,
    System,
}

/// <summary>Vastaanottoaika — a resident's appointment in a slot.</summary>
internal sealed class Appointment
{
    public Guid Id { get; set; }
    public Guid SlotId { get; set; }
    public Guid ResidentId { get; set; }
    public Guid ScheduleId { get; set; }
    public Guid UnitId { get; set; }
    public Guid? StaffId { get; set; }
    public string ServiceCode { get; set; } = "";
    public AppointmentMode Mode { get; set; }
    public DateTime StartUtc { get; set; }
    public DateTime EndUtc { get; set; }
    public AppointmentStatus Status { get; set; }
    public DateTime? HoldUntilUtc { get; set; }

    /// <summary>Who booked: the resident, a guardian, or a professional on the resident's behalf.</summary>
    public ActorKind BookedByKind { get; set; }
    public Guid? BookedById { get; set; }

    /// <summary>The channel of the booking for service events: <c>self-booking</c>, <c>on-behalf</c>, <c>api</c>.</summary>
    public string Channel { get; set; } = "";
    public Guid? BookingRightId { get; set; }

    /// <summary>A professional booked without the resident's booking right, and why.</summary>
    public string? OverrideReason { get; set; }

    public ActorKind? CancelledByKind { get; set; }
    public Guid? CancelledById { get; set; }
    public string? CancelReason { get; set; }

    /// <summary>The appointment this one replaced when the resident rescheduled.</summary>
    public Guid? RescheduledFromId { get; set; }

    /// <summary>The professional's outcome when completed (free text without diagnosis codes).</summary>
    public string? Outcome { get; set; }

    /// <summary>The video room of a remote appointment (provider's room id).</summary>
    public string? VideoRoomId { get; set; }

    /// <summary>A short note from the professional to the waiting resident ("running 10 minutes late").</summary>
    public string? WaitingNote { get; set; }
    public string Language { get; set; } = "fi";
    public DateTime CreatedUtc { get; set; }
    public DateTime? BookedUtc { get; set; }
    public DateTime? CheckedInUtc { get; set; }
    public DateTime? StartedUtc { get; set; }
    public DateTime? CompletedUtc { get; set; }
    public DateTime? CancelledUtc { get; set; }
    public DateTime? ReminderSentUtc { get; set; }
    public int Version { get; set; }
}

/// <summary>One entry of an appointment's history: booked, moved, checked in, cancelled …</summary>
internal sealed class AppointmentChange
{
    public Guid Id { get; set; }
    public Guid AppointmentId { get; set; }
    public DateTime AtUtc { get; set; }
    public string Kind { get; set; } = "";
    public ActorKind ByKind { get; set; }
    public Guid? ById { get; set; }
    public string? Detail { get; set; }
}

/// <summary>Where a booking right comes from.</summary>
internal enum BookingRightSource
{
    /// <summary>An assessment's outcome routed the resident to self-booking.</summary>
    Assessment,

    /// <summary>A professional invited the resident to book (a link in a secure message).</summary>
    Invitation,
}

/// <summary>Ajanvarausoikeus — the resident may book one appointment of a service until a latest date.</summary>
internal sealed class BookingRight
{
    public Guid Id { get; set; }
    public Guid ResidentId { get; set; }
    public string ServiceCode { get; set; } = "";

    /// <summary>Residents of this municipality's units (or county-wide units) may be booked; null for any.</summary>
    public string? MunicipalityCode { get; set; }

    /// <summary>Only this unit, when the inviting professional chose one.</summary>
    public Guid? UnitId { get; set; }
    public BookingRightSource Source { get; set; }

    /// <summary>The assessment response or the inviting task.</summary>
    public Guid? SourceId { get; set; }

    /// <summary>Urgency class of an assessment right (P2 … L2), for display.</summary>
    public string? Urgency { get; set; }
    public DateTime FromUtc { get; set; }

    /// <summary>The latest start of a bookable slot.</summary>
    public DateTime UntilUtc { get; set; }
    public Guid? GrantedById { get; set; }

    /// <summary>The desk task "invitation to book" completed when the resident books.</summary>
    public Guid? TaskId { get; set; }
    public Guid? UsedByAppointmentId { get; set; }
    public DateTime CreatedUtc { get; set; }
}

/// <summary>State of a waitlist entry.</summary>
internal enum WaitlistState
{
    Waiting,
    Offered,
    Accepted,
    Cancelled,
    Expired,
}

/// <summary>Jonotus aikaisempaan aikaan — a resident with an appointment who wants an earlier one.</summary>
internal sealed class WaitlistEntry
{
    public Guid Id { get; set; }
    public Guid ResidentId { get; set; }
    public Guid AppointmentId { get; set; }
    public Guid ScheduleId { get; set; }
    public WaitlistState State { get; set; }

    /// <summary>The freed slot held for this resident while the offer is open.</summary>
    public Guid? OfferedSlotId { get; set; }
    public DateTime? OfferUntilUtc { get; set; }
    public DateTime CreatedUtc { get; set; }
    public int Version { get; set; }
}

/// <summary>The secret of a professional's read-only iCalendar feed.</summary>
internal sealed class CalendarFeed
{
    public Guid StaffId { get; set; }
    public string Token { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
}
