using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Polku.Platform.Persistence;

/// <summary>
/// EF Core caches one model per context type. <see cref="PolkuDb"/>'s model depends on which modules are registered,
/// so the cache key includes them; otherwise a process that builds contexts for different module sets (the tests do)
/// would reuse the first model for all.
/// </summary>
internal sealed class ModuleModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        context is PolkuDb db ? (context.GetType(), db.ModelKey, designTime) : (object)(context.GetType(), designTime);
}
