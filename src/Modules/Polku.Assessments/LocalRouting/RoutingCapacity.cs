using Polku.Appointments.Contracts;
using Polku.Assessments.Contracts;
using Polku.Assessments.Domain;
using Polku.Assessments.Domain.Routing;
using Polku.Contacts.Contracts;

namespace Polku.Assessments.LocalRouting;

/// <summary>
/// Resolves a routing request against real capacity. Routing itself is synchronous and pure, so this asks the
/// appointments module (a free slot) or the chat (open and staffed) the one question the table reaches, records the
/// answer and resolves again, until the table's choice depends only on answered questions (a validated table ends in a
/// capacity-free row).
/// </summary>
internal static class RoutingCapacity
{
    public static async Task<RoutingDecision> ResolveAsync(
        RoutingTable table, Urgency urgency, string? serviceCode, string municipality, DateTimeOffset at, ISlotAvailability? availability, CancellationToken ct,
        IChatAvailability? chat = null)
    {
        if (availability is null && chat is null)
        {
            return table.Resolve(urgency, serviceCode, municipality, at, ChannelOnlyCapacity.Instance);
        }

        var slots = new Dictionary<SlotQuestion, bool>();
        var chats = new Dictionary<string, bool>(StringComparer.Ordinal);
        while (true)
        {
            var snapshot = new Snapshot(slots, chats, availability is null, chat is null);
            var decision = table.Resolve(urgency, serviceCode, municipality, at, snapshot);
            if (snapshot.UnknownSlot is { } q)
            {
                slots[q] = await availability!.HasFreeSlotAsync(q.Service, q.Municipality, q.From, q.Until, ct);
            }
            else if (snapshot.UnknownChat is { } unit)
            {
                chats[unit] = await chat!.IsChatOfferedAsync(unit, at, ct);
            }
            else
            {
                return decision;
            }
        }
    }

    private readonly record struct SlotQuestion(string Service, string Municipality, DateTimeOffset From, DateTimeOffset Until);

    /// <summary>
    /// Answers what is known; the first unknown question is recorded and optimistically answered yes. Without a slot
    /// source a self-booking destination counts as available (it shows the channel); without a chat source chat is closed.
    /// </summary>
    private sealed class Snapshot(Dictionary<SlotQuestion, bool> slots, Dictionary<string, bool> chats, bool noSlots, bool noChat) : IRoutingCapacity
    {
        public SlotQuestion? UnknownSlot { get; private set; }

        public string? UnknownChat { get; private set; }

        private bool Asked => UnknownSlot is not null || UnknownChat is not null;

        public bool HasFreeSlot(string service, string municipality, DateTimeOffset from, DateTimeOffset until)
        {
            if (noSlots)
            {
                return true;
            }

            var q = new SlotQuestion(service, municipality, from, until);
            if (slots.TryGetValue(q, out var free))
            {
                return free;
            }

            if (!Asked)
            {
                UnknownSlot = q;
            }

            return true;
        }

        public bool IsChatOpen(string unit, DateTimeOffset at)
        {
            if (noChat)
            {
                return false;
            }

            if (chats.TryGetValue(unit, out var open))
            {
                return open;
            }

            if (!Asked)
            {
                UnknownChat = unit;
            }

            return true;
        }
    }
}
