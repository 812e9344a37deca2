using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;

namespace Polku.Platform.Persistence;

/// <summary>
/// Retries a unit of work when SQLite reports "database is locked" or "busy" (codes 5 and 6). The busy
/// timeout covers most contention; this covers the case where SQLite gives up early to avoid a deadlock
/// (a reader upgrading to a writer), which only a retry of the whole transaction resolves.
/// </summary>
public sealed class SqliteRetryStrategy(ExecutionStrategyDependencies dependencies)
    : ExecutionStrategy(dependencies, maxRetryCount: 6, maxRetryDelay: TimeSpan.FromSeconds(2))
{
    protected override bool ShouldRetryOn(Exception exception) => IsLocked(exception);

    public static bool IsLocked(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException { SqliteErrorCode: 5 or 6 })
            {
                return true;
            }
        }

        return false;
    }
}
