using Microsoft.EntityFrameworkCore;
using Polku.Assessments.Contracts;
using Polku.Assessments.Data;
using Polku.Assessments.Domain;
using Polku.Assessments.Domain.Routing;
using Polku.Assessments.LocalRouting;
using Polku.Platform.Persistence;

namespace Polku.Assessments.Flow;

/// <summary>Reads stored results for the appointments module: what a self-booking result entitles the resident to book.</summary>
internal sealed class AssessmentResults(PolkuDb db, RoutingStore routing) : IAssessmentResults
{
    /// <summary>The booking window of an urgency class when the routed row is no longer in the table (spec 02).</summary>
    public static int DefaultWindowDays(string? urgency) => urgency switch
    {
        "P2" => 1,
        "P3" => 1,
        "P4" => 3,
        "L2" => 14,
        _ => 0,
    };

    /// <summary>
    /// The end of the window the result gave the resident ("contact within a day"): the routed row's days, else the
    /// urgency class's default; null for a result without one (112, the same day's emergency, self-care).
    /// </summary>
    public static DateTime? WindowEnd(RoutingTable table, AssessmentResponse response)
    {
        var days = table.Rows.FirstOrDefault(r => r.Id == response.RoutingRowId)?.Destination.WithinDays ?? DefaultWindowDays(response.Urgency);
        return days > 0 && response.CompletedUtc is { } completed ? DateTime.SpecifyKind(completed, DateTimeKind.Utc).AddDays(days) : null;
    }

    public async Task<AssessmentBookingBasis?> FindBookingBasisAsync(Guid responseId, CancellationToken cancellationToken = default)
    {
        var response = await db.Set<AssessmentResponse>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == responseId, cancellationToken);
        return response is null ? null : await BasisAsync(response, cancellationToken);
    }

    public async Task<IReadOnlyList<AssessmentBookingBasis>> RecentBookingBasesAsync(Guid residentId, DateTime sinceUtc, CancellationToken cancellationToken = default)
    {
        var responses = await db.Set<AssessmentResponse>().AsNoTracking()
            .Where(r => r.ResidentId == residentId && r.CompletedUtc >= sinceUtc && r.DestinationKind == nameof(DestinationKind.SelfBooking))
            .OrderByDescending(r => r.CompletedUtc).Take(20).ToListAsync(cancellationToken);
        var bases = new List<AssessmentBookingBasis>(responses.Count);
        foreach (var response in responses)
        {
            if (await BasisAsync(response, cancellationToken) is { } basis)
            {
                bases.Add(basis);
            }
        }

        return bases;
    }

    private async Task<AssessmentBookingBasis?> BasisAsync(AssessmentResponse response, CancellationToken cancellationToken)
    {
        if (response is not { ResidentId: { } residentId, CompletedUtc: { } completed, DestinationKind: nameof(DestinationKind.SelfBooking) })
        {
            return null;
        }

        var (_, table) = await routing.CurrentAsync(cancellationToken);
        var destination = table.Rows.FirstOrDefault(r => r.Id == response.RoutingRowId)?.Destination;
        var service = destination?.Service ?? response.ServiceCode ?? "health-station";
        return new AssessmentBookingBasis(response.Id, residentId, service, response.MunicipalityCode,
            UrgencyClasses.Parse(response.Urgency) ?? Urgency.P4,
            DateTime.SpecifyKind(completed, DateTimeKind.Utc), WindowEnd(table, response) ?? DateTime.SpecifyKind(completed, DateTimeKind.Utc));
    }
}
