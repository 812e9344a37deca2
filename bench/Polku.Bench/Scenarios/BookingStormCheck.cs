using Npgsql;
using NpgsqlTypes;

namespace Polku.Bench.Scenarios;

/// <summary>What the database says after a phase of the booking storm.</summary>
/// <param name="OverBooked">Slots with <c>taken &gt; capacity</c> or more live (not cancelled or expired) appointments than capacity.</param>
/// <param name="TakenMismatch">Slots whose <c>taken</c> is not the number of their held and booked appointments.</param>
/// <param name="Lost">201s whose appointment is missing, or is in another slot, of another resident, or not booked.</param>
/// <param name="Unacknowledged">Appointments in the phase's slots that no client got a 201 for.</param>
/// <param name="DuplicateKeys">(resident, idempotency key) pairs with more than one appointment, over the whole table.</param>
/// <param name="Appointments">Live appointments in the phase's slots.</param>
/// <param name="Taken">Sum of <c>taken</c> over the phase's slots.</param>
internal sealed record StormCheck(long OverBooked, long TakenMismatch, long Lost, long Unacknowledged, long DuplicateKeys, long Appointments, long Taken);

/// <summary>Checks a phase against the tables of the app (schema <c>public</c>) or of the baseline (its own schema with the same tables).</summary>
internal static class BookingStormCheck
{
    public static async Task<StormCheck> VerifyAsync(
        NpgsqlDataSource db, string schema, Guid[] slotIds, Guid[] residentIds, PhaseRun run, CancellationToken cancellationToken)
    {
        long overBooked;
        long mismatch;
        long taken;
        long live;
        await using (var counts = db.CreateCommand(
            $"WITH s AS (SELECT id, capacity, taken FROM {schema}.appointment_slots WHERE id = ANY($1)), "
            + $"a AS (SELECT slot_id, count(*) FILTER (WHERE status NOT IN ('Cancelled', 'Expired')) AS live, "
            + $"  count(*) FILTER (WHERE status IN ('Held', 'Booked')) AS held_booked "
            + $"  FROM {schema}.appointment_bookings WHERE slot_id = ANY($1) GROUP BY slot_id) "
            + "SELECT count(*) FILTER (WHERE s.taken > s.capacity OR COALESCE(a.live, 0) > s.capacity), "
            + "count(*) FILTER (WHERE s.taken <> COALESCE(a.held_booked, 0)), "
            + "COALESCE(sum(s.taken), 0)::bigint, COALESCE(sum(a.live), 0)::bigint "
            + "FROM s LEFT JOIN a ON a.slot_id = s.id"))
        {
            counts.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = slotIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            await using var reader = await counts.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            overBooked = reader.GetInt64(0);
            mismatch = reader.GetInt64(1);
            taken = reader.GetInt64(2);
            live = reader.GetInt64(3);
        }

        var rows = new Dictionary<Guid, (Guid Slot, Guid Resident, string Status)>();
        await using (var select = db.CreateCommand($"SELECT id, slot_id, resident_id, status FROM {schema}.appointment_bookings WHERE slot_id = ANY($1)"))
        {
            select.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = slotIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows[reader.GetGuid(0)] = (reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3));
            }
        }

        long lost = 0;
        var seen = new HashSet<Guid>();
        foreach (var ack in run.Acknowledged)
        {
            seen.Add(ack.AppointmentId);
            if (!rows.TryGetValue(ack.AppointmentId, out var row)
                || row.Slot != slotIds[ack.Slot]
                || row.Resident != residentIds[ack.Client]
                || row.Status != "Booked")
            {
                lost++;
            }
        }

        var unacknowledged = rows.Keys.Count(id => !seen.Contains(id));

        long duplicateKeys;
        await using (var duplicates = db.CreateCommand(
            // Keys live in platform_idempotency_keys (primary key on the caller-scoped key), so one key cannot be stored
            // twice; a request stored twice shows as one resident holding one slot more than once.
            $"SELECT count(*) FROM (SELECT 1 FROM {schema}.appointment_bookings WHERE status = 'Booked' "
            + "GROUP BY resident_id, slot_id HAVING count(*) > 1) AS d"))
        {
            duplicateKeys = (long)(await duplicates.ExecuteScalarAsync(cancellationToken))!;
        }

        return new StormCheck(overBooked, mismatch, lost, unacknowledged, duplicateKeys, live, taken);
    }
}
