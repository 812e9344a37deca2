using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;
using NpgsqlTypes;
using Polku.Bench.Database;
using Polku.Bench.Hosting;
using Polku.Bench.Load;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Polku.Bench.Scenarios;

/// <summary>
/// Baseline: <c>POST /insert</c> doing one raw Npgsql INSERT through an <see cref="NpgsqlDataSource"/>.
/// Saturation inserts/s over HTTP, latency at a constant rate, and a check that no acknowledged insert is missing.
/// </summary>
public sealed class BaselineNpgsqlInsert : Scenario
{
    private const string Schema = "bench_baseline_insert";

    public override string Name => "baseline-npgsql-insert";

    public override string Description =>
        "Minimal API POST /insert doing one raw Npgsql INSERT: saturation inserts/s (--workers 64) and p99 at --rate 500 req/s.";

    public override string? MissingPrerequisite(ScenarioContext context) =>
        context.PostgresConnectionString is null ? PostgresSettings.MissingMessage : null;

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var workers = options.WholeNumber("workers", 64);
        var warmup = options.Seconds("warmup", 2);
        var duration = options.Seconds("duration", 10);
        var rate = options.Number("rate", 500, minimum: 1);
        var pool = options.WholeNumber("pool", 32);
        var connectionString = context.PostgresConnectionString!;

        context.Log($"PostgreSQL {PostgresSettings.Describe(connectionString)}, pool {pool}; recreating schema {Schema}");
        await using var dataSource = PostgresSettings.CreateDataSource(connectionString, pool);
        await using (var create = dataSource.CreateCommand(
            $"DROP SCHEMA IF EXISTS {Schema} CASCADE; CREATE SCHEMA {Schema}; "
            + $"CREATE TABLE {Schema}.items (id uuid PRIMARY KEY, payload text NOT NULL, created_utc timestamptz NOT NULL);"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var host = await LoopbackHost.StartAsync(
            app => app.MapPost("/insert", async (HttpRequest request, CancellationToken requestAborted) =>
            {
                using var reader = new StreamReader(request.Body);
                var payload = await reader.ReadToEndAsync(requestAborted);
                await using var insert = dataSource.CreateCommand(
                    $"INSERT INTO {Schema}.items (id, payload, created_utc) VALUES ($1, $2, $3)");
                insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7() });
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payload });
                insert.Parameters.Add(new NpgsqlParameter<DateTime>
                {
                    TypedValue = TimeProvider.System.GetUtcNow().UtcDateTime,
                    NpgsqlDbType = NpgsqlDbType.TimestampTz,
                });
                await insert.ExecuteNonQueryAsync(requestAborted);
                return HttpResults.NoContent();
            }),
            cancellationToken: cancellationToken);
        using var load = new LoadGenerator(host.BaseAddress, maxConnections: workers);
        var request = HttpRequests.Post(() => "/insert", () => new StringContent("{\"note\":\"bench\"}"));

        context.Log($"saturation: {workers} workers, {warmup.TotalSeconds} s warm-up + {duration.TotalSeconds} s");
        var saturation = await load.RunSaturationAsync(request, workers, warmup, duration, cancellationToken);
        context.Log($"constant rate: {rate} req/s for {duration.TotalSeconds} s after {warmup.TotalSeconds} s warm-up");
        var constant = await load.RunConstantRateAsync(request, rate, warmup, duration, maxInFlight: 1000, cancellationToken);

        long rows;
        await using (var count = dataSource.CreateCommand($"SELECT count(*) FROM {Schema}.items"))
        {
            rows = (long)(await count.ExecuteScalarAsync(cancellationToken) ?? 0L);
        }

        // Every acknowledged insert must be in the table; a failed request may or may not have inserted.
        var acknowledged = saturation.TotalSucceeded + constant.TotalSucceeded;
        var uncertain = saturation.TotalErrors + constant.TotalErrors;
        var lost = Math.Max(0, acknowledged - rows);

        var result = new ScenarioResult(Name);
        result.Add(new Metric("inserts_per_s", saturation.SucceededPerSecond, "inserts/s"));
        result.Add(new Metric("sat_p99_ms", saturation.Latency.P99Milliseconds, "ms"));
        result.Add(new Metric("p50_ms", constant.Latency.P50Milliseconds, "ms"));
        result.Add(new Metric("p95_ms", constant.Latency.P95Milliseconds, "ms"));
        result.Add(new Metric("p99_ms", constant.Latency.P99Milliseconds, "ms"));
        result.Add(new Metric("max_ms", constant.Latency.MaxMilliseconds, "ms"));
        result.Add(new Metric("errors", saturation.Errors + constant.Errors, "requests"));
        result.Add(new Metric("lost", lost, "rows"));
        LoadNotes.Describe(result, "saturation", saturation);
        LoadNotes.Describe(result, "constant rate", constant);
        result.Note($"table holds {rows} rows; {acknowledged} inserts acknowledged, {uncertain} requests failed");
        if (lost > 0)
        {
            result.Fail($"{lost} acknowledged inserts are missing from {Schema}.items.");
        }
        else if (rows > acknowledged + uncertain)
        {
            result.Fail($"{Schema}.items holds {rows} rows but only {acknowledged + uncertain} inserts were attempted.");
        }

        return result;
    }
}
