using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Polku.Platform.Audit;
using Polku.Platform.Journal;
using Polku.Platform.Modules;

namespace Polku.Platform.Persistence;

/// <summary>
/// The one EF Core context. Each module contributes its entities through <see cref="IPolkuModule.ConfigureModel"/>
/// and reaches only its own (internal) entity types with <c>Set&lt;T&gt;()</c>; a single context lets a change,
/// its audit rows, its service events and its outbox messages commit in one transaction.
/// </summary>
public sealed class PolkuDb(DbContextOptions<PolkuDb> options) : DbContext(options), IDataProtectionKeyContext
{
    private readonly ModuleCatalog _catalog = options.FindExtension<ModuleCatalogExtension>()?.Catalog
        ?? throw new InvalidOperationException("PolkuDb options need the module catalog: configure them with PolkuPlatform.ConfigureDatabase.");

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ServiceEvent> ServiceEvents => Set<ServiceEvent>();

    /// <summary>The data-protection key ring, shared by every node (see <c>PolkuPlatform.AddPolku</c>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>The registered modules, which decide the model (see <see cref="ModuleModelCacheKeyFactory"/>).</summary>
    internal string ModelKey => string.Join(',', _catalog.Modules.Select(m => m.Name));

    public bool IsPostgres => Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Provider-neutral types (spec 09): enums as strings, every DateTime is UTC.
        configurationBuilder.Properties<Enum>().HaveConversion<string>();
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        PlatformModel.Configure(modelBuilder);
        foreach (var module in _catalog.Modules)
        {
            module.ConfigureModel(modelBuilder);
        }

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is { } table && !entity.IsOwned())
            {
                entity.SetTableName(Naming.ToSnakeCase(table));
            }

            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(Naming.ToSnakeCase(property.Name));
            }
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardAppendOnly();
        GuardText();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardAppendOnly();
        GuardText();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>The audit log and the service-event journal are append-only: the application can never change or delete a row.</summary>
    private void GuardAppendOnly()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is IAppendOnly && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException($"{entry.Entity.GetType().Name} is append-only.");
            }
        }
    }

    /// <summary>
    /// PostgreSQL cannot store a NUL character in text and SQLite would cut the text there; JSON can carry one. Such
    /// input is refused as the caller's error (400) on both engines, before anything is written.
    /// </summary>
    private void GuardText()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is string text && text.Contains('\0', StringComparison.Ordinal))
                {
                    throw new UnstorableTextException(property.Metadata.Name);
                }
            }
        }
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>Text that cannot be stored (a NUL character); answered as 400 <c>request.text_invalid</c>.</summary>
public sealed class UnstorableTextException(string property) : Exception($"The text of {property} contains a NUL character.")
{
    public string Property { get; } = property;
}

/// <summary>Marks entities whose rows may only be inserted.</summary>
public interface IAppendOnly;
