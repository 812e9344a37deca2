using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polku.Platform.Persistence;

namespace Polku.Platform.Health;

/// <summary>Healthy when the database answers a query on the migrated schema.</summary>
internal sealed class DatabaseHealthCheck(PolkuDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var count = await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM schema_migrations").SingleAsync(cancellationToken);
            return count > 0 ? HealthCheckResult.Healthy($"{count} migrations applied") : HealthCheckResult.Unhealthy("No migrations applied");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("Database unreachable", ex);
        }
    }
}
