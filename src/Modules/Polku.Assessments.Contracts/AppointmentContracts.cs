namespace Polku.Assessments.Contracts;

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

/// <summary>What an assessment result entitles its resident to book: a service, in their municipality, until a latest start.</summary>
public sealed record AssessmentBookingBasis(
    Guid ResponseId, Guid ResidentId, string ServiceCode, string? MunicipalityCode, Urgency Urgency, DateTime CompletedUtc, DateTime LatestUtc);

/// <summary>Stored assessment results as the appointments module may see them.</summary>
public interface IAssessmentResults
{
    /// <summary>The booking basis of a result that routed to self-booking and belongs to a resident; null otherwise.</summary>
    Task<AssessmentBookingBasis?> FindBookingBasisAsync(Guid responseId, CancellationToken cancellationToken = default);

    /// <summary>The booking bases of the resident's self-booking results completed since <paramref name="sinceUtc"/>, newest first.</summary>
    Task<IReadOnlyList<AssessmentBookingBasis>> RecentBookingBasesAsync(Guid residentId, DateTime sinceUtc, CancellationToken cancellationToken = default);
}
