using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Polku.ControlTower.Data;
using Polku.Platform.Persistence;
using Polku.Platform.Time;

namespace Polku.ControlTower.Rollups;

/// <summary>The control tower's settings (<c>Polku:ControlTower</c>).</summary>
public sealed class TowerOptions
{
    public const string Section = "ControlTower";

    /// <summary>
    /// How old an event must be before the rollups take it: a unit of work records its event before it commits, so an
    /// event younger than this may still be uncommitted, and one read later would be missed by the watermark. A day is
    /// also recounted in full once it has ended (see <see cref="Rollups.CatchUpAsync"/>), which heals anything slower.
    /// </summary>
    public TimeSpan Settle { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the background worker catches up (a dashboard request catches up too).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether the background worker runs (tests catch up explicitly).</summary>
    public bool WorkerEnabled { get; set; } = true;
}

/// <summary>
/// The rollups of the service-event journal (spec 05 "dashboards stay fast on years of data"): daily and monthly sums per
/// municipality, service, unit, type, channel, digital flag, contact kind and facet, maintained as events arrive and
/// rebuilt from the journal on demand. KPIs read only these rows and the imported counts, never the journal.
/// </summary>
/// <remarks>
/// Catching up reads the journal after a watermark (<c>tower_rollup_state</c>) up to <see cref="TowerOptions.Settle"/>
/// ago, adds the sums with one upsert per batch (<c>ON CONFLICT … DO UPDATE</c>, the same on both engines), and moves
/// the watermark — all in one unit of work, so a crash leaves the rollups and the watermark as they were. On PostgreSQL
/// the state row is taken <c>FOR UPDATE SKIP LOCKED</c>, so one node catches up and the others read what is there; SQLite
/// has one writer anyway. Once a day has ended (and settled) it is recounted in full from the journal, with its month.
/// </remarks>
internal sealed class Rollups(PolkuDb db, UnitOfWork unit, TimeProvider time, IOptions<TowerOptions> options)
{
    private const int StateId = 1;

    /// <summary>
    /// The period of the all-time rows (<c>grain = 'a'</c>), kept for the backlog's two task types only: the backlog at
    /// the end of a period is all tasks created less all completed, less what happened after the period — so a request
    /// reads a handful of all-time rows and the days since, never the whole history.
    /// </summary>
    public static readonly DateOnly AllTime = new(2000, 1, 1);

    /// <summary>The types with all-time rows.</summary>
    public static readonly IReadOnlySet<string> AllTimeTypes = new HashSet<string>(StringComparer.Ordinal) { "task.created", "task.completed" };

    /// <summary>Before any event: the watermark of a journal never rolled up.</summary>
    private static readonly DateTime Epoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private const int Batch = 400;

    /// <summary>A request does not catch up again when the last catch-up is this recent.</summary>
    private static readonly TimeSpan MinStep = TimeSpan.FromSeconds(2);

    private const string Columns = "grain, period, municipality_code, service_code, unit_id, type, channel, digital, contact_kind, facet";

    /// <summary>How far the rollups have read the journal, or null before the first catch-up.</summary>
    public async Task<DateTime?> RolledUntilAsync(CancellationToken ct) =>
        await db.Set<RollupState>().AsNoTracking().Where(s => s.Id == StateId).Select(s => (DateTime?)s.RolledUntilUtc).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Adds the events recorded since the last catch-up (up to the settle time ago) to the rollups, and recounts the
    /// days that have ended since. Returns the number of events added; 0 when another node is at it or nothing is new.
    /// </summary>
    public async Task<long> CatchUpAsync(CancellationToken ct)
    {
        var until = time.GetUtcNow().UtcDateTime - options.Value.Settle;
        if (await RolledUntilAsync(ct) is { } rolled && until - rolled < MinStep)
        {
            return 0;
        }

        return await unit.RunAsync(async c =>
        {
            var state = await LockStateAsync(c);
            if (state is null)
            {
                return 0L;
            }

            if (until - state.RolledUntilUtc < MinStep)
            {
                return 0L;
            }

            var added = await AddAsync(state.RolledUntilUtc, until, c);
            state.RolledUntilUtc = until;
            state.EventsRolled += added;

            // A day that has ended (in Helsinki) and settled is recounted once from the journal: an event whose unit of
            // work committed later than the settle time is counted there.
            var lastEnded = HelsinkiTime.LocalDate(new DateTimeOffset(until, TimeSpan.Zero)).AddDays(-1);
            if (state.RecountedDay is { } done && done < lastEnded && lastEnded.DayNumber - done.DayNumber <= 7)
            {
                for (var day = done.AddDays(1); day <= lastEnded; day = day.AddDays(1))
                {
                    await RecountDayAsync(day, c);
                }
            }

            state.RecountedDay = lastEnded;
            return added;
        }, _ => true, ct);
    }

    /// <summary>
    /// Recomputes every rollup from the journal (after a change of what the rollups keep, or to verify them). Holds the
    /// state row for its whole run, so catch-ups wait or skip meanwhile. Returns the number of events read.
    /// </summary>
    public async Task<long> RebuildAsync(CancellationToken ct)
    {
        var until = time.GetUtcNow().UtcDateTime - options.Value.Settle;
        return await unit.RunAsync(async c =>
        {
            var state = await LockStateAsync(c, wait: true) ?? throw new InvalidOperationException("The rollup state row is missing.");
            await db.Set<Fact>().ExecuteDeleteAsync(c);
            var added = await AddAsync(Epoch, until, c);
            state.RolledUntilUtc = until;
            state.EventsRolled = added;
            state.RebuiltUtc = time.GetUtcNow().UtcDateTime;
            state.RecountedDay = HelsinkiTime.LocalDate(new DateTimeOffset(until, TimeSpan.Zero)).AddDays(-1);
            return added;
        }, _ => true, ct);
    }

    /// <summary>The state row, locked for this unit of work; null when another node holds it (PostgreSQL).</summary>
    private async Task<RollupState?> LockStateAsync(CancellationToken ct, bool wait = false)
    {
        // The first catch-up ever finds no row and reads the whole journal; two first catch-ups at once both insert, and
        // the conflict leaves one row (the second waits for the first's commit on PostgreSQL, and SQLite has one writer).
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO tower_rollup_state (id, rolled_until_utc, events_rolled) VALUES (1, {0}, 0) ON CONFLICT (id) DO NOTHING", [Epoch], ct);
        if (!db.IsPostgres)
        {
            return await db.Set<RollupState>().FirstAsync(s => s.Id == StateId, ct);
        }

        var sql = "SELECT id, rolled_until_utc, rebuilt_utc, recounted_day, events_rolled FROM tower_rollup_state WHERE id = 1 FOR UPDATE" + (wait ? "" : " SKIP LOCKED");
        return await db.Set<RollupState>().FromSqlRaw(sql).ToListAsync(ct) is [var locked] ? locked : null;
    }

    /// <summary>
    /// Adds the events with <paramref name="after"/> &lt; at ≤ <paramref name="until"/> to the daily and monthly rows (and,
    /// for the backlog's two task types, to the all-time rows).
    /// </summary>
    private async Task<long> AddAsync(DateTime after, DateTime until, CancellationToken ct)
    {
        var sums = new Dictionary<FactKey, FactSums>();
        var read = await ReadAsync(after, false, until, true, async e =>
        {
            var day = HelsinkiTime.LocalDate(new DateTimeOffset(DateTime.SpecifyKind(e.AtUtc, DateTimeKind.Utc)));
            var key = Key(e, day);
            Add(sums, key, e.WaitingSeconds, e.HandlingSeconds);
            Add(sums, key with { Grain = "m", Period = new DateOnly(day.Year, day.Month, 1) }, e.WaitingSeconds, e.HandlingSeconds);
            if (AllTimeTypes.Contains(e.Type))
            {
                Add(sums, key with { Grain = "a", Period = AllTime }, e.WaitingSeconds, e.HandlingSeconds);
            }

            if (sums.Count >= 50_000)
            {
                await UpsertAsync(sums, ct);
                sums.Clear();
            }
        }, ct);
        await UpsertAsync(sums, ct);
        return read;
    }

    private static FactKey Key(EventRow e, DateOnly day) =>
        new("d", day, e.MunicipalityCode ?? "", e.ServiceCode ?? "", e.UnitId?.ToString("D") ?? "", e.Type, e.Channel, e.Digital, e.ContactKind,
            Facets.For(e.Type, e.Outcome, e.Detail, e.AtUtc));

    /// <summary>
    /// Reads the journal between two instants a day of events at a time: each window is read in full before the next
    /// (and before any upsert), so memory stays bounded by one day of events — on PostgreSQL a retrying execution
    /// strategy buffers a query's whole result, and a connection runs one command at a time. Returns the events read.
    /// </summary>
    private async Task<long> ReadAsync(DateTime from, bool fromInclusive, DateTime to, bool toInclusive, Func<EventRow, Task> each, CancellationToken ct)
    {
        long read = 0;
        var journal = db.ServiceEvents.AsNoTracking();
        var q = fromInclusive ? journal.Where(e => e.AtUtc >= from) : journal.Where(e => e.AtUtc > from);
        q = toInclusive ? q.Where(e => e.AtUtc <= to) : q.Where(e => e.AtUtc < to);
        if (await q.MinAsync(e => (DateTime?)e.AtUtc, ct) is not { } start)
        {
            return 0;
        }

        // Windows [lo, lo + 1 day) from the first event on, within the bounds above.
        for (var lo = start; lo <= to; lo = lo.AddDays(1))
        {
            var (lower, upper) = (lo, lo.AddDays(1));
            var window = await q.Where(e => e.AtUtc >= lower && e.AtUtc < upper)
                .Select(e => new EventRow(e.AtUtc, e.Type, e.MunicipalityCode, e.ServiceCode, e.UnitId, e.Channel, e.Digital, e.ContactKind, e.Outcome, e.Detail,
                    e.WaitingSeconds, e.HandlingSeconds))
                .ToListAsync(ct);
            foreach (var e in window)
            {
                await each(e);
            }

            read += window.Count;
        }

        return read;
    }

    private sealed record EventRow(DateTime AtUtc, string Type, string? MunicipalityCode, string? ServiceCode, Guid? UnitId, string Channel, bool Digital,
        string ContactKind, string? Outcome, string? Detail, int? WaitingSeconds, int? HandlingSeconds);

    private static void Add(Dictionary<FactKey, FactSums> sums, FactKey key, int? waiting, int? handling)
    {
        if (!sums.TryGetValue(key, out var s))
        {
            s = new FactSums();
            sums[key] = s;
        }

        s.Events++;
        if (waiting is { } w)
        {
            s.WaitingSum += w;
            s.WaitingN++;
        }

        if (handling is { } h)
        {
            s.HandlingSum += h;
            s.HandlingN++;
        }
    }

    /// <summary>Adds the sums to the rows with the same key, inserting the rows that are not there yet.</summary>
    private async Task UpsertAsync(Dictionary<FactKey, FactSums> sums, CancellationToken ct)
    {
        if (sums.Count == 0)
        {
            return;
        }

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var chunk in sums.Chunk(Batch))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var sql = new StringBuilder("INSERT INTO tower_facts (").Append(Columns)
                .Append(", events, waiting_sum, waiting_n, handling_sum, handling_n) VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                var (k, s) = (chunk[i].Key, chunk[i].Value);
                sql.Append(i == 0 ? "(" : ", (");
                object[] values = [k.Grain, k.Period, k.Municipality, k.Service, k.Unit, k.Type, k.Channel, k.Digital, k.ContactKind, k.Facet,
                    s.Events, s.WaitingSum, s.WaitingN, s.HandlingSum, s.HandlingN];
                for (var j = 0; j < values.Length; j++)
                {
                    var name = "@p" + (i * values.Length + j).ToString(CultureInfo.InvariantCulture);
                    sql.Append(j == 0 ? "" : ", ").Append(name);
                    var p = command.CreateParameter();
                    p.ParameterName = name;
                    p.Value = values[j];
                    command.Parameters.Add(p);
                }

                sql.Append(')');
            }

            sql.Append(" ON CONFLICT (").Append(Columns).Append(") DO UPDATE SET ")
                .Append("events = tower_facts.events + excluded.events, waiting_sum = tower_facts.waiting_sum + excluded.waiting_sum, ")
                .Append("waiting_n = tower_facts.waiting_n + excluded.waiting_n, handling_sum = tower_facts.handling_sum + excluded.handling_sum, ")
                .Append("handling_n = tower_facts.handling_n + excluded.handling_n");
            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Recounts one Helsinki day from the journal, its month from its days, and the all-time rows from the months.</summary>
    private async Task RecountDayAsync(DateOnly day, CancellationToken ct)
    {
        var from = HelsinkiTime.ToInstant(day, TimeOnly.MinValue).UtcDateTime;
        var to = HelsinkiTime.ToInstant(day.AddDays(1), TimeOnly.MinValue).UtcDateTime;
        await db.Set<Fact>().Where(f => f.Grain == "d" && f.Period == day).ExecuteDeleteAsync(ct);
        var sums = new Dictionary<FactKey, FactSums>();
        await ReadAsync(from, true, to, false, e =>
        {
            Add(sums, Key(e, day), e.WaitingSeconds, e.HandlingSeconds);
            return Task.CompletedTask;
        }, ct);
        await UpsertAsync(sums, ct);

        // The month is the sum of its days; the all-time rows of the backlog's types the sum of the months.
        var month = new DateOnly(day.Year, day.Month, 1);
        await db.Set<Fact>().Where(f => f.Grain == "m" && f.Period == month).ExecuteDeleteAsync(ct);
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO tower_facts (" + Columns + ", events, waiting_sum, waiting_n, handling_sum, handling_n) "
            + "SELECT 'm', {0}, municipality_code, service_code, unit_id, type, channel, digital, contact_kind, facet, "
            + "SUM(events), SUM(waiting_sum), SUM(waiting_n), SUM(handling_sum), SUM(handling_n) FROM tower_facts "
            + "WHERE grain = 'd' AND period >= {0} AND period < {1} "
            + "GROUP BY municipality_code, service_code, unit_id, type, channel, digital, contact_kind, facet",
            [month, month.AddMonths(1)], ct);
        await db.Set<Fact>().Where(f => f.Grain == "a").ExecuteDeleteAsync(ct);
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO tower_facts (" + Columns + ", events, waiting_sum, waiting_n, handling_sum, handling_n) "
            + "SELECT 'a', {0}, municipality_code, service_code, unit_id, type, channel, digital, contact_kind, facet, "
            + "SUM(events), SUM(waiting_sum), SUM(waiting_n), SUM(handling_sum), SUM(handling_n) FROM tower_facts "
            + "WHERE grain = 'm' AND type IN ('task.created', 'task.completed') "
            + "GROUP BY municipality_code, service_code, unit_id, type, channel, digital, contact_kind, facet",
            [AllTime], ct);
    }

    private sealed record FactKey(string Grain, DateOnly Period, string Municipality, string Service, string Unit, string Type, string Channel, bool Digital,
        string ContactKind, string Facet);

    private sealed class FactSums
    {
        public long Events;
        public long WaitingSum;
        public long WaitingN;
        public long HandlingSum;
        public long HandlingN;
    }
}
