using Microsoft.EntityFrameworkCore;

namespace Polku.Appointments.Desk;

/// <summary>
/// Kutsu ajanvaraukseen — a professional's invitation to self-book: the booking right it granted, the desk task
/// "invitation to book" that waits for the resident, and the secure message that carried the link. The task is completed
/// by <see cref="CompleteInvitationTasksJob"/> once the right has been used.
/// </summary>
internal sealed class BookingInvitation
{
    /// <summary>The id of the granted <see cref="Data.BookingRight"/>.</summary>
    public Guid RightId { get; set; }
    public Guid TaskId { get; set; }

    /// <summary>The task the professional invited from.</summary>
    public Guid FromTaskId { get; set; }
    public Guid CaseId { get; set; }
    public Guid ResidentId { get; set; }
    public Guid StaffId { get; set; }
    public Guid? ThreadId { get; set; }
    public DateTime CreatedUtc { get; set; }

    /// <summary>Set when the desk task was completed because the resident booked.</summary>
    public DateTime? TaskCompletedUtc { get; set; }
}

internal static class DeskModel
{
    public static void Configure(ModelBuilder b) =>
        b.Entity<BookingInvitation>(e =>
        {
            e.ToTable("appointment_booking_invitations");
            e.HasKey(x => x.RightId);
            e.HasIndex(x => x.TaskId).IsUnique();
            e.HasIndex(x => x.TaskCompletedUtc);
        });
}
