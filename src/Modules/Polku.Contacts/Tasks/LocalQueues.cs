using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Data;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;

namespace Polku.Contacts.Tasks;

/// <summary>
/// Where a resident's new matter (a message, a call-back request) waits: the queue of the health station that serves
/// their municipality — located there, or serving it (Lapinjärvi → Loviisa) — else the digital sote-centre's queue.
/// Decided by the county's units and which queue belongs to which unit, never by codes.
/// </summary>
internal sealed class LocalQueues(PolkuDb db, IUnitDirectory units)
{
    public async Task<WorkQueue?> ForMunicipalityAsync(string? municipalityCode, CancellationToken ct)
    {
        if (municipalityCode is { Length: > 0 }
            && await units.ServingAsync(municipalityCode, UnitKinds.HealthStation, ct) is { } station
            && await QueueOfUnitAsync(station.Id, ct) is { } local)
        {
            return local;
        }

        return await units.ServingAsync(null, UnitKinds.Digital, ct) is { } digital ? await QueueOfUnitAsync(digital.Id, ct) : null;
    }

    private Task<WorkQueue?> QueueOfUnitAsync(Guid unitId, CancellationToken ct) =>
        db.Set<WorkQueue>().Where(q => q.UnitId == unitId && q.Channel == QueueChannels.Work).OrderBy(q => q.Code).FirstOrDefaultAsync(ct);
}
