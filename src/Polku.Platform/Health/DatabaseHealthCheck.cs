using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Polku.Platform.Persistence;

namespace Polku.Platform.Health;

/// <summary>
/// Healthy when the database answers and every migration this build knows is applied. A node started against a
/// database that has not been migrated for its version yet (the deploy's <c>migrate</c> step has not run) is not
/// ready; a database migrated further by a newer version is fine.
/// </summary>
internal sealed class DatabaseHealthCheck(PolkuDb db, Migrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        List<string> applied;
        try
        {
            applied = await db.Database.SqlQueryRaw<string>("SELECT id AS \"Value\" FROM schema_migrations").ToListAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Database unreachable", ex);
        }

        var missing = migrator.Discover().Select(m => m.Id).Except(applied, StringComparer.Ordinal).ToList();
        return missing.Count == 0
            ? HealthCheckResult.Healthy($"{applied.Count} migrations applied")
            : HealthCheckResult.Unhealthy($"{missing.Count} migrations not applied (first: {missing[0]}); run `migrate`");
    }
}

/// <summary>Unhealthy once the node has begun shutting down, so the load balancer stops sending it new requests while it drains.</summary>
internal sealed class ShutdownHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("Shutting down")
            : HealthCheckResult.Healthy());
}
