namespace Polku.Appointments.Contracts;

/// <summary>
/// Free self-booking capacity, answered by the appointments module. Routing asks it before offering a self-booking
/// destination: without a free slot inside the urgency window the next routing row applies.
/// </summary>
public interface ISlotAvailability
{
    /// <summary>Whether a slot of <paramref name="serviceCode"/> for residents of <paramref name="municipalityCode"/> is free and bookable, starting in [<paramref name="from"/>, <paramref name="until"/>).</summary>
    Task<bool> HasFreeSlotAsync(string serviceCode, string municipalityCode, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>The first free bookable slots (at most <paramref name="count"/>) in the window, soonest first.</summary>
    Task<IReadOnlyList<OfferedSlot>> FirstFreeAsync(string serviceCode, string municipalityCode, DateTimeOffset from, DateTimeOffset until, int count, CancellationToken cancellationToken = default);

    /// <summary>Where the resident books from a stored assessment result (a page of the appointments module), optionally a chosen slot.</summary>
    string BookingUrl(Guid responseId, Guid? slotId = null);
}

/// <summary>A free slot as routing shows it: when, how (<c>InPerson</c>, <c>Video</c>, <c>Phone</c>) and the unit's code.</summary>
public sealed record OfferedSlot(Guid SlotId, DateTimeOffset Start, DateTimeOffset End, string Mode, string UnitCode);
