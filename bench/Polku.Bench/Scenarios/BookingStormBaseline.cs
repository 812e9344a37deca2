using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;
using NpgsqlTypes;
using Polku.Bench.Database;
using Polku.Bench.Hosting;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Polku.Bench.Scenarios;

/// <summary>
/// B3's same-run reference: a minimal API in the bench process whose <c>POST /book/{slotId}</c> runs, on one pooled
/// raw-Npgsql connection, <c>BEGIN</c>; the conditional <c>UPDATE appointment_slots SET taken = taken + 1 WHERE id = $1
/// AND taken &lt; capacity</c> (with the app's other conditions: not blocked, not started); the appointment
/// <c>INSERT</c> (every column the app writes, copied from the slot row in the same statement, with the resident and
/// the idempotency key); <c>COMMIT</c>. 201 with the new id, or 409. It works on copies of the bench's slots and of the
/// appointment_bookings table in schema <see cref="Schema"/> of the same database (<c>LIKE ... INCLUDING ALL</c>, so the
/// same constraints and indexes, including the unique idempotency key).
/// </summary>
internal sealed class BookingStormBaseline : IAsyncDisposable
{
    public const string Schema = "bench_b3_baseline";

    private const string UpdateSql =
        $"UPDATE {Schema}.appointment_slots SET taken = taken + 1, version = version + 1 "
        + "WHERE id = $1 AND taken < capacity AND NOT blocked AND start_utc > $2";

    // The app remembers a client's key in platform_idempotency_keys in the booking's transaction; so does the baseline, in the
    // same statement as the appointment (one round trip), so the comparison stays like for like.
    private const string InsertSql =
        $"WITH remembered AS (INSERT INTO {Schema}.platform_idempotency_keys (scope, request_hash, resource_id, created_utc) "
        + "SELECT 'p:' || replace($3::text, '-', '') || ':' || $4, md5($1::text), $2::text, $5 WHERE $4 IS NOT NULL) "
        + $"INSERT INTO {Schema}.appointment_bookings (id, slot_id, resident_id, schedule_id, unit_id, staff_id, service_code, mode, start_utc, end_utc, "
        + "status, booked_by_kind, booked_by_id, channel, language, created_utc, booked_utc, version) "
        + "SELECT $2, s.id, $3, s.schedule_id, s.unit_id, s.staff_id, s.service_code, s.mode, s.start_utc, s.end_utc, "
        + $"'Booked', 'Resident', $3, 'api', 'fi', $5, $5, 0 FROM {Schema}.appointment_slots s WHERE s.id = $1";

    private readonly NpgsqlDataSource dataSource;
    private readonly LoopbackHost host;

    private BookingStormBaseline(NpgsqlDataSource dataSource, LoopbackHost host)
    {
        this.dataSource = dataSource;
        this.host = host;
    }

    public Uri BaseAddress => host.BaseAddress;

    /// <summary>Copies the bench slots (service <paramref name="serviceCode"/>) into the baseline schema and starts the endpoint.</summary>
    public static async Task<BookingStormBaseline> StartAsync(string connectionString, int pool, string serviceCode, CancellationToken cancellationToken)
    {
        var dataSource = PostgresSettings.CreateDataSource(connectionString, pool);
        try
        {
            await using (var copy = dataSource.CreateCommand(
                $"DROP SCHEMA IF EXISTS {Schema} CASCADE; CREATE SCHEMA {Schema}; "
                + $"CREATE TABLE {Schema}.appointment_slots (LIKE public.appointment_slots INCLUDING ALL); "
                + $"CREATE TABLE {Schema}.appointment_bookings (LIKE public.appointment_bookings INCLUDING ALL); "
                + $"CREATE TABLE {Schema}.platform_idempotency_keys (LIKE public.platform_idempotency_keys INCLUDING ALL); "
                + $"INSERT INTO {Schema}.appointment_slots SELECT * FROM public.appointment_slots WHERE service_code = @service; "
                + $"ANALYZE {Schema}.appointment_slots; ANALYZE {Schema}.appointment_bookings;"))
            {
                copy.Parameters.Add(new NpgsqlParameter<string>("service", serviceCode));
                await copy.ExecuteNonQueryAsync(cancellationToken);
            }

            var host = await LoopbackHost.StartAsync(
                app => app.MapPost("/book/{slot:guid}", (Guid slot, HttpRequest request, CancellationToken requestAborted) =>
                    BookAsync(dataSource, slot, request, requestAborted)),
                cancellationToken: cancellationToken);
            return new BookingStormBaseline(dataSource, host);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        await dataSource.DisposeAsync();
    }

    private static async Task<IResult> BookAsync(NpgsqlDataSource dataSource, Guid slot, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(request.Headers["X-Resident"].ToString(), out var resident))
        {
            return HttpResults.BadRequest();
        }

        var key = request.Headers["Idempotency-Key"].ToString();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = new NpgsqlCommand(UpdateSql, connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = slot });
            update.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                await transaction.RollbackAsync(cancellationToken);
                return HttpResults.Conflict();
            }
        }

        var id = Guid.CreateVersion7();
        await using (var insert = new NpgsqlCommand(InsertSql, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = slot });
            insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = resident });
            insert.Parameters.Add(new NpgsqlParameter { Value = key.Length == 0 ? DBNull.Value : key, NpgsqlDbType = NpgsqlDbType.Varchar });
            insert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return HttpResults.Text("{\"id\":\"" + id.ToString("D") + "\"}", "application/json", Encoding.UTF8, StatusCodes.Status201Created);
    }
}
