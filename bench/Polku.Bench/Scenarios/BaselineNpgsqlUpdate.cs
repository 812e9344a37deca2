using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;
using Polku.Bench.Database;
using Polku.Bench.Hosting;
using Polku.Bench.Load;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Polku.Bench.Scenarios;

/// <summary>
/// Baseline: conditional update under contention. Many logical clients book random slots of capacity 1 with
/// <c>UPDATE ... SET booked = booked + 1 WHERE id = @id AND booked &lt; capacity</c>. Over-booked slots or
/// acknowledged bookings missing from the table are correctness failures.
/// </summary>
public sealed class BaselineNpgsqlUpdate : Scenario
{
    private const string Schema = "bench_baseline_update";

    public override string Name => "baseline-npgsql-update";

    public override string Description =>
        "Conditional UPDATE booking under contention (--clients 1000, --rows 100,20000): successful updates/s; over-booking fails the run.";

    public override string? MissingPrerequisite(ScenarioContext context) =>
        context.PostgresConnectionString is null ? PostgresSettings.MissingMessage : null;

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var clients = options.WholeNumber("clients", 1000);
        var warmup = options.Seconds("warmup", 2);
        var duration = options.Seconds("duration", 10);
        var pool = options.WholeNumber("pool", 32);
        var rowCounts = options.WholeNumberList("rows", [100, 20_000]);
        var connectionString = context.PostgresConnectionString!;

        context.Log($"PostgreSQL {PostgresSettings.Describe(connectionString)}, pool {pool}; recreating schema {Schema}");
        await using var dataSource = PostgresSettings.CreateDataSource(connectionString, pool);
        await ExecuteAsync(dataSource, $"DROP SCHEMA IF EXISTS {Schema} CASCADE; CREATE SCHEMA {Schema};", cancellationToken);

        await using var host = await LoopbackHost.StartAsync(
            app => app.MapPost("/book/{id:int}", async (int id, CancellationToken requestAborted) =>
            {
                await using var update = dataSource.CreateCommand(
                    $"UPDATE {Schema}.slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity");
                update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = id });
                var updated = await update.ExecuteNonQueryAsync(requestAborted);
                return updated == 1 ? HttpResults.NoContent() : HttpResults.Conflict();
            }),
            cancellationToken: cancellationToken);
        using var load = new LoadGenerator(host.BaseAddress, maxConnections: clients);

        var result = new ScenarioResult(Name);
        foreach (var rows in rowCounts)
        {
            await RunPhaseAsync(context, dataSource, load, result, rows, clients, warmup, duration, cancellationToken);
        }

        return result;
    }

    private static async Task RunPhaseAsync(
        ScenarioContext context,
        NpgsqlDataSource dataSource,
        LoadGenerator load,
        ScenarioResult result,
        int rows,
        int clients,
        TimeSpan warmup,
        TimeSpan duration,
        CancellationToken cancellationToken)
    {
        await ExecuteAsync(
            dataSource,
            $"DROP TABLE IF EXISTS {Schema}.slots; "
            + $"CREATE TABLE {Schema}.slots (id int PRIMARY KEY, capacity int NOT NULL, booked int NOT NULL DEFAULT 0); "
            + $"INSERT INTO {Schema}.slots (id, capacity) SELECT g, 1 FROM generate_series(1, {rows.ToString(CultureInfo.InvariantCulture)}) AS g;",
            cancellationToken);

        var request = HttpRequests.Post(
            () => "/book/" + (Random.Shared.Next(rows) + 1).ToString(CultureInfo.InvariantCulture),
            () => null);

        if (warmup > TimeSpan.Zero)
        {
            context.Log($"rows {rows}: warm-up {warmup.TotalSeconds} s, then all slots are reset to empty");
            await load.RunSaturationAsync(request, clients, TimeSpan.Zero, warmup, cancellationToken);
            await ExecuteAsync(dataSource, $"UPDATE {Schema}.slots SET booked = 0;", cancellationToken);
        }

        context.Log($"rows {rows}: {clients} clients for {duration.TotalSeconds} s");
        var run = await load.RunSaturationAsync(request, clients, TimeSpan.Zero, duration, cancellationToken);

        long overBooked;
        long booked;
        await using (var check = dataSource.CreateCommand(
            $"SELECT count(*) FILTER (WHERE booked > capacity), COALESCE(sum(booked), 0) FROM {Schema}.slots"))
        await using (var reader = await check.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            overBooked = reader.GetInt64(0);
            booked = reader.GetInt64(1);
        }

        var lost = Math.Max(0, run.TotalSucceeded - booked);
        var figure = "rows=" + rows.ToString(CultureInfo.InvariantCulture);
        result.Add(new Metric("rows", rows, "slots") { Figure = figure });
        result.Add(new Metric("updates_per_s", run.SucceededPerSecond, "updates/s") { Figure = figure });
        result.Add(new Metric("attempts_per_s", run.RequestsPerSecond, "req/s") { Figure = figure });
        result.Add(new Metric("p99_ms", run.Latency.P99Milliseconds, "ms") { Figure = figure });
        result.Add(new Metric("booked", booked, "slots") { Figure = figure });
        result.Add(new Metric("errors", run.Errors, "requests") { Figure = figure });
        result.Add(new Metric("lost", lost, "updates") { Figure = figure });
        result.Add(new Metric("over_booked", overBooked, "slots") { Figure = figure, Target = "0" });
        LoadNotes.Describe(result, figure, run);

        if (overBooked > 0)
        {
            result.Fail($"{figure}: {overBooked} slots are booked beyond their capacity.");
        }

        if (lost > 0)
        {
            result.Fail($"{figure}: {lost} acknowledged bookings are missing from the table.");
        }
        else if (booked > run.TotalSucceeded + run.TotalErrors)
        {
            result.Fail($"{figure}: the table holds {booked} bookings but only {run.TotalSucceeded + run.TotalErrors} could have succeeded.");
        }
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
