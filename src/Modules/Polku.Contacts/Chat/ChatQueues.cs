using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Data;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;

namespace Polku.Contacts.Chat;

/// <summary>Whether a chat queue can take a resident now, and how long they would wait.</summary>
/// <param name="Open">Inside the opening hours of the queue's unit (public holidays closed).</param>
/// <param name="Staffed">At least one member has marked themselves available for chat.</param>
/// <param name="Waiting">Residents waiting in the queue now.</param>
/// <param name="EstimatedWaitMinutes">For the next resident to join; null when the chat is not offered.</param>
/// <param name="OpensAtUtc">When a closed queue next opens.</param>
internal sealed record ChatQueueStatus(WorkQueue Queue, bool Open, bool Staffed, int Waiting, int? EstimatedWaitMinutes, DateTime? OpensAtUtc)
{
    /// <summary>Chat is offered only when the queue is open and someone is there.</summary>
    public bool Offered => Open && Staffed;
}

/// <summary>
/// The chat queues and their state. Which queue serves whom is data, never a code: the county-wide queue is the chat
/// queue with neither municipality nor service (anonymous residents welcome); a municipality's identified queue is the
/// identified chat queue of the health station serving it (Lapinjärvi → Loviisa); service queues name a service.
/// </summary>
internal sealed class ChatQueues(PolkuDb db, IUnitDirectory units, TimeProvider time)
{
    /// <summary>How long a chat takes when the queue has no history yet.</summary>
    public static readonly TimeSpan DefaultHandlingTime = TimeSpan.FromMinutes(6);

    public IQueryable<WorkQueue> All => db.Set<WorkQueue>().AsNoTracking().Where(q => q.Channel == QueueChannels.Chat);

    /// <summary>The chat queues that take new chats: a closed queue is never offered.</summary>
    public IQueryable<WorkQueue> Open => All.Where(q => q.ClosedUtc == null);

    public Task<WorkQueue?> ByCodeAsync(string code, CancellationToken ct) => All.FirstOrDefaultAsync(q => q.Code == code, ct);

    public Task<WorkQueue?> ByIdAsync(Guid id, CancellationToken ct) => All.FirstOrDefaultAsync(q => q.Id == id, ct);

    /// <summary>The queues a resident of the municipality may be offered: county-wide, their municipality's identified one, services.</summary>
    public async Task<IReadOnlyList<WorkQueue>> ForMunicipalityAsync(string? municipalityCode, CancellationToken ct)
    {
        var queues = await Open.ToListAsync(ct);
        var result = queues.Where(q => q.MunicipalityCode is null && q.ServiceCode is null).OrderBy(q => q.Code, StringComparer.Ordinal).ToList();
        if (await IdentifiedForAsync(municipalityCode, queues, ct) is { } local)
        {
            result.Add(local);
        }

        result.AddRange(queues.Where(q => q.ServiceCode is not null).OrderBy(q => q.Code, StringComparer.Ordinal));
        return result;
    }

    /// <summary>The identified queue of the health station that serves the municipality, if it has one.</summary>
    private async Task<WorkQueue?> IdentifiedForAsync(string? municipalityCode, List<WorkQueue> queues, CancellationToken ct)
    {
        if (municipalityCode is not { Length: > 0 } || await units.ServingAsync(municipalityCode, UnitKinds.HealthStation, ct) is not { } station)
        {
            return null;
        }

        return queues.Where(q => q.Identified && q.ServiceCode is null && q.UnitId == station.Id).OrderBy(q => q.Code, StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>The state of each queue now.</summary>
    public async Task<IReadOnlyList<ChatQueueStatus>> StatusAsync(IReadOnlyList<WorkQueue> queues, CancellationToken ct)
    {
        var list = new List<ChatQueueStatus>(queues.Count);
        foreach (var q in queues)
        {
            list.Add(await StatusAsync(q, ct));
        }

        return list;
    }

    public async Task<ChatQueueStatus> StatusAsync(WorkQueue queue, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var hours = queue.HoursUnitId is { } unitId ? await units.OpeningHoursAsync(unitId, ct) : null;
        // A closed queue is never open, whatever its unit's hours; it has no next opening either.
        var open = queue.IsOpen && (hours is null || hours.IsOpenAt(now));
        var available = await AvailableMembersAsync(queue.Id, ct);
        var waiting = await db.Set<ChatSession>().CountAsync(s => s.QueueId == queue.Id && s.State == ChatState.Queued, ct);
        int? wait = open && available.Count > 0 ? await EstimateAsync(queue.Id, waiting + 1, available, ct) : null;
        DateTime? opens = !open && queue.IsOpen && hours?.NextOpeningAfter(now) is { } next ? next.UtcDateTime : null;
        return new ChatQueueStatus(queue, open, available.Count > 0, waiting, wait, opens);
    }

    /// <summary>Whether the chat of the unit (routing's destination) is open now and someone is there.</summary>
    public async Task<bool> IsOfferedForUnitAsync(string unitCode, DateTimeOffset at, CancellationToken ct)
    {
        if (await units.FindByCodeAsync(unitCode, ct) is not { } unit)
        {
            return false;
        }

        var queue = await Open.Where(q => q.UnitId == unit.Id && !q.Identified && q.ServiceCode == null).OrderBy(q => q.Code).FirstOrDefaultAsync(ct);
        if (queue is null)
        {
            return false;
        }

        var hours = queue.HoursUnitId is { } hoursUnit ? await units.OpeningHoursAsync(hoursUnit, ct) : null;
        if (hours is not null && !hours.IsOpenAt(at))
        {
            return false;
        }

        // Staffing is known only for the present: a time more than a quarter of an hour away (the routing simulator)
        // is answered by the opening hours alone.
        return (at - time.GetUtcNow()).Duration() > TimeSpan.FromMinutes(15) || (await AvailableMembersAsync(queue.Id, ct)).Count > 0;
    }

    /// <summary>The queue's members who take chats now, with how many chats each could still take.</summary>
    public async Task<IReadOnlyList<(Guid StaffId, int FreePlaces)>> AvailableMembersAsync(Guid queueId, CancellationToken ct)
    {
        var members = db.Set<QueueMember>().Where(m => m.QueueId == queueId).Select(m => m.StaffId);
        var staffing = await db.Set<ChatStaffing>().AsNoTracking().Where(s => s.Available && members.Contains(s.StaffId)).ToListAsync(ct);
        if (staffing.Count == 0)
        {
            return [];
        }

        var ids = staffing.Select(s => s.StaffId).ToList();
        var active = await db.Set<ChatSession>().Where(s => s.State == ChatState.Active && s.AssigneeId != null && ids.Contains(s.AssigneeId.Value))
            .GroupBy(s => s.AssigneeId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return [.. staffing.Select(s => (s.StaffId, Math.Max(0, s.MaxConcurrent - active.GetValueOrDefault(s.StaffId))))];
    }

    /// <summary>
    /// Minutes until the resident at <paramref name="position"/> is taken: nothing while a professional has a free place,
    /// then one recent average chat for each round of the available professionals.
    /// </summary>
    public async Task<int> EstimateAsync(Guid queueId, int position, IReadOnlyList<(Guid StaffId, int FreePlaces)> available, CancellationToken ct)
    {
        var free = available.Sum(a => a.FreePlaces);
        if (position <= free)
        {
            return 0;
        }

        var recent = await db.Set<ChatSession>().AsNoTracking()
            .Where(s => s.QueueId == queueId && s.State == ChatState.Ended && s.StartedUtc != null && s.EndedUtc != null)
            .OrderByDescending(s => s.EndedUtc).Take(20).Select(s => new { s.StartedUtc, s.EndedUtc }).ToListAsync(ct);
        var handling = recent.Count == 0 ? DefaultHandlingTime : TimeSpan.FromTicks((long)recent.Average(r => (r.EndedUtc!.Value - r.StartedUtc!.Value).Ticks));
        var rounds = Math.Ceiling((position - free) / (double)Math.Max(1, available.Count));
        return (int)Math.Ceiling(rounds * Math.Max(1, handling.TotalMinutes));
    }

    /// <summary>The resident's place in the queue (1 = next).</summary>
    public async Task<int> PositionAsync(ChatSession session, CancellationToken ct) =>
        session.State != ChatState.Queued || session.QueueId is not { } queueId || session.QueuedUtc is not { } queued
            ? 0
            : 1 + await db.Set<ChatSession>().CountAsync(s => s.QueueId == queueId && s.State == ChatState.Queued
                && s.QueuedUtc < queued, ct);
}
