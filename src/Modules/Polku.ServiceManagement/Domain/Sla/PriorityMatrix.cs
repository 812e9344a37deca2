using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.ServiceManagement.Data;

namespace Polku.ServiceManagement.Domain.Sla;

/// <summary>
/// Seed 002's urgency × impact table, read from <c>sm_priority_matrix</c> on every call: the matrix is data, so a
/// changed cell gives the new priority at once.
/// </summary>
internal sealed class PriorityMatrix(PolkuDb db)
{
    /// <summary>Error code (400, field <c>impact</c>): not one of <see cref="Impacts.All"/>.</summary>
    public const string UnknownImpact = "sm.sla.error.impact";

    /// <summary>Error code (400, field <c>urgency</c>): not one of <see cref="Urgencies.All"/>.</summary>
    public const string UnknownUrgency = "sm.sla.error.urgency";

    /// <summary>Error code (409): the codes are valid but the table has no (valid) priority for them.</summary>
    public const string MissingCell = "sm.sla.error.matrix_cell";

    /// <summary>The priority (P1–P4) the table gives for the impact and urgency codes, or a stable error.</summary>
    public async Task<Result<string>> PriorityAsync(string? impact, string? urgency, CancellationToken ct)
    {
        if (impact is null || !Impacts.All.Contains(impact, StringComparer.Ordinal))
        {
            return Error.Validation(UnknownImpact, "impact");
        }

        if (urgency is null || !Urgencies.All.Contains(urgency, StringComparer.Ordinal))
        {
            return Error.Validation(UnknownUrgency, "urgency");
        }

        var priority = await db.Set<PriorityCell>().AsNoTracking()
            .Where(c => c.Impact == impact && c.Urgency == urgency)
            .Select(c => c.Priority)
            .FirstOrDefaultAsync(ct);
        return priority is not null && Priorities.All.Contains(priority, StringComparer.Ordinal) ? Result<string>.Ok(priority) : Error.Conflict(MissingCell);
    }
}
