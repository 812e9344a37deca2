using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Polku.Platform.Audit;
using Polku.Platform.Journal;

namespace Polku.Platform.Persistence;

/// <summary>The platform's own tables: audit log, service-event journal, idempotency keys, outbox and data-protection keys.</summary>
internal static class PlatformModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<AuditEntry>(e =>
        {
            e.ToTable("platform_audit_entries");
            e.HasKey(x => x.Id);
            e.Property(x => x.ActorName).HasMaxLength(200);
            e.Property(x => x.ActorRole).HasMaxLength(40);
            e.Property(x => x.Action).HasMaxLength(100);
            e.Property(x => x.Access).HasMaxLength(10);
            e.Property(x => x.Reason).HasMaxLength(1000);
            e.Property(x => x.RemoteAddress).HasMaxLength(64);
            e.Property(x => x.Endpoint).HasMaxLength(300);
            e.HasIndex(x => new { x.SubjectPersonId, x.AtUtc });
        });
        b.Entity<ServiceEvent>(e =>
        {
            e.ToTable("platform_service_events");
            e.HasKey(x => x.Id);
            e.Property(x => x.Type).HasMaxLength(60);
            e.Property(x => x.Channel).HasMaxLength(40);
            e.Property(x => x.ContactKind).HasMaxLength(20);
            e.Property(x => x.MunicipalityCode).HasMaxLength(3);
            e.Property(x => x.ServiceCode).HasMaxLength(60);
            e.Property(x => x.Outcome).HasMaxLength(60);
            e.Property(x => x.ResidentKey).HasMaxLength(64);
            e.Property(x => x.Detail).HasMaxLength(500);
            e.HasIndex(x => x.AtUtc);
        });
        b.Entity<Idempotency.IdempotencyRecord>(e =>
        {
            e.ToTable("platform_idempotency_keys");
            e.HasKey(x => x.Scope);
            e.Property(x => x.Scope).HasMaxLength(160);
            e.Property(x => x.RequestHash).HasMaxLength(64);
            e.Property(x => x.ResourceId).HasMaxLength(64);
            e.HasIndex(x => x.CreatedUtc);
        });
        b.Entity<DataProtectionKey>(e =>
        {
            e.ToTable("platform_data_protection_keys");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
        });
        Outbox.OutboxModel.Configure(b);
    }
}
