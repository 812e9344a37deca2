using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Modules;

namespace Polku.Platform.Persistence;

/// <summary>
/// Carries the registered modules in the context's options instead of its constructor, so <see cref="PolkuDb"/> has
/// the single-options constructor that context pooling needs (<c>AddDbContextPool</c>): the options, and with them
/// the modules, are built once per process rather than once per request.
/// </summary>
internal sealed class ModuleCatalogExtension(ModuleCatalog catalog) : IDbContextOptionsExtension
{
    private DbContextOptionsExtensionInfo? _info;

    public ModuleCatalog Catalog { get; } = catalog;

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
        // Nothing to add: the modules only shape the model, which ModuleModelCacheKeyFactory keys by them.
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        private new ModuleCatalogExtension Extension => (ModuleCatalogExtension)base.Extension;

        public override bool IsDatabaseProvider => false;

        public override string LogFragment => $"Modules={string.Join(',', Extension.Catalog.Modules.Select(m => m.Name))} ";

        // One internal service provider serves every module set; the model cache key tells their models apart.
        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
            debugInfo["Polku:Modules"] = string.Join(',', Extension.Catalog.Modules.Select(m => m.Name));
    }
}
