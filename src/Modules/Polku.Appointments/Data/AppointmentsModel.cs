using Microsoft.EntityFrameworkCore;

namespace Polku.Appointments.Data;

internal static class AppointmentsModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Schedule>(e =>
        {
            e.ToTable("appointment_schedules");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.UnitId, x.ServiceCode });
            e.Property(x => x.UnitCode).HasMaxLength(40);
            e.Property(x => x.Resource).HasMaxLength(100);
            e.Property(x => x.ServiceCode).HasMaxLength(60);
            e.Property(x => x.Mode).HasMaxLength(20);
            e.Property(x => x.Pattern).HasMaxLength(1000);
            e.Property(x => x.Exceptions).HasMaxLength(4000);
            e.Property(x => x.ServedMunicipalities).HasMaxLength(200);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<Slot>(e =>
        {
            e.ToTable("appointment_slots");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ScheduleId, x.StartUtc }).IsUnique();
            e.HasIndex(x => new { x.ServiceCode, x.StartUtc });
            e.HasIndex(x => new { x.UnitId, x.StartUtc });
            e.Property(x => x.ServiceCode).HasMaxLength(60);
            e.Property(x => x.Mode).HasMaxLength(20);
            e.Property(x => x.ServedMunicipalities).HasMaxLength(200);
            e.Property(x => x.BlockReason).HasMaxLength(300);
        });
        b.Entity<Appointment>(e =>
        {
            e.ToTable("appointment_bookings");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ResidentId, x.StartUtc });
            e.HasIndex(x => new { x.SlotId, x.Status });
            e.HasIndex(x => new { x.UnitId, x.StartUtc });
            e.HasIndex(x => new { x.Status, x.HoldUntilUtc });
            e.Property(x => x.ServiceCode).HasMaxLength(60);
            e.Property(x => x.Mode).HasMaxLength(20);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.BookedByKind).HasMaxLength(20);
            e.Property(x => x.CancelledByKind).HasMaxLength(20);
            e.Property(x => x.Channel).HasMaxLength(30);
            e.Property(x => x.OverrideReason).HasMaxLength(500);
            e.Property(x => x.CancelReason).HasMaxLength(500);
            e.Property(x => x.Outcome).HasMaxLength(1000);
            e.Property(x => x.VideoRoomId).HasMaxLength(100);
            e.Property(x => x.WaitingNote).HasMaxLength(300);
            e.Property(x => x.Language).HasMaxLength(2);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<AppointmentChange>(e =>
        {
            e.ToTable("appointment_changes");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.AppointmentId, x.AtUtc });
            e.Property(x => x.Kind).HasMaxLength(40);
            e.Property(x => x.ByKind).HasMaxLength(20);
            e.Property(x => x.Detail).HasMaxLength(1000);
        });
        b.Entity<BookingRight>(e =>
        {
            e.ToTable("appointment_booking_rights");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ResidentId, x.UntilUtc });
            e.HasIndex(x => new { x.Source, x.SourceId }).IsUnique();
            e.Property(x => x.ServiceCode).HasMaxLength(60);
            e.Property(x => x.MunicipalityCode).HasMaxLength(3);
            e.Property(x => x.Source).HasMaxLength(20);
            e.Property(x => x.Urgency).HasMaxLength(2);
        });
        b.Entity<WaitlistEntry>(e =>
        {
            e.ToTable("appointment_waitlist");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ScheduleId, x.State, x.CreatedUtc });
            e.HasIndex(x => x.AppointmentId);
            e.Property(x => x.State).HasMaxLength(20);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<CalendarFeed>(e =>
        {
            e.ToTable("appointment_calendar_feeds");
            e.HasKey(x => x.StaffId);
            e.HasIndex(x => x.Token).IsUnique();
            e.Property(x => x.Token).HasMaxLength(64);
        });
    }
}
