namespace Polku.Assessments.Contracts;

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
