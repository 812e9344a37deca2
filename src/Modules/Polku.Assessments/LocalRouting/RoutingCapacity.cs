using Polku.Appointments.Contracts;
using Polku.Assessments.Contracts;
using Polku.Assessments.Domain;
using Polku.Assessments.Domain.Routing;

namespace Polku.Assessments.LocalRouting;

/// <summary>
/// Resolves a routing request against real capacity. Routing itself is synchronous and pure, so this asks the
/// appointments module the one self-booking question the table reaches, records the answer and resolves again,
/// until the table's choice depends only on answered questions (a validated table ends in a capacity-free row).
/// </summary>
internal static class RoutingCapacity
{
    public static async Task<RoutingDecision> ResolveAsync(
        RoutingTable table, Urgency urgency, string? serviceCode, string municipality, DateTimeOffset at, ISlotAvailability? availability, CancellationToken ct)
    {
        if (availability is null)
        {
            return table.Resolve(urgency, serviceCode, municipality, at, ChannelOnlyCapacity.Instance);
        }

        var known = new Dictionary<Question, bool>();
        while (true)
        {
            var snapshot = new Snapshot(known);
            var decision = table.Resolve(urgency, serviceCode, municipality, at, snapshot);
            if (snapshot.Unknown is not { } q)
            {
                return decision;
            }

            known[q] = await availability.HasFreeSlotAsync(q.Service, q.Municipality, q.From, q.Until, ct);
        }
    }

    private readonly record struct Question(string Service, string Municipality, DateTimeOffset From, DateTimeOffset Until);

    /// <summary>Answers what is known; the first unknown question is recorded and optimistically answered yes.</summary>
    private sealed class Snapshot(Dictionary<Question, bool> known) : IRoutingCapacity
    {
        public Question? Unknown { get; private set; }

        public bool HasFreeSlot(string service, string municipality, DateTimeOffset from, DateTimeOffset until)
        {
            var q = new Question(service, municipality, from, until);
            if (known.TryGetValue(q, out var free))
            {
                return free;
            }

            Unknown ??= q;
            return true;
        }

        public bool IsChatOpen(string unit, DateTimeOffset at) => false;
    }
}
