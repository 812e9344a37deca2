using Microsoft.EntityFrameworkCore;

namespace Polku.Assessments.Data;

internal static class AssessmentsModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<AssessmentVersionRecord>(e =>
        {
            e.ToTable("assessment_versions");
            e.HasKey(x => new { x.AssessmentId, x.Version });
            e.Property(x => x.AssessmentId).HasMaxLength(80);
            e.Property(x => x.Version).HasMaxLength(40);
            e.Property(x => x.ContentHash).HasMaxLength(64);
        });
        b.Entity<AssessmentResponse>(e =>
        {
            e.ToTable("assessment_responses");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ResidentId, x.CreatedUtc });
            e.Property(x => x.AssessmentId).HasMaxLength(80);
            e.Property(x => x.AssessmentVersion).HasMaxLength(40);
            e.Property(x => x.MunicipalityCode).HasMaxLength(3);
            e.Property(x => x.Language).HasMaxLength(2);
            e.Property(x => x.State).HasMaxLength(20);
            e.Property(x => x.Urgency).HasMaxLength(2);
            e.Property(x => x.ServiceCode).HasMaxLength(60);
            e.Property(x => x.OutcomeId).HasMaxLength(80);
            e.Property(x => x.RoutingRowId).HasMaxLength(80);
            e.Property(x => x.DestinationKind).HasMaxLength(30);
            e.Property(x => x.QueueCode).HasMaxLength(60);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<FormSubmission>(e =>
        {
            e.ToTable("assessment_form_submissions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ResidentId, x.SubmittedUtc });
            e.HasIndex(x => x.TaskId).IsUnique();
            e.HasIndex(x => x.AppointmentId);
            e.Property(x => x.FormId).HasMaxLength(80);
            e.Property(x => x.FormVersion).HasMaxLength(40);
            e.Property(x => x.MunicipalityCode).HasMaxLength(3);
            e.Property(x => x.Language).HasMaxLength(2);
            e.Property(x => x.ServiceCode).HasMaxLength(60);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.QueueCode).HasMaxLength(60);
            e.Property(x => x.Outcome).HasMaxLength(40);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<FormStatusChange>(e =>
        {
            e.ToTable("assessment_form_status_changes");
            e.HasKey(x => x.Id);
            e.HasOne<FormSubmission>().WithMany().HasForeignKey(x => x.SubmissionId);
            e.HasIndex(x => new { x.SubmissionId, x.Step });
            e.Property(x => x.Status).HasMaxLength(20);
        });
        b.Entity<RoutingTableVersion>(e =>
        {
            e.ToTable("assessment_routing_tables");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Number).IsUnique();
            e.Property(x => x.SavedByName).HasMaxLength(200);
            e.Property(x => x.Note).HasMaxLength(1000);
        });
    }
}
