using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Data;
using Polku.Contacts.Domain;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;

namespace Polku.Contacts.Tasks;

/// <summary>
/// Where a resident's new matter (a message, a call-back request) waits: the queue of the health station that serves
/// their municipality — located there, or serving it (Lapinjärvi → Loviisa) — else the digital sote-centre's queue.
/// Decided by the county's units and which open queue belongs to which unit (<see cref="QueueMatch"/>), never by codes.
/// </summary>
internal sealed class LocalQueues(PolkuDb db, IUnitDirectory units)
{
    public async Task<WorkQueue?> ForMunicipalityAsync(string? municipalityCode, CancellationToken ct, string? serviceCode = null)
    {
        if (municipalityCode is { Length: > 0 }
            && await units.ServingAsync(municipalityCode, UnitKinds.HealthStation, ct) is { } station
            && await OfUnitAsync(station.Id, serviceCode, municipalityCode, ct) is { } local)
        {
            return local;
        }

        return await units.ServingAsync(null, UnitKinds.Digital, ct) is { } digital ? await OfUnitAsync(digital.Id, serviceCode, municipalityCode, ct) : null;
    }

    /// <summary>The unit's open work queue that best fits the work's service and municipality, or null when it has none open.</summary>
    public async Task<WorkQueue?> OfUnitAsync(Guid unitId, string? serviceCode, string? municipalityCode, CancellationToken ct)
    {
        var queues = await db.Set<WorkQueue>().Where(q => q.UnitId == unitId && q.Channel == QueueChannels.Work && q.ClosedUtc == null).ToListAsync(ct);
        return QueueMatch.Best(queues, QueueChannels.Work, serviceCode, municipalityCode);
    }
}
