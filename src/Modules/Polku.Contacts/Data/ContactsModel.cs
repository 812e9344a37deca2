using Microsoft.EntityFrameworkCore;

namespace Polku.Contacts.Data;

internal static class ContactsModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<WorkQueue>(e =>
        {
            e.ToTable("contacts_work_queues");
            e.HasKey(x => x.Id);
            e.Ignore(x => x.Name);
            e.Ignore(x => x.IsOpen);
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Code).HasMaxLength(60);
            e.Property(x => x.NameFi).HasMaxLength(200);
            e.Property(x => x.NameSv).HasMaxLength(200);
            e.Property(x => x.NameEn).HasMaxLength(200);
            e.Property(x => x.MunicipalityCode).HasMaxLength(3);
            e.Property(x => x.ServiceCode).HasMaxLength(60);
            e.Property(x => x.Channel).HasMaxLength(20);
            e.Property(x => x.RequiredCertificate).HasMaxLength(60);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<QueueLapse>(e =>
        {
            e.ToTable("contacts_queue_lapses");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.StaffId, x.LapsedUtc });
            e.HasIndex(x => new { x.QueueId, x.LapsedUtc });
            e.Property(x => x.CertificateKind).HasMaxLength(60);
            e.HasOne<WorkQueue>().WithMany().HasForeignKey(x => x.QueueId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<CertificateWarning>(e =>
        {
            e.ToTable("contacts_certificate_warnings");
            e.HasKey(x => new { x.StaffId, x.CertificateKind, x.ExpiresUtc, x.DaysAhead });
            e.Property(x => x.CertificateKind).HasMaxLength(60);
        });
        b.Entity<QueueMember>(e =>
        {
            e.ToTable("contacts_queue_members");
            e.HasKey(x => new { x.QueueId, x.StaffId });
            e.HasIndex(x => x.StaffId);
            e.HasOne<WorkQueue>().WithMany().HasForeignKey(x => x.QueueId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Case>(e =>
        {
            e.ToTable("contacts_cases");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.ResidentId);
            e.Property(x => x.MunicipalityCode).HasMaxLength(3);
            e.Property(x => x.ServiceCode).HasMaxLength(60);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.State).HasMaxLength(20);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<WorkTask>(e =>
        {
            e.ToTable("contacts_work_tasks");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.QueueId, x.State, x.DueUtc });
            e.HasIndex(x => x.AssigneeId);
            e.HasIndex(x => x.CaseId);
            e.Property(x => x.Type).HasMaxLength(30);
            e.Property(x => x.Urgency).HasMaxLength(2);
            e.Property(x => x.State).HasMaxLength(30);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Outcome).HasMaxLength(60);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<WorkQueue>().WithMany().HasForeignKey(x => x.QueueId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<TaskEvent>(e =>
        {
            e.ToTable("contacts_task_events");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.TaskId, x.AtUtc });
            e.Property(x => x.Action).HasMaxLength(30);
            e.Property(x => x.Note).HasMaxLength(1000);
            e.HasOne<WorkTask>().WithMany().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ReplyTemplate>(e =>
        {
            e.ToTable("contacts_reply_templates");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.UnitId, x.Code }).IsUnique();
            e.Property(x => x.Code).HasMaxLength(60);
            e.Property(x => x.TitleFi).HasMaxLength(200);
            e.Property(x => x.TitleSv).HasMaxLength(200);
            e.Property(x => x.TitleEn).HasMaxLength(200);
            e.Property(x => x.BodyFi).HasMaxLength(4000);
            e.Property(x => x.BodySv).HasMaxLength(4000);
            e.Property(x => x.BodyEn).HasMaxLength(4000);
            e.Property(x => x.InstructionUrl).HasMaxLength(500);
            e.Property(x => x.InstructionTitle).HasMaxLength(200);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<MessageThread>(e =>
        {
            e.ToTable("contacts_message_threads");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.ResidentId);
            e.HasIndex(x => x.CaseId);
            e.Property(x => x.Subject).HasMaxLength(200);
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<WorkQueue>().WithMany().HasForeignKey(x => x.QueueId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Message>(e =>
        {
            e.ToTable("contacts_messages");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ThreadId, x.CreatedUtc });
            e.Property(x => x.SenderKind).HasMaxLength(20);
            e.Property(x => x.SenderName).HasMaxLength(200);
            e.Property(x => x.Body).HasMaxLength(10000);
            e.HasOne<MessageThread>().WithMany().HasForeignKey(x => x.ThreadId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<MessageAttachment>(e =>
        {
            e.ToTable("contacts_message_attachments");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.MessageId);
            e.Property(x => x.FileName).HasMaxLength(200);
            e.Property(x => x.ContentType).HasMaxLength(100);
            e.Property(x => x.StorageKey).HasMaxLength(200);
            e.HasOne<Message>().WithMany().HasForeignKey(x => x.MessageId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<MessageAttachmentBlob>(e =>
        {
            e.ToTable("contacts_message_attachment_blobs");
            e.HasKey(x => x.AttachmentId);
            e.HasOne<MessageAttachment>().WithOne().HasForeignKey<MessageAttachmentBlob>(x => x.AttachmentId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<CallbackRequest>(e =>
        {
            e.ToTable("contacts_callback_requests");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.ResidentId);
            e.Property(x => x.MunicipalityCode).HasMaxLength(3);
            e.Property(x => x.ServiceCode).HasMaxLength(60);
            e.Property(x => x.Phone).HasMaxLength(40);
            e.Property(x => x.Result).HasMaxLength(40);
            e.Property(x => x.ResultNote).HasMaxLength(1000);
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
        });
        Chat.ChatModel.Configure(b);
        Feedback.FeedbackModel.Configure(b);
        FollowUp.FollowUpModel.Configure(b);
    }
}
