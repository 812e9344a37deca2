using Microsoft.EntityFrameworkCore;

namespace Polku.Platform.Outbox;

/// <summary>EF Core mapping of the outbox; must match <c>Data/Migrations/*/0002_outbox.sql</c>.</summary>
public static class OutboxModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("platform_outbox_messages");
            e.HasKey(x => x.Id);
            e.Property(x => x.Channel).HasMaxLength(10);
            e.Property(x => x.Recipient).HasMaxLength(OutboxMessage.RecipientMaxLength);
            e.Property(x => x.Subject).HasMaxLength(OutboxMessage.SubjectMaxLength);
            e.Property(x => x.DedupeKey).HasMaxLength(OutboxMessage.DedupeKeyMaxLength);
            e.Property(x => x.Status).HasMaxLength(10);
            e.Property(x => x.LastError).HasMaxLength(OutboxMessage.LastErrorMaxLength);
            e.Property(x => x.AttachmentName).HasMaxLength(OutboxMessage.AttachmentNameMaxLength);
            e.Property(x => x.AttachmentContentType).HasMaxLength(OutboxMessage.AttachmentContentTypeMaxLength);
            e.HasIndex(x => new { x.DedupeKey, x.Channel, x.Recipient }).IsUnique().HasDatabaseName("ux_platform_outbox_messages_dedupe");
            e.HasIndex(x => new { x.Status, x.NextAttemptUtc }).HasDatabaseName("ix_platform_outbox_messages_due");
            e.HasIndex(x => x.CreatedUtc).HasDatabaseName("ix_platform_outbox_messages_created");
        });
    }
}
