using Microsoft.EntityFrameworkCore;

namespace Polku.Training.Data;

/// <summary>The Training module's part of the one model; the migrations in <c>Migrations/{sqlite,postgres}</c> say the same.</summary>
internal static class TrainingModel
{
    public const int CodeLength = 40;
    public const int NameLength = 200;
    public const int UrlLength = 500;
    public const int PostLength = 4000;

    public static void Configure(ModelBuilder b)
    {
        b.Entity<CertificateKindRow>(e =>
        {
            e.ToTable("training_certificate_kinds");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(CodeLength);
            e.Property(x => x.NameFi).HasMaxLength(NameLength);
            e.Property(x => x.NameSv).HasMaxLength(NameLength);
            e.Property(x => x.NameEn).HasMaxLength(NameLength);
        });
        b.Entity<Programme>(e =>
        {
            e.ToTable("training_programmes");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Code).HasMaxLength(CodeLength);
            e.Property(x => x.NameFi).HasMaxLength(NameLength);
            e.Property(x => x.NameSv).HasMaxLength(NameLength);
            e.Property(x => x.NameEn).HasMaxLength(NameLength);
        });
        b.Entity<ProgrammeAudience>(e =>
        {
            e.ToTable("training_programme_audiences");
            e.HasKey(x => new { x.ProgrammeId, x.Kind, x.Value });
            e.HasIndex(x => new { x.Kind, x.Value });
            e.HasOne<Programme>().WithMany().HasForeignKey(x => x.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.Value).HasMaxLength(100);
        });
        b.Entity<Course>(e =>
        {
            e.ToTable("training_courses");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Code).IsUnique();
            e.HasIndex(x => new { x.ProgrammeId, x.Position });
            e.HasOne<Programme>().WithMany().HasForeignKey(x => x.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<CertificateKindRow>().WithMany().HasForeignKey(x => x.CertificateKind).OnDelete(DeleteBehavior.NoAction);
            e.Property(x => x.Code).HasMaxLength(CodeLength);
            e.Property(x => x.NameFi).HasMaxLength(NameLength);
            e.Property(x => x.NameSv).HasMaxLength(NameLength);
            e.Property(x => x.NameEn).HasMaxLength(NameLength);
            e.Property(x => x.CertificateKind).HasMaxLength(CodeLength);
        });
        b.Entity<CoursePrerequisite>(e =>
        {
            e.ToTable("training_course_prerequisites");
            e.HasKey(x => new { x.CourseId, x.RequiredCourseId });
            e.HasOne<Course>().WithMany().HasForeignKey(x => x.CourseId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Course>().WithMany().HasForeignKey(x => x.RequiredCourseId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<CourseGroup>(e =>
        {
            e.ToTable("training_groups");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Code).IsUnique();
            e.HasIndex(x => new { x.CourseId, x.FirstStartUtc });
            e.HasIndex(x => x.FirstStartUtc);
            e.HasIndex(x => x.TrainerStaffId);
            e.HasOne<Course>().WithMany().HasForeignKey(x => x.CourseId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.Code).HasMaxLength(CodeLength);
            e.Property(x => x.Place).HasMaxLength(NameLength);
            e.Property(x => x.OnlineUrl).HasMaxLength(UrlLength);
        });
        b.Entity<GroupSession>(e =>
        {
            e.ToTable("training_sessions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.GroupId, x.StartUtc });
            e.HasOne<CourseGroup>().WithMany().HasForeignKey(x => x.GroupId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Enrolment>(e =>
        {
            e.ToTable("training_enrolments");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.GroupId, x.Status, x.WaitingNumber });
            e.HasIndex(x => new { x.StaffId, x.ActiveCourseId }).IsUnique();
            e.HasOne<CourseGroup>().WithMany().HasForeignKey(x => x.GroupId).OnDelete(DeleteBehavior.NoAction);
            e.Property(x => x.Status).HasMaxLength(20);
        });
        b.Entity<Attendance>(e =>
        {
            e.ToTable("training_attendance");
            e.HasKey(x => new { x.SessionId, x.EnrolmentId });
            e.HasIndex(x => x.EnrolmentId);
            e.HasOne<GroupSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Enrolment>().WithMany().HasForeignKey(x => x.EnrolmentId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Material>(e =>
        {
            e.ToTable("training_materials");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.TitleFi).HasMaxLength(NameLength);
            e.Property(x => x.TitleSv).HasMaxLength(NameLength);
            e.Property(x => x.TitleEn).HasMaxLength(NameLength);
            e.Property(x => x.Url).HasMaxLength(UrlLength);
        });
        b.Entity<CourseMaterial>(e =>
        {
            e.ToTable("training_course_materials");
            e.HasKey(x => new { x.CourseId, x.MaterialId });
            e.HasIndex(x => x.MaterialId);
            e.HasOne<Course>().WithMany().HasForeignKey(x => x.CourseId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Material>().WithMany().HasForeignKey(x => x.MaterialId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<DiscussionPost>(e =>
        {
            e.ToTable("training_posts");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.CourseId, x.GroupId, x.CreatedUtc });
            e.HasIndex(x => x.GroupId);
            e.HasOne<Course>().WithMany().HasForeignKey(x => x.CourseId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<CourseGroup>().WithMany().HasForeignKey(x => x.GroupId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.AuthorName).HasMaxLength(NameLength);
            e.Property(x => x.Text).HasMaxLength(PostLength);
        });
        b.Entity<Exam>(e =>
        {
            e.ToTable("training_exams");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.CourseId).IsUnique();
            e.HasOne<Course>().WithMany().HasForeignKey(x => x.CourseId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ExamQuestion>(e =>
        {
            e.ToTable("training_exam_questions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ExamId, x.Position });
            e.HasOne<Exam>().WithMany().HasForeignKey(x => x.ExamId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.Correct).HasMaxLength(100);
        });
        b.Entity<ExamAttempt>(e =>
        {
            e.ToTable("training_exam_attempts");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ExamId, x.StaffId, x.Number }).IsUnique();
            e.HasOne<Exam>().WithMany().HasForeignKey(x => x.ExamId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Certificate>(e =>
        {
            e.ToTable("training_certificates");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.VerificationCode).IsUnique();
            e.HasIndex(x => new { x.StaffId, x.Kind, x.IssuedUtc });
            e.HasIndex(x => x.ExpiresUtc);
            e.HasIndex(x => x.Kind);
            e.HasIndex(x => x.CourseId);
            e.HasOne<Course>().WithMany().HasForeignKey(x => x.CourseId).OnDelete(DeleteBehavior.NoAction);
            e.HasOne<CertificateKindRow>().WithMany().HasForeignKey(x => x.Kind).OnDelete(DeleteBehavior.NoAction);
            e.Property(x => x.HolderName).HasMaxLength(NameLength);
            e.Property(x => x.Kind).HasMaxLength(CodeLength);
            e.Property(x => x.VerificationCode).HasMaxLength(20);
        });
        b.Entity<CourseFeedback>(e =>
        {
            e.ToTable("training_feedback");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.CourseId, x.StaffId }).IsUnique();
            e.HasOne<Course>().WithMany().HasForeignKey(x => x.CourseId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.Text).HasMaxLength(PostLength);
        });
        b.Entity<MessageLogEntry>(e =>
        {
            e.ToTable("training_message_log");
            e.HasKey(x => x.MessageKey);
            e.Property(x => x.MessageKey).HasMaxLength(200);
        });
        b.Entity<MessageTextOverride>(e =>
        {
            e.ToTable("training_message_texts");
            e.HasKey(x => new { x.TextKey, x.Language });
            e.Property(x => x.TextKey).HasMaxLength(CodeLength);
            e.Property(x => x.Language).HasMaxLength(2);
            e.Property(x => x.Subject).HasMaxLength(Messages.MessageTexts.MaxSubject);
            e.Property(x => x.Body).HasMaxLength(Messages.MessageTexts.MaxBody);
            e.Property(x => x.UpdatedByName).HasMaxLength(NameLength);
        });
        b.Entity<GroupMessage>(e =>
        {
            e.ToTable("training_group_messages");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.GroupId, x.SentUtc });
            e.HasIndex(x => x.FormKey).IsUnique();
            e.HasOne<CourseGroup>().WithMany().HasForeignKey(x => x.GroupId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.SenderName).HasMaxLength(NameLength);
            e.Property(x => x.Audience).HasMaxLength(20);
            e.Property(x => x.Subject).HasMaxLength(Messages.MessageTexts.MaxSubject);
            e.Property(x => x.Body).HasMaxLength(Messages.MessageTexts.MaxBody);
        });
        b.Entity<TrainingRoom>(e =>
        {
            e.ToTable("training_rooms");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Name).IsUnique();
            e.Property(x => x.Name).HasMaxLength(Coordinator.RoomRegister.MaxName);
            e.Property(x => x.Address).HasMaxLength(Coordinator.RoomRegister.MaxAddress);
            e.Ignore(x => x.Place);
        });
    }
}
