using Microsoft.EntityFrameworkCore;

namespace Polku.Appointments.Waitlist;

/// <summary>How an offer ended.</summary>
internal enum WaitlistOfferOutcome
{
    Accepted,
    Declined,
    Expired,
}

/// <summary>
/// Tarjottu aika — one freed slot offered to one waitlist entry: the slot is held for the resident (a held
/// appointment) until <see cref="UntilUtc"/>. An entry is offered the same slot at most once.
/// </summary>
internal sealed class WaitlistOffer
{
    public Guid Id { get; set; }
    public Guid EntryId { get; set; }
    public Guid SlotId { get; set; }

    /// <summary>The held appointment that keeps the slot for the resident while the offer is open.</summary>
    public Guid HoldAppointmentId { get; set; }
    public DateTime OfferedUtc { get; set; }
    public DateTime UntilUtc { get; set; }
    public WaitlistOfferOutcome? Outcome { get; set; }
    public DateTime? DecidedUtc { get; set; }
}

internal static class WaitlistModel
{
    public static void Configure(ModelBuilder b) =>
        b.Entity<WaitlistOffer>(e =>
        {
            e.ToTable("appointment_waitlist_offers");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.EntryId, x.SlotId }).IsUnique();
            e.HasIndex(x => x.HoldAppointmentId);
            e.Property(x => x.Outcome).HasMaxLength(20);
        });
}
